using Microsoft.Extensions.Logging;
using Portfolio.Application.Ports;

namespace Portfolio.Application.Prices;

/// <summary>
/// Removes intraday quotes older than <see cref="PriceRetentionOptions.IntradayDays"/> (closes and latest quotes stay).
/// Register as a singleton: it remembers when it last pruned.
/// </summary>
public sealed class PriceHistoryPruner(IPriceStore store, PriceRetentionOptions options, TimeProvider clock, ILogger<PriceHistoryPruner> logger)
{
    private DateTimeOffset? _lastPruned;

    /// <summary>Quotes before this instant are pruned now.</summary>
    public DateTimeOffset Cutoff => clock.GetUtcNow() - options.IntradayWindow;

    /// <summary>Prunes unless this pruner did less than <see cref="PriceRetentionOptions.PruneEvery"/> ago; null when it did not.</summary>
    public async Task<int?> PruneIfDueAsync(CancellationToken ct)
    {
        if (_lastPruned is { } last && clock.GetUtcNow() - last < options.PruneEvery) return null;
        return await PruneAsync(ct).ConfigureAwait(false);
    }

    public async Task<int> PruneAsync(CancellationToken ct)
    {
        var cutoff = Cutoff;
        var removed = await store.PruneHistoryAsync(cutoff, ct).ConfigureAwait(false);
        _lastPruned = clock.GetUtcNow();
        logger.LogInformation("Price history pruned: {Removed} intraday quotes before {Cutoff:O} removed", removed, cutoff);
        return removed;
    }
}
