namespace Portfolio.Application.Common;

/// <summary>Trade dates are calendar dates in the US market's time zone.</summary>
public static class MarketClock
{
    public static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    public static DateOnly MarketDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, NewYork).DateTime);

    public static DateOnly Today(TimeProvider clock) => MarketDate(clock.GetUtcNow());
}
