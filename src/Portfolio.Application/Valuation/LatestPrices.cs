using System.Collections.Concurrent;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;

namespace Portfolio.Application.Valuation;

/// <summary>
/// The latest quote per symbol, cached in memory for 15 seconds while the US market is open and an hour otherwise
/// (prices barely move then). Quotes stored by this process evict their symbols at once. <see cref="Generation"/> grows
/// whenever a cached quote is replaced or evicted, so a view computed from cached quotes can tell in O(1) that none of
/// them changed (<see cref="LatestQuotes"/>).
/// </summary>
public sealed class LatestPrices(IPriceStore store, TimeProvider clock, PricePolicy policy)
{
    private readonly ConcurrentDictionary<string, (Quote? Quote, DateTimeOffset Expires)> cache = new(StringComparer.Ordinal);
    private long generation;

    /// <summary>Grows after any cached quote changes (read it before the quotes it guards).</summary>
    public long Generation => Interlocked.Read(ref generation);

    public async Task<IReadOnlyDictionary<string, Quote>> GetAsync(IReadOnlyCollection<string> symbols, CancellationToken ct) =>
        (await ReadAsync(symbols, ct)).Quotes;

    /// <summary>The quotes of <paramref name="symbols"/>, with how long they stay the answer if the generation does not move.</summary>
    public async Task<LatestQuotes> ReadAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        var before = Generation;
        var now = clock.GetUtcNow();
        var validUntil = DateTimeOffset.MaxValue;
        var result = new Dictionary<string, Quote>(StringComparer.Ordinal);
        var misses = new List<string>();
        foreach (var symbol in symbols)
        {
            if (cache.TryGetValue(symbol, out var entry) && entry.Expires > now)
            {
                if (entry.Quote is not null) result[symbol] = entry.Quote;
                if (entry.Expires < validUntil) validUntil = entry.Expires;
            }
            else misses.Add(symbol);
        }
        if (misses.Count == 0) return new LatestQuotes(result, before, validUntil);

        var loaded = await store.GetLatestAsync(misses, ct);
        var expires = now + policy.CacheLifetime(now);
        if (expires < validUntil) validUntil = expires;
        foreach (var symbol in misses)
        {
            var quote = loaded.GetValueOrDefault(symbol);
            var changed = !cache.TryGetValue(symbol, out var previous) || previous.Quote != quote;
            cache[symbol] = (quote, expires);
            if (changed) Interlocked.Increment(ref generation);
            if (quote is not null) result[symbol] = quote;
        }
        return new LatestQuotes(result, before, validUntil);
    }

    public void Evict(IEnumerable<string> symbols)
    {
        foreach (var symbol in symbols)
            if (cache.TryRemove(symbol, out _)) Interlocked.Increment(ref generation);
    }
}

/// <summary>
/// Latest quotes read at <see cref="Generation"/>: they are still what <see cref="LatestPrices"/> answers while its
/// generation is the same and the time is before <see cref="ValidUntil"/> (when a cached quote is read from the store again).
/// </summary>
public sealed record LatestQuotes(IReadOnlyDictionary<string, Quote> Quotes, long Generation, DateTimeOffset ValidUntil);
