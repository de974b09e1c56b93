using Portfolio.Application.Prices;

namespace Portfolio.Application.Tests.PricesRules;

/// <summary>
/// When a quote turns stale: a real-time quote once more than its window (20 minutes) of session time has passed since it,
/// an end-of-day quote once a newer close should have arrived (8 hours' grace after each close). The bound a cache may
/// trust (<see cref="PriceFreshness.StaysFreshUntil"/>) is exact where the rule makes it so.
/// </summary>
public class FreshnessRuleTests
{
    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute, int second = 0) => new(year, month, day, hour, minute, second, TimeSpan.Zero);
    private static Quote RealTime(DateTimeOffset asOf) => new("AAPL", 100m, asOf, "test", QuoteKind.RealTime);
    private static Quote EndOfDay(DateTimeOffset asOf) => new("AAPL", 100m, asOf, "test", QuoteKind.EndOfDay);

    [Fact]
    public void A_real_time_quote_of_Friday_15_59_is_fresh_all_weekend_and_turns_stale_after_20_minutes_of_session_time()
    {
        var calendar = new UsMarketCalendar();
        var quote = RealTime(Utc(2024, 5, 31, 19, 59)); // Friday 15:59 New York

        Assert.Equal(Freshness.Fresh, PriceFreshness.Evaluate(quote, Utc(2024, 6, 2, 16, 0), calendar: calendar)); // Sunday noon
        // Monday 09:49: one minute on Friday and nineteen on Monday, exactly the window: still fresh; a second later stale.
        Assert.Equal(Freshness.Fresh, PriceFreshness.Evaluate(quote, Utc(2024, 6, 3, 13, 49), calendar: calendar));
        Assert.Equal(Freshness.Stale, PriceFreshness.Evaluate(quote, Utc(2024, 6, 3, 13, 49, 1), calendar: calendar));
    }

    [Fact]
    public void A_real_time_quote_two_years_old_is_stale()
    {
        var now = Utc(2024, 6, 3, 18, 0);

        Assert.Equal(Freshness.Stale, PriceFreshness.Evaluate(RealTime(now.AddYears(-2)), now, calendar: new UsMarketCalendar()));
    }

    [Fact]
    public void A_shorter_real_time_window_makes_a_quote_stale_sooner_and_shortens_its_bound()
    {
        var now = Utc(2024, 6, 3, 18, 0); // Monday 14:00 New York, in the session
        var fiveMinutes = new PriceFreshnessOptions { RealTimeWindow = TimeSpan.FromMinutes(5) };

        Assert.Equal(Freshness.Stale, PriceFreshness.Evaluate(RealTime(now.AddMinutes(-6)), now, fiveMinutes));
        Assert.Equal(Freshness.Fresh, PriceFreshness.Evaluate(RealTime(now.AddMinutes(-6)), now)); // the default 20 minutes
        Assert.Equal(now.AddMinutes(4), PriceFreshness.StaysFreshUntil(RealTime(now.AddMinutes(-1)), now, fiveMinutes));
    }

    [Fact]
    public void An_end_of_day_quote_of_Friday_turns_stale_exactly_eight_hours_after_Mondays_close()
    {
        var friday = EndOfDay(Utc(2024, 5, 31, 20, 0));

        // Monday 3 June 16:00 New York = 20:00 UTC; eight hours later is Tuesday 04:00 UTC.
        Assert.Equal(Freshness.Fresh, PriceFreshness.Evaluate(friday, Utc(2024, 6, 4, 3, 59, 59)));
        Assert.Equal(Freshness.Stale, PriceFreshness.Evaluate(friday, Utc(2024, 6, 4, 4, 0)));
        // Monday's own close is fresh then.
        Assert.Equal(Freshness.Fresh, PriceFreshness.Evaluate(EndOfDay(Utc(2024, 6, 3, 20, 0)), Utc(2024, 6, 4, 4, 0)));
    }

    [Fact]
    public void A_shorter_end_of_day_grace_makes_the_previous_close_stale_sooner()
    {
        var friday = EndOfDay(Utc(2024, 5, 31, 20, 0));
        var oneHour = new PriceFreshnessOptions { EndOfDayGrace = TimeSpan.FromHours(1) };

        // Monday 17:00 New York: an hour after Monday's close.
        Assert.Equal(Freshness.Stale, PriceFreshness.Evaluate(friday, Utc(2024, 6, 3, 21, 0), oneHour));
        Assert.Equal(Freshness.Fresh, PriceFreshness.Evaluate(friday, Utc(2024, 6, 3, 21, 0)));
    }

    [Fact]
    public void An_end_of_day_quote_at_the_end_of_its_grace_stays_fresh_until_the_next_close_plus_the_grace()
    {
        var monday = EndOfDay(Utc(2024, 6, 3, 20, 0));
        var now = Utc(2024, 6, 4, 4, 0); // Monday's close + 8 h, exactly

        // Tuesday's close (20:00 UTC) + 8 h.
        Assert.Equal(Utc(2024, 6, 5, 4, 0), PriceFreshness.StaysFreshUntil(monday, now));
    }

    [Fact]
    public void A_null_quote_is_refused_as_an_argument()
    {
        Assert.Equal("quote", Assert.Throws<ArgumentNullException>(() => PriceFreshness.Evaluate(null!, DateTimeOffset.UnixEpoch)).ParamName);
    }
}
