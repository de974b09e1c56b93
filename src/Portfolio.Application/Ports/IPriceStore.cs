using Portfolio.Application.Prices;

namespace Portfolio.Application.Ports;

/// <summary>
/// Latest price per symbol (a point read), one daily close per symbol and New York market date, and the intraday history of
/// quotes, kept for a bounded window (<see cref="PruneHistoryAsync"/>).
/// </summary>
public interface IPriceStore
{
    /// <summary>
    /// Stores each quote in history, as the latest when it is newer than the stored latest, and as its market date's close
    /// when it is the last quote of that date in (<see cref="Quote.AsOf"/>, ordinal <see cref="Quote.Source"/>) order
    /// (<see cref="DailyClose.IsReplacedBy"/>): one transaction where the store has them; elsewhere a retried save completes it.
    /// </summary>
    Task SaveAsync(IReadOnlyList<Quote> quotes, CancellationToken ct);

    Task<Quote?> GetLatestAsync(string symbol, CancellationToken ct);

    Task<IReadOnlyDictionary<string, Quote>> GetLatestAsync(IReadOnlyCollection<string> symbols, CancellationToken ct);

    /// <summary>Quotes whose <see cref="Quote.AsOf"/> falls within [from, to), oldest first.</summary>
    Task<IReadOnlyList<Quote>> GetHistoryAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    /// <summary>The history of many symbols over one range (symbols without quotes are absent). One query where the store allows it.</summary>
    async Task<IReadOnlyDictionary<string, IReadOnlyList<Quote>>> GetHistoryAsync(
        IReadOnlyCollection<string> symbols, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var result = new Dictionary<string, IReadOnlyList<Quote>>(StringComparer.Ordinal);
        foreach (var symbol in symbols)
            if (await GetHistoryAsync(symbol, from, to, ct) is { Count: > 0 } history) result[symbol] = history;
        return result;
    }

    /// <summary>
    /// Daily closes with from ≤ date ≤ to, per symbol, oldest first (symbols without any are absent). The default derives
    /// them from the history of quotes; stores keep them apart, written as quotes arrive.
    /// </summary>
    async Task<IReadOnlyDictionary<string, IReadOnlyList<DailyClose>>> GetDailyClosesAsync(
        IReadOnlyCollection<string> symbols, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var fromInstant = new DateTimeOffset(from.AddDays(-1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var toInstant = new DateTimeOffset(to.AddDays(2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var result = new Dictionary<string, IReadOnlyList<DailyClose>>(StringComparer.Ordinal);
        foreach (var (symbol, history) in await GetHistoryAsync(symbols, fromInstant, toInstant, ct))
        {
            var byDate = new SortedDictionary<DateOnly, DailyClose>();
            foreach (var quote in history)
            {
                var date = Common.MarketClock.MarketDate(quote.AsOf);
                if (date >= from && date <= to) byDate[date] = new DailyClose(symbol, date, quote.Price, quote.AsOf, quote.Source);
            }
            if (byDate.Count > 0) result[symbol] = byDate.Values.ToList();
        }
        return result;
    }

    /// <summary>
    /// The store's close version now, and the earliest market date whose daily close changed after
    /// <paramref name="sinceVersion"/> among <paramref name="symbols"/>. Read the version before the closes it guards.
    /// </summary>
    Task<CloseChanges> GetCloseChangesAsync(IReadOnlyCollection<string> symbols, long sinceVersion, CancellationToken ct) =>
        throw new NotSupportedException("this price store does not track daily close changes");

    /// <summary>
    /// Removes intraday quotes (the history <see cref="GetHistoryAsync(string, DateTimeOffset, DateTimeOffset, CancellationToken)"/>
    /// reads) whose <see cref="Quote.AsOf"/> is before <paramref name="before"/>; returns how many. Daily closes and the latest
    /// quote are never removed.
    /// </summary>
    Task<int> PruneHistoryAsync(DateTimeOffset before, CancellationToken ct) =>
        throw new NotSupportedException("this price store does not prune its history");
}
