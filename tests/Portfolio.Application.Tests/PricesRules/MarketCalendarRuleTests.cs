using Portfolio.Application.Prices;

namespace Portfolio.Application.Tests.PricesRules;

/// <summary>
/// The NYSE calendar by rule: the holidays NYSE published for 2021–2026, Easter by an independent algorithm, the early
/// closes, the session's bounds, and the market time between two instants. Each test builds its own calendar: the shared
/// one caches each year's holidays once per process.
/// </summary>
public class MarketCalendarRuleTests
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);
    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute, int second = 0) => new(year, month, day, hour, minute, second, TimeSpan.Zero);

    public static TheoryData<int, DateOnly[]> PublishedHolidays => new()
    {
        // 2021: New Year's Day a Friday; Independence Day a Sunday (observed Monday 5 July); Christmas a Saturday (observed
        // Friday 24 Dec); no Juneteenth yet (first closed in 2022).
        { 2021, [D(2021, 1, 1), D(2021, 1, 18), D(2021, 2, 15), D(2021, 4, 2), D(2021, 5, 31), D(2021, 7, 5), D(2021, 9, 6), D(2021, 11, 25), D(2021, 12, 24)] },
        // 2022: New Year's Day a Saturday, not observed (31 Dec 2021 traded); Juneteenth a Sunday (observed Monday 20 June);
        // Christmas a Sunday (observed Monday 26 Dec).
        { 2022, [D(2022, 1, 17), D(2022, 2, 21), D(2022, 4, 15), D(2022, 5, 30), D(2022, 6, 20), D(2022, 7, 4), D(2022, 9, 5), D(2022, 11, 24), D(2022, 12, 26)] },
        // 2023: New Year's Day a Sunday, observed Monday 2 Jan.
        { 2023, [D(2023, 1, 2), D(2023, 1, 16), D(2023, 2, 20), D(2023, 4, 7), D(2023, 5, 29), D(2023, 6, 19), D(2023, 7, 4), D(2023, 9, 4), D(2023, 11, 23), D(2023, 12, 25)] },
        { 2024, [D(2024, 1, 1), D(2024, 1, 15), D(2024, 2, 19), D(2024, 3, 29), D(2024, 5, 27), D(2024, 6, 19), D(2024, 7, 4), D(2024, 9, 2), D(2024, 11, 28), D(2024, 12, 25)] },
        { 2025, [D(2025, 1, 1), D(2025, 1, 20), D(2025, 2, 17), D(2025, 4, 18), D(2025, 5, 26), D(2025, 6, 19), D(2025, 7, 4), D(2025, 9, 1), D(2025, 11, 27), D(2025, 12, 25)] },
        // 2026: Independence Day a Saturday, observed Friday 3 July.
        { 2026, [D(2026, 1, 1), D(2026, 1, 19), D(2026, 2, 16), D(2026, 4, 3), D(2026, 5, 25), D(2026, 6, 19), D(2026, 7, 3), D(2026, 9, 7), D(2026, 11, 26), D(2026, 12, 25)] },
    };

    [Theory]
    [MemberData(nameof(PublishedHolidays))]
    public void The_holidays_of_a_year_are_the_ones_NYSE_published(int year, DateOnly[] published)
    {
        var calendar = new UsMarketCalendar();

        Assert.Equal(published, calendar.Holidays(year).Order());
        Assert.All(published, day => Assert.False(calendar.IsTradingDay(day)));
    }

    [Fact]
    public void New_Years_Day_on_a_Saturday_leaves_the_Friday_before_a_trading_day()
    {
        var calendar = new UsMarketCalendar();

        Assert.True(calendar.IsTradingDay(D(2021, 12, 31)));
        Assert.False(calendar.IsHoliday(D(2022, 1, 1)));
        Assert.DoesNotContain(D(2021, 12, 31), calendar.Holidays(2022));
    }

    /// <summary>
    /// Gauss's Easter algorithm with its two exceptions (an independent method: the calendar uses the Meeus/Jones/Butcher one).
    /// Easter is 22 March + d + e, except 19 April instead of 26 April, and 18 April instead of 25 April when d = 28, e = 6 and
    /// (11 M + 11) mod 30 &lt; 19.
    /// </summary>
    private static DateOnly GaussEaster(int year)
    {
        int a = year % 19, b = year % 4, c = year % 7, k = year / 100;
        int p = (13 + 8 * k) / 25, q = k / 4;
        int m = (15 - p + k - q) % 30, n = (4 + k - q) % 7;
        int d = (19 * a + m) % 30, e = (2 * b + 4 * c + 6 * d + n) % 7;
        if (d == 29 && e == 6) return D(year, 4, 19);
        if (d == 28 && e == 6 && (11 * m + 11) % 30 < 19) return D(year, 4, 18);
        return D(year, 3, 22).AddDays(d + e);
    }

    [Theory]
    [InlineData(1818, 3, 22)] // the earliest possible date
    [InlineData(1900, 4, 15)]
    [InlineData(1943, 4, 25)] // the latest possible date
    [InlineData(1954, 4, 18)] // Gauss's second exception
    [InlineData(1981, 4, 19)] // Gauss's first exception
    [InlineData(2000, 4, 23)]
    [InlineData(2008, 3, 23)]
    [InlineData(2019, 4, 21)]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2038, 4, 25)]
    [InlineData(2049, 4, 18)]
    [InlineData(2285, 3, 22)]
    public void Easter_falls_on_the_published_date(int year, int month, int day)
    {
        Assert.Equal(D(year, month, day), UsMarketCalendar.Easter(year));
        Assert.Equal(D(year, month, day), GaussEaster(year));
    }

    [Fact]
    public void Easter_agrees_with_Gauss_algorithm_in_every_year_from_1583_to_4099()
    {
        var differ = Enumerable.Range(1583, 4099 - 1583 + 1).Where(year => UsMarketCalendar.Easter(year) != GaussEaster(year)).ToList();

        Assert.Empty(differ);
    }

    [Fact]
    public void Good_Friday_is_a_holiday_two_days_before_Easter_and_Easter_Tuesday_is_not()
    {
        var calendar = new UsMarketCalendar();

        Assert.True(calendar.IsHoliday(D(2025, 4, 18)));       // Easter 20 April 2025
        Assert.True(calendar.IsTradingDay(D(2025, 4, 22)));
        Assert.True(calendar.IsTradingDay(D(2025, 4, 21)));    // Easter Monday trades in New York
    }

    [Theory]
    [InlineData(2024, 7, 3, true)]    // a Wednesday before Independence Day
    [InlineData(2024, 11, 29, true)]  // the day after Thanksgiving
    [InlineData(2024, 12, 24, true)]  // a Tuesday
    [InlineData(2024, 12, 23, false)] // 23 December
    [InlineData(2024, 6, 24, false)]  // the 24th of another month
    [InlineData(2024, 12, 31, false)] // another December day
    [InlineData(2022, 12, 24, false)] // 24 December on a Saturday: no session at all
    [InlineData(2020, 7, 3, false)]   // 3 July 2020 was the observed Independence Day: no session at all
    public void The_session_closes_early_on_3_July_the_day_after_Thanksgiving_and_24_December_when_they_trade(int year, int month, int day, bool early)
    {
        var calendar = new UsMarketCalendar();

        Assert.Equal(early, calendar.IsEarlyClose(D(year, month, day)));
    }

    [Fact]
    public void An_early_close_is_at_13_00_and_a_regular_one_at_16_00_New_York_time()
    {
        var calendar = new UsMarketCalendar();

        Assert.Equal(Utc(2024, 12, 24, 18, 0), calendar.SessionClose(D(2024, 12, 24))); // 13:00 EST
        Assert.Equal(Utc(2024, 6, 24, 20, 0), calendar.SessionClose(D(2024, 6, 24)));   // 16:00 EDT
    }

    [Fact]
    public void The_session_is_open_from_its_first_instant_to_just_before_its_close()
    {
        var calendar = new UsMarketCalendar();

        // Monday 3 June 2024: 09:30–16:00 EDT = 13:30–20:00 UTC.
        Assert.False(calendar.IsOpen(Utc(2024, 6, 3, 13, 29, 59)));
        Assert.True(calendar.IsOpen(Utc(2024, 6, 3, 13, 30)));
        Assert.True(calendar.IsOpen(Utc(2024, 6, 3, 19, 59, 59)));
        Assert.False(calendar.IsOpen(Utc(2024, 6, 3, 20, 0)));
    }

    [Fact]
    public void The_previous_close_at_the_closing_instant_is_that_close()
    {
        var calendar = new UsMarketCalendar();

        Assert.Equal(Utc(2024, 6, 3, 20, 0), calendar.PreviousClose(Utc(2024, 6, 3, 20, 0)));
        Assert.Equal(Utc(2024, 5, 31, 20, 0), calendar.PreviousClose(Utc(2024, 6, 3, 19, 59, 59))); // Friday's
        Assert.Equal(D(2024, 6, 3), calendar.LastCompletedSession(Utc(2024, 6, 3, 20, 0)));
    }

    [Fact]
    public void The_exchange_clock_is_New_Yorks_with_its_daylight_rules_of_each_year()
    {
        var calendar = new UsMarketCalendar();

        Assert.Equal("America/New_York", calendar.TimeZone.Id);
        // Daylight time began on 2 April in 2006 (first Sunday of April before 2007): on Monday 20 March the session opened at
        // 09:30 EST = 14:30 UTC. From 2007 it begins on the second Sunday of March (11 March 2007): 09:30 EDT = 13:30 UTC.
        Assert.Equal(Utc(2006, 3, 20, 14, 30), calendar.SessionOpen(D(2006, 3, 20)));
        Assert.Equal(Utc(2007, 3, 12, 13, 30), calendar.SessionOpen(D(2007, 3, 12)));
    }

    [Fact]
    public void Market_time_more_than_400_days_back_is_not_counted()
    {
        var calendar = new UsMarketCalendar();
        var to = Utc(2024, 6, 3, 18, 0);

        // 400 days before Monday 3 June 2024 is Sunday 30 April 2023 (366 days back to 3 June 2023, then 34 more): the walk
        // starts there, so any earlier start gives the same total, and anything this old is stale anyway.
        var capped = calendar.MarketTimeBetween(Utc(2023, 4, 30, 4, 0), to); // midnight in New York
        Assert.Equal(capped, calendar.MarketTimeBetween(Utc(2022, 1, 3, 14, 30), to));
        Assert.True(capped > calendar.MarketTimeBetween(Utc(2023, 5, 2, 4, 0), to)); // Monday 1 May 2023 is counted
    }

    [Theory]
    // Monday 3 June 2024 08:00 → 10:00 New York: only 09:30–10:00 counts.
    [InlineData("2024-06-03T12:00:00Z", "2024-06-03T14:00:00Z", 30)]
    // Monday 15:00 → Tuesday 10:00: Monday's last hour and Tuesday's first half hour.
    [InlineData("2024-06-03T19:00:00Z", "2024-06-04T14:00:00Z", 90)]
    // Friday 31 May 15:59 → Monday 3 June 09:31: one minute on Friday, one on Monday, nothing over the weekend.
    [InlineData("2024-05-31T19:59:00Z", "2024-06-03T13:31:00Z", 2)]
    // Wednesday 3 July 12:00 → Friday 5 July 10:00: an hour to the 13:00 early close, Independence Day, half an hour.
    [InlineData("2024-07-03T16:00:00Z", "2024-07-05T14:00:00Z", 90)]
    // Inside one session, and the same instant twice.
    [InlineData("2024-06-03T14:00:00Z", "2024-06-03T14:20:00Z", 20)]
    [InlineData("2024-06-03T14:00:00Z", "2024-06-03T14:00:00Z", 0)]
    public void Market_time_counts_only_regular_session_minutes(string from, string to, int minutes)
    {
        var calendar = new UsMarketCalendar();

        Assert.Equal(TimeSpan.FromMinutes(minutes), calendar.MarketTimeBetween(DateTimeOffset.Parse(from), DateTimeOffset.Parse(to)));
    }
}
