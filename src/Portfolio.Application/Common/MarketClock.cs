using Portfolio.Application.Prices;

namespace Portfolio.Application.Common;

/// <summary>Trade dates are calendar dates in the US market's time zone (the exchange calendar's).</summary>
public static class MarketClock
{
    public static DateOnly MarketDate(DateTimeOffset instant) => UsMarketCalendar.Instance.ExchangeDate(instant);

    public static DateOnly Today(TimeProvider clock) => MarketDate(clock.GetUtcNow());

    /// <summary>The instant New York's <paramref name="date"/> begins (midnight, never skipped or repeated by daylight saving time).</summary>
    public static DateTimeOffset DayStart(DateOnly date)
    {
        var midnight = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, UsMarketCalendar.Instance.TimeZone.GetUtcOffset(midnight)).ToUniversalTime();
    }
}
