using Portfolio.Application.Prices;

namespace Portfolio.Application.Common;

/// <summary>Trade dates are calendar dates in the US market's time zone (the exchange calendar's).</summary>
public static class MarketClock
{
    public static DateOnly MarketDate(DateTimeOffset instant) => UsMarketCalendar.Instance.ExchangeDate(instant);

    public static DateOnly Today(TimeProvider clock) => MarketDate(clock.GetUtcNow());
}
