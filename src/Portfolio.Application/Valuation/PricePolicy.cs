using Portfolio.Application.Prices;

namespace Portfolio.Application.Valuation;

/// <summary>
/// The market-hours rules valuation needs: whether the market is open now, and whether a quote is too old to be current.
/// <paramref name="StaysFreshUntil"/> (optional) bounds how long a quote fresh now stays fresh, so cached views need not
/// re-evaluate every quote on every read; without it, every quote is re-evaluated.
/// </summary>
public sealed record PricePolicy(
    Func<DateTimeOffset, bool> IsMarketOpen, Func<Quote, DateTimeOffset, bool> IsStale, Func<Quote, DateTimeOffset, DateTimeOffset>? StaysFreshUntil = null)
{
    /// <summary>The rules of the US market (the hosts' policy).</summary>
    public static PricePolicy UsMarket { get; } = new(UsMarketCalendar.Instance.IsOpen, PriceFreshness.IsStale, (q, now) => PriceFreshness.StaysFreshUntil(q, now));

    public static readonly TimeSpan OpenMarketCacheLifetime = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan ClosedMarketCacheLifetime = TimeSpan.FromHours(1);

    public TimeSpan CacheLifetime(DateTimeOffset now) => IsMarketOpen(now) ? OpenMarketCacheLifetime : ClosedMarketCacheLifetime;
}
