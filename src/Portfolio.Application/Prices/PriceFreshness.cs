namespace Portfolio.Application.Prices;

public enum Freshness { Fresh, Stale }

public sealed record PriceFreshnessOptions
{
    /// <summary>A real-time quote is stale once more than this much regular-session time has passed since it (20 min = two 10-minute cycles).</summary>
    public TimeSpan RealTimeWindow { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>How long after a session close its end-of-day price may take to arrive before the previous close counts as stale.</summary>
    public TimeSpan EndOfDayGrace { get; init; } = TimeSpan.FromHours(8);

    public static PriceFreshnessOptions Default { get; } = new();
}

/// <summary>
/// Market-hours-aware freshness. Real-time quotes age only while the US market is open (a Friday 15:59 trade is still fresh on
/// Sunday, and turns stale 20 minutes into Monday's session). End-of-day quotes are fresh while they are the close of the most
/// recent completed session (allowing <see cref="PriceFreshnessOptions.EndOfDayGrace"/> after a close for the new close to arrive).
/// A quote time after now is treated as fresh (validation rejects future quotes before storage).
/// </summary>
public static class PriceFreshness
{
    public static bool IsStale(Quote quote, DateTimeOffset now) => Evaluate(quote, now) == Freshness.Stale;

    /// <summary>
    /// For a quote fresh at <paramref name="now"/>: an instant before which it certainly stays fresh, so a caller may skip
    /// re-evaluating it until then (staleness only ever turns on as time passes). Real-time quotes age at most as fast as
    /// the clock; an end-of-day quote can only turn stale when the next session close (plus the grace) passes.
    /// </summary>
    public static DateTimeOffset StaysFreshUntil(Quote quote, DateTimeOffset now, PriceFreshnessOptions? options = null, UsMarketCalendar? calendar = null)
    {
        options ??= PriceFreshnessOptions.Default;
        calendar ??= UsMarketCalendar.Instance;
        if (quote.Kind == QuoteKind.RealTime)
        {
            var aged = quote.AsOf >= now ? TimeSpan.Zero : calendar.MarketTimeBetween(quote.AsOf, now);
            return aged >= options.RealTimeWindow ? now : now + (options.RealTimeWindow - aged);
        }
        var shifted = now - options.EndOfDayGrace;
        for (var day = calendar.ExchangeDate(shifted); ; day = day.AddDays(1))
            if (calendar.IsTradingDay(day) && calendar.SessionClose(day) > shifted)
                return calendar.SessionClose(day) + options.EndOfDayGrace;
    }

    public static Freshness Evaluate(Quote quote, DateTimeOffset now, PriceFreshnessOptions? options = null, UsMarketCalendar? calendar = null)
    {
        ArgumentNullException.ThrowIfNull(quote);
        options ??= PriceFreshnessOptions.Default;
        calendar ??= UsMarketCalendar.Instance;
        if (quote.AsOf >= now) return Freshness.Fresh;
        if (quote.Kind == QuoteKind.RealTime)
            return calendar.MarketTimeBetween(quote.AsOf, now) > options.RealTimeWindow ? Freshness.Stale : Freshness.Fresh;

        var expectedSession = calendar.LastCompletedSession(now - options.EndOfDayGrace);
        var quoteDate = calendar.ExchangeDate(quote.AsOf);
        return quoteDate >= expectedSession ? Freshness.Fresh : Freshness.Stale;
    }
}
