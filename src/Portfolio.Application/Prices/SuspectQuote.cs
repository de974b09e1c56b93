using System.Collections.Concurrent;
using Portfolio.Application.Ports;

namespace Portfolio.Application.Prices;

/// <summary>
/// A quote held as a suspect jump, and the ingestion that held it: a different source in the same ingestion, or any
/// source in a later one, may confirm it.
/// </summary>
public sealed record SuspectQuote(Quote Quote, string IngestionId);

/// <summary>Held suspects in this process's memory: for a single process without a store (tests, benchmarks).</summary>
public sealed class InMemorySuspectQuoteStore : ISuspectQuoteStore
{
    private readonly ConcurrentDictionary<string, SuspectQuote> _held = new(StringComparer.OrdinalIgnoreCase);

    public Task<IReadOnlyDictionary<string, SuspectQuote>> GetAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        var found = new Dictionary<string, SuspectQuote>(StringComparer.OrdinalIgnoreCase);
        foreach (var symbol in symbols)
            if (_held.TryGetValue(symbol, out var suspect)) found[symbol] = suspect;
        return Task.FromResult<IReadOnlyDictionary<string, SuspectQuote>>(found);
    }

    public Task HoldAsync(IReadOnlyList<SuspectQuote> suspects, CancellationToken ct)
    {
        foreach (var suspect in suspects) _held[suspect.Quote.Symbol] = suspect;
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        foreach (var symbol in symbols) _held.TryRemove(symbol, out _);
        return Task.CompletedTask;
    }
}
