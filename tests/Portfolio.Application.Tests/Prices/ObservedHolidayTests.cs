using Portfolio.Application.Prices;

namespace Portfolio.Application.Tests.Prices;

/// <summary>
/// NYSE rule 7.2: a holiday on a Saturday is observed the Friday before, on a Sunday the Monday after; the next trading
/// day skips both the weekend and the observed holiday.
/// </summary>
public class ObservedHolidayTests
{
    private static readonly UsMarketCalendar Calendar = UsMarketCalendar.Instance;
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Theory]
    [InlineData(2020, 7, 3)]   // Independence Day 2020 fell on a Saturday
    [InlineData(2021, 7, 5)]   // 2021: on a Sunday
    [InlineData(2022, 12, 26)] // Christmas 2022: on a Sunday
    [InlineData(2021, 12, 24)] // Christmas 2021: on a Saturday
    public void A_weekend_holiday_is_observed_on_the_nearest_weekday(int year, int month, int day)
    {
        Assert.True(Calendar.IsHoliday(D(year, month, day)));
        Assert.False(Calendar.IsTradingDay(D(year, month, day)));
    }

    [Fact]
    public void The_weekend_day_itself_is_not_the_holiday_and_a_weekday_holiday_is_not_moved()
    {
        Assert.False(Calendar.IsHoliday(D(2020, 7, 4)));
        Assert.False(Calendar.IsHoliday(D(2021, 7, 4)));
        Assert.True(Calendar.IsHoliday(D(2024, 7, 4)));   // a Thursday
        Assert.True(Calendar.IsTradingDay(D(2024, 7, 5))); // the Friday after stays a trading day
    }

    [Theory]
    [InlineData(2020, 7, 2, 2020, 7, 6)]     // Thursday → Monday: the observed Friday and the weekend skipped
    [InlineData(2022, 12, 23, 2022, 12, 27)] // Friday → Tuesday
    [InlineData(2024, 6, 3, 2024, 6, 4)]     // an ordinary Monday → Tuesday
    [InlineData(2024, 6, 7, 2024, 6, 10)]    // Friday → Monday
    public void The_next_trading_day_skips_weekends_and_observed_holidays(int year, int month, int day, int nextYear, int nextMonth, int nextDay)
    {
        Assert.Equal(D(nextYear, nextMonth, nextDay), Calendar.NextTradingDay(D(year, month, day)));
    }
}
