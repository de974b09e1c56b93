using Microsoft.Extensions.Logging;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;

namespace Portfolio.Functions.Prices;

/// <summary>
/// Fetches quotes from the configured sources in priority order, falling back to the next source for symbols still
/// missing (the fetch half of <see cref="PriceCycle"/>). It stores nothing: the quotes go to the queue, and the writer
/// (ApplyPriceUpdates) validates and stores them through <see cref="PriceIngestion"/>. Outside the regular session only
/// end-of-day closes are asked for, and symbols whose stored price is already at or after the last close are skipped.
/// </summary>
public sealed class QuoteFetcher(
    IEnumerable<IPriceSource> sources, IPriceStore store, UsMarketCalendar calendar, TimeProvider time, ILogger<QuoteFetcher> logger)
{
    private readonly IReadOnlyList<IPriceSource> _sources = sources.ToList();

    public async Task<IReadOnlyList<Quote>> FetchAsync(IReadOnlyList<string> symbols, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var kind = calendar.IsOpen(now) ? QuoteKind.RealTime : QuoteKind.EndOfDay;
        var pending = symbols.ToList();
        if (kind == QuoteKind.EndOfDay && pending.Count > 0)
        {
            var lastClose = calendar.PreviousClose(now);
            var latest = await store.GetLatestAsync(pending, ct);
            pending.RemoveAll(s => latest.TryGetValue(s, out var q) && q.AsOf >= lastClose);
        }

        var found = new List<Quote>();
        foreach (var source in _sources)
        {
            if (pending.Count == 0) break;
            PriceSourceResult result;
            try
            {
                result = await source.FetchAsync(pending, kind, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Price source {Source} threw; trying the next one", source.Name);
                continue;
            }
            if (result.Failed)
                logger.LogWarning("Price source {Source} failed ({Kind}): {Failure}", source.Name, result.FailureKind, result.Failure);
            var asked = new HashSet<string>(pending, StringComparer.OrdinalIgnoreCase);
            foreach (var quote in result.Quotes)
                if (quote is not null && asked.Remove(quote.Symbol)) found.Add(quote);
            pending = pending.Where(asked.Contains).ToList();
        }
        if (pending.Count > 0)
            logger.LogInformation("No price for {Count} symbols this cycle", pending.Count);
        return found;
    }
}
