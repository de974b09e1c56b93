using System.Collections.Concurrent;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;

namespace Portfolio.Application.Valuation;

/// <summary>
/// The latest quote per symbol, cached in memory for 15 seconds while the US market is open and an hour otherwise
/// (prices barely move then). Quotes stored by this process evict their symbols at once.
/// </summary>
public sealed class LatestPrices(IPriceStore store, TimeProvider clock, PricePolicy policy)
{
    private readonly ConcurrentDictionary<string, (Quote? Quote, DateTimeOffset Expires)> cache = new(StringComparer.Ordinal);

    public async Task<IReadOnlyDictionary<string, Quote>> GetAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var result = new Dictionary<string, Quote>(StringComparer.Ordinal);
        var misses = new List<string>();
        foreach (var symbol in symbols)
        {
            if (cache.TryGetValue(symbol, out var entry) && entry.Expires > now)
            {
                if (entry.Quote is not null) result[symbol] = entry.Quote;
            }
            else misses.Add(symbol);
        }
        if (misses.Count == 0) return result;

        var loaded = await store.GetLatestAsync(misses, ct);
        var expires = now + policy.CacheLifetime(now);
        foreach (var symbol in misses)
        {
            var quote = loaded.GetValueOrDefault(symbol);
            cache[symbol] = (quote, expires);
            if (quote is not null) result[symbol] = quote;
        }
        return result;
    }

    public void Evict(IEnumerable<string> symbols)
    {
        foreach (var symbol in symbols) cache.TryRemove(symbol, out _);
    }
}
