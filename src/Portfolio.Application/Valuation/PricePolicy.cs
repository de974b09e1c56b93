using Portfolio.Application.Prices;

namespace Portfolio.Application.Valuation;

/// <summary>The market-hours rules valuation needs: whether the market is open now, and whether a quote is too old to be current.</summary>
public sealed record PricePolicy(Func<DateTimeOffset, bool> IsMarketOpen, Func<Quote, DateTimeOffset, bool> IsStale)
{
    public static readonly TimeSpan OpenMarketCacheLifetime = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan ClosedMarketCacheLifetime = TimeSpan.FromHours(1);

    public TimeSpan CacheLifetime(DateTimeOffset now) => IsMarketOpen(now) ? OpenMarketCacheLifetime : ClosedMarketCacheLifetime;
}
