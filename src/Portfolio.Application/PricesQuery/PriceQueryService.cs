using Portfolio.Application.Common;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.Valuation;
using Portfolio.Domain;

namespace Portfolio.Application.PricesQuery;

/// <summary>Whether a history point is a daily close (older than the intraday window) or one stored quote.</summary>
public enum PriceResolution { Close, Intraday }

/// <summary>One point of a price history: <see cref="Date"/> is its New York market date.</summary>
public sealed record PricePoint(DateOnly Date, DateTimeOffset AsOf, decimal Price, string Source, PriceResolution Resolution);

/// <summary>
/// The latest quote and the history of [from, to): one close per market date for instants before
/// <see cref="IntradayFrom"/>, every stored quote from it on, oldest first.
/// </summary>
public sealed record PriceView(string Symbol, Quote? Latest, bool Stale, DateTimeOffset IntradayFrom, IReadOnlyList<PricePoint> History);

public sealed class PriceQueryService(IPriceStore prices, PricePolicy policy, PriceRetentionOptions retention, TimeProvider clock)
{
    public static readonly TimeSpan DefaultHistory = TimeSpan.FromDays(30);
    public static readonly TimeSpan MaxHistory = TimeSpan.FromDays(366 * 5);

    public async Task<PriceView> GetAsync(string symbol, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        CheckWithinCalendar(from, "from");
        CheckWithinCalendar(to, "to");
        var now = clock.GetUtcNow();
        var end = to ?? now;
        var start = from ?? end - DefaultHistory;
        if (start > end) throw new InvalidRequestException("from", "must not be after to");
        if (end - start > MaxHistory) throw new InvalidRequestException("from", $"the range may span at most {MaxHistory.Days} days");

        var intradayFrom = IntradayFrom(now);
        var latest = await prices.GetLatestAsync(symbol, ct);
        var history = new List<PricePoint>();
        if (start < intradayFrom)
        {
            var closesEnd = end < intradayFrom ? end : intradayFrom;
            var closes = await prices.GetDailyClosesAsync([symbol], MarketClock.MarketDate(start), MarketClock.MarketDate(closesEnd), ct);
            history.AddRange(closes.GetValueOrDefault(symbol, [])
                .Where(c => c.AsOf >= start && c.AsOf < closesEnd)
                .Select(c => new PricePoint(c.Date, c.AsOf, c.Price, c.Source, PriceResolution.Close)));
        }
        if (end > intradayFrom)
        {
            var quotes = await prices.GetHistoryAsync(symbol, start > intradayFrom ? start : intradayFrom, end, ct);
            history.AddRange(quotes.Select(q => new PricePoint(MarketClock.MarketDate(q.AsOf), q.AsOf, q.Price, q.Source, PriceResolution.Intraday)));
        }
        return new PriceView(symbol, latest, latest is not null && policy.IsStale(latest, now), intradayFrom, history);
    }

    /// <summary>The history's window steps back from <c>to</c> and forward by a day: both stay well inside the calendar.</summary>
    private static void CheckWithinCalendar(DateTimeOffset? instant, string field)
    {
        if (instant is not { } value) return;
        if (value < Earliest) throw new InvalidRequestException(field, $"must be {SupportedRanges.EarliestDate:yyyy-MM-dd} or later");
        if (value > Latest) throw new InvalidRequestException(field, $"must be before {Latest:yyyy-MM-dd}");
    }

    private static readonly DateTimeOffset Earliest = new(SupportedRanges.EarliestDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    private static readonly DateTimeOffset Latest = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// New York midnight after the oldest instant kept: the market date the window starts in is part-pruned, so it is given
    /// by its close, and every whole day after it by its quotes.
    /// </summary>
    private DateTimeOffset IntradayFrom(DateTimeOffset now) =>
        MarketClock.DayStart(MarketClock.MarketDate(now - retention.IntradayWindow).AddDays(1));
}
