using Portfolio.Application.Prices;

namespace Portfolio.Application.Tests;

/// <summary>Cached views skip re-evaluating a fresh quote until <see cref="PriceFreshness.StaysFreshUntil"/>: the bound must never be late.</summary>
public class FreshnessBoundTests
{
    [Fact]
    public void A_real_time_quote_one_minute_old_in_the_session_stays_fresh_for_the_nineteen_minutes_left_of_its_window()
    {
        var now = new DateTimeOffset(2024, 6, 3, 18, 0, 0, TimeSpan.Zero); // Monday 14:00 in New York
        var quote = new Quote("AAPL", 100, now.AddMinutes(-1), "test", QuoteKind.RealTime);

        Assert.Equal(now.AddMinutes(19), PriceFreshness.StaysFreshUntil(quote, now));
    }

    [Theory]
    [InlineData(QuoteKind.RealTime)]
    [InlineData(QuoteKind.EndOfDay)]
    public void No_fresh_quote_turns_stale_before_its_bound(QuoteKind kind)
    {
        var start = new DateTimeOffset(2024, 6, 28, 12, 0, 0, TimeSpan.Zero); // a Friday, before a weekend and the 4 July week
        var checkedBounds = 0;
        for (var step = 0; step < 14 * 24; step++) // every hour for two weeks
        {
            var now = start.AddMinutes(60 * step + 7);
            foreach (var age in new[] { 0, 5, 19, 60, 60 * 24, 60 * 24 * 3 })
            {
                var quote = new Quote("AAPL", 100, now.AddMinutes(-age), "test", kind);
                if (PriceFreshness.IsStale(quote, now)) continue;
                var bound = PriceFreshness.StaysFreshUntil(quote, now);
                Assert.True(bound >= now);
                for (var t = now; t < bound && t < now.AddDays(5); t = t.AddMinutes(3))
                    Assert.False(PriceFreshness.IsStale(quote, t), $"{kind} quote of {quote.AsOf:O} fresh at {now:O}, bound {bound:O}, stale at {t:O}");
                // Just past the bound it may turn stale, or not: the bound is a lower bound, not the exact moment.
                checkedBounds++;
            }
        }
        Assert.True(checkedBounds > 300);
    }
}
