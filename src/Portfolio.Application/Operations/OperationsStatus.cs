using Portfolio.Application.Prices;
using Portfolio.Application.Revaluation;
using Portfolio.Application.Valuation;

namespace Portfolio.Application.Operations;

/// <summary>
/// What the background work last did, for the health check: the last price cycle (and the latest quotes of the symbols
/// it asked for, so staleness is judged at the time of asking) and the last revaluation. A host's workers record into
/// the one registered instance; a success clears an earlier failure.
/// </summary>
public sealed class OperationsStatus
{
    private volatile PriceCycleOutcome? _priceCycle;
    private volatile RevaluationOutcome? _revaluation;

    /// <summary>The last price cycle: when it ended, why it failed (null when it did not), and the latest quote of each symbol it asked for (null when none is stored).</summary>
    public sealed record PriceCycleOutcome(DateTimeOffset At, string? Failure, IReadOnlyDictionary<string, Quote?> Latest);

    public sealed record RevaluationOutcome(DateTimeOffset At, string? Failure);

    public PriceCycleOutcome? LastPriceCycle => _priceCycle;

    public RevaluationOutcome? LastRevaluation => _revaluation;

    /// <summary>
    /// A cycle that ran. It failed when it called providers and every call failed (or was skipped by an open breaker):
    /// nothing new can have arrived.
    /// </summary>
    public void PriceCycleRan(DateTimeOffset at, PriceCycleReport report, IReadOnlyCollection<string> symbols, IReadOnlyDictionary<string, Quote> latest)
    {
        var failed = report.Providers.Count > 0 && report.Providers.All(p => p.Status is ProviderStatus.Failed or ProviderStatus.SkippedCircuitOpen);
        var failure = failed
            ? "every price provider failed: " + string.Join("; ", report.Providers.Select(p => $"{p.Provider} ({p.Failure ?? p.Status.ToString()})"))
            : null;
        _priceCycle = new PriceCycleOutcome(at, failure, symbols.ToDictionary(s => s, s => latest.GetValueOrDefault(s), StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>A cycle that threw; the quotes known from the cycle before are kept, so they go on ageing.</summary>
    public void PriceCycleThrew(DateTimeOffset at, Exception error) =>
        _priceCycle = new PriceCycleOutcome(at, $"the price cycle threw {error.GetType().Name}: {error.Message}", _priceCycle?.Latest ?? new Dictionary<string, Quote?>());

    public void RevaluationRan(DateTimeOffset at, RevaluationSummary summary) =>
        _revaluation = new RevaluationOutcome(at, summary.Failures > 0 ? $"the last revaluation could not value {summary.Failures} account(s)" : null);

    public void RevaluationThrew(DateTimeOffset at, Exception error) =>
        _revaluation = new RevaluationOutcome(at, $"the last revaluation threw {error.GetType().Name}: {error.Message}");

    /// <summary>Symbols of the last cycle whose latest price is stale (or missing) at <paramref name="now"/>, in order.</summary>
    public IReadOnlyList<string> StaleSymbols(DateTimeOffset now, PricePolicy policy) =>
        _priceCycle is not { } cycle ? [] : StaleAmong(cycle.Latest, now, policy);

    public static IReadOnlyList<string> StaleAmong(IReadOnlyDictionary<string, Quote?> latest, DateTimeOffset now, PricePolicy policy) =>
        latest.Where(p => p.Value is null || policy.IsStale(p.Value, now)).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();

    /// <summary>Why the host is degraded at <paramref name="now"/>: empty when it is healthy.</summary>
    public IReadOnlyList<string> Problems(DateTimeOffset now, PricePolicy policy)
    {
        var reasons = new List<string>();
        if (_priceCycle?.Failure is { } cycleFailure) reasons.Add($"last price cycle at {_priceCycle.At.UtcDateTime:O} failed: {cycleFailure}");
        if (_revaluation?.Failure is { } revaluationFailure) reasons.Add($"last revaluation at {_revaluation.At.UtcDateTime:O} failed: {revaluationFailure}");
        if (policy.IsMarketOpen(now) && StaleSymbols(now, policy) is { Count: > 0 } stale)
            reasons.Add($"prices are stale during market hours: {stale.Count} of {_priceCycle!.Latest.Count} symbols ({string.Join(", ", stale.Take(10))}{(stale.Count > 10 ? ", …" : "")})");
        return reasons;
    }
}
