using Portfolio.Application.Prices;

namespace Portfolio.Pricing.Tests;

public class UsMarketCalendarTests
{
    private static readonly UsMarketCalendar Calendar = UsMarketCalendar.Instance;

    [Theory]
    [InlineData("2025-01-01")] // New Year
    [InlineData("2025-01-20")] // MLK, third Monday of January
    [InlineData("2025-02-17")] // Presidents, third Monday of February
    [InlineData("2025-04-18")] // Good Friday
    [InlineData("2025-05-26")] // Memorial, last Monday of May
    [InlineData("2025-06-19")] // Juneteenth
    [InlineData("2025-07-04")] // Independence
    [InlineData("2025-09-01")] // Labor
    [InlineData("2025-11-27")] // Thanksgiving
    [InlineData("2025-12-25")] // Christmas
    [InlineData("2021-12-24")] // Christmas on Saturday observed Friday
    [InlineData("2022-12-26")] // Christmas on Sunday observed Monday
    [InlineData("2023-01-02")] // New Year on Sunday observed Monday
    [InlineData("2027-06-18")] // Juneteenth on Saturday observed Friday
    [InlineData("2026-07-03")] // Independence on Saturday observed Friday
    [InlineData("2024-03-29")] // Good Friday 2024
    [InlineData("2026-04-03")] // Good Friday 2026
    public void Exchange_holidays_by_rule_are_not_trading_days(string date)
    {
        var d = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Calendar.IsHoliday(d));
        Assert.False(Calendar.IsTradingDay(d));
    }

    [Theory]
    [InlineData("2021-12-31")] // New Year 2022 fell on Saturday: NYSE does not observe it on the Friday
    [InlineData("2021-06-18")] // Juneteenth was not an exchange holiday before 2022
    [InlineData("2025-11-28")] // day after Thanksgiving: early close, but open
    [InlineData("2025-01-02")]
    public void Ordinary_weekdays_are_trading_days(string date)
        => Assert.True(Calendar.IsTradingDay(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(2000, 4, 23)]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2038, 4, 25)]
    public void Easter_computus_matches_known_dates(int year, int month, int day)
        => Assert.Equal(new DateOnly(year, month, day), UsMarketCalendar.Easter(year));

    [Theory]
    [InlineData("2025-03-10T13:30:00Z", true)]  // 09:30 EDT, first Monday after the DST change
    [InlineData("2025-03-10T13:29:59Z", false)]
    [InlineData("2025-03-10T19:59:59Z", true)]
    [InlineData("2025-03-10T20:00:00Z", false)] // 16:00 EDT: closed
    [InlineData("2025-01-06T14:30:00Z", true)]  // 09:30 EST
    [InlineData("2025-01-06T14:29:00Z", false)]
    [InlineData("2025-01-04T15:00:00Z", false)] // Saturday
    [InlineData("2025-07-04T15:00:00Z", false)] // holiday
    [InlineData("2025-11-28T17:59:00Z", true)]  // early close day, 12:59 EST
    [InlineData("2025-11-28T18:00:00Z", false)] // 13:00 EST early close
    public void IsOpen_follows_regular_hours_in_New_York(string instant, bool open)
        => Assert.Equal(open, Calendar.IsOpen(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void PreviousClose_before_Monday_open_is_Friday_16_00_New_York()
        => Assert.Equal(DateTimeOffset.Parse("2025-01-03T21:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            Calendar.PreviousClose(DateTimeOffset.Parse("2025-01-06T13:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void PreviousClose_after_the_bell_is_the_same_day_close()
        => Assert.Equal(DateTimeOffset.Parse("2025-01-06T21:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            Calendar.PreviousClose(DateTimeOffset.Parse("2025-01-06T23:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void MarketTimeBetween_counts_only_regular_session_time()
        => Assert.Equal(TimeSpan.FromMinutes(31), Calendar.MarketTimeBetween(
            DateTimeOffset.Parse("2025-01-03T20:59:00Z", System.Globalization.CultureInfo.InvariantCulture),   // Fri 15:59
            DateTimeOffset.Parse("2025-01-06T15:00:00Z", System.Globalization.CultureInfo.InvariantCulture))); // Mon 10:00
}

public class PriceFreshnessTests
{
    private static DateTimeOffset T(string s) => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static readonly Quote FridayLastTrade = new("AAPL", 243.36m, T("2025-01-03T20:59:00Z"), "Polygon", QuoteKind.RealTime);
    private static readonly Quote FridayClose = new("AAPL", 243.36m, T("2025-01-03T21:00:00Z"), "Stooq", QuoteKind.EndOfDay);

    [Fact]
    public void Real_time_quote_from_Friday_15_59_is_fresh_over_the_weekend()
        => Assert.False(PriceFreshness.IsStale(FridayLastTrade, T("2025-01-05T18:00:00Z")));

    [Fact]
    public void Real_time_quote_is_fresh_16_market_minutes_later()
        => Assert.False(PriceFreshness.IsStale(FridayLastTrade, T("2025-01-06T14:45:00Z"))); // Mon 09:45: 1 + 15 minutes

    [Fact]
    public void Real_time_quote_is_stale_after_20_market_minutes()
        => Assert.True(PriceFreshness.IsStale(FridayLastTrade, T("2025-01-06T15:00:00Z"))); // Mon 10:00: 31 minutes

    [Fact]
    public void Real_time_quote_during_the_session_turns_stale_after_20_minutes()
    {
        var q = new Quote("MSFT", 420m, T("2025-01-07T15:00:00Z"), "Finnhub", QuoteKind.RealTime);
        Assert.Equal(Freshness.Fresh, PriceFreshness.Evaluate(q, T("2025-01-07T15:20:00Z")));
        Assert.Equal(Freshness.Stale, PriceFreshness.Evaluate(q, T("2025-01-07T15:21:00Z")));
    }

    [Fact]
    public void End_of_day_close_stays_fresh_through_the_next_session_and_its_publication_grace()
    {
        Assert.False(PriceFreshness.IsStale(FridayClose, T("2025-01-06T17:00:00Z"))); // Mon 12:00 ET
        Assert.False(PriceFreshness.IsStale(FridayClose, T("2025-01-07T04:00:00Z"))); // Mon 23:00 ET, Monday's close may still be arriving
        Assert.True(PriceFreshness.IsStale(FridayClose, T("2025-01-07T07:00:00Z")));  // Tue 02:00 ET: Monday's close is due
    }

    [Fact]
    public void A_week_old_close_is_stale()
        => Assert.True(PriceFreshness.IsStale(FridayClose, T("2025-01-10T17:00:00Z")));
}
