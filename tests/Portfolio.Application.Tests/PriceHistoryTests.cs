using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.PricesQuery;

namespace Portfolio.Application.Tests;

/// <summary>
/// GET prices history: closes before the intraday window, quotes within it. The harness clock is Monday 3 June 2024,
/// 18:00 UTC; with the default 7 days the oldest quote kept is from Monday 27 May 18:00 UTC (14:00 New York), so 27 May is
/// part-pruned and given by its close, and quotes are served from New York midnight on 28 May (04:00 UTC) on.
/// </summary>
public class PriceHistoryTests
{
    private static readonly DateTimeOffset IntradayFrom = new(2024, 5, 28, 4, 0, 0, TimeSpan.Zero);

    private static Quote Aapl(decimal price, int month, int day, int hour, int minute = 0) =>
        new("AAPL", price, new DateTimeOffset(2024, month, day, hour, minute, 0, TimeSpan.Zero), "feed", QuoteKind.RealTime);

    private static readonly Quote[] Quotes =
    [
        Aapl(100m, 5, 23, 14), Aapl(101m, 5, 23, 20),      // Thursday 23 May: close 101 (16:00 New York)
        Aapl(102m, 5, 24, 20),                              // Friday 24 May
        Aapl(102.5m, 5, 27, 17), Aapl(103m, 5, 27, 19),     // Monday 27 May: 17:00 UTC is before the cutoff, 19:00 after
        Aapl(104m, 5, 28, 14), Aapl(105m, 5, 28, 20),       // Tuesday 28 May: within the window
        Aapl(106m, 6, 3, 17, 50),                           // today
    ];

    private static PricePoint Point(Quote quote, PriceResolution resolution) =>
        new(Common.MarketClock.MarketDate(quote.AsOf), quote.AsOf, quote.Price, quote.Source, resolution);

    [Fact]
    public async Task History_is_one_close_per_market_date_before_the_intraday_window_and_every_quote_within_it()
    {
        await using var app = new Harness();
        await app.Get<IPriceStore>().SaveAsync(Quotes, default);

        // 23 and 24 May, and 27 May before 18:00 UTC.
        Assert.Equal(4, await app.Get<PriceHistoryPruner>().PruneAsync(default));
        var view = await app.Get<PriceQueryService>().GetAsync("AAPL", new DateTimeOffset(2024, 5, 20, 0, 0, 0, TimeSpan.Zero), null, default);

        Assert.Equal(IntradayFrom, view.IntradayFrom);
        Assert.Equal(
            [
                Point(Quotes[1], PriceResolution.Close), Point(Quotes[2], PriceResolution.Close), Point(Quotes[4], PriceResolution.Close),
                Point(Quotes[5], PriceResolution.Intraday), Point(Quotes[6], PriceResolution.Intraday), Point(Quotes[7], PriceResolution.Intraday),
            ],
            view.History);
        Assert.Equal(Quotes[7], view.Latest);
    }

    [Fact]
    public async Task A_range_ending_before_the_window_has_the_closes_whose_time_is_within_it()
    {
        await using var app = new Harness();
        await app.Get<IPriceStore>().SaveAsync(Quotes, default);

        // To midnight UTC on 24 May: 23 May closed at 20:00 UTC that day, 24 May's close (20:00 UTC on the 24th) is after.
        var view = await app.Get<PriceQueryService>().GetAsync("AAPL",
            new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 5, 24, 0, 0, 0, TimeSpan.Zero), default);

        Assert.Equal([Point(Quotes[1], PriceResolution.Close)], view.History);
    }

    [Fact]
    public async Task A_range_within_the_window_is_every_quote_even_before_pruning()
    {
        await using var app = new Harness();
        await app.Get<IPriceStore>().SaveAsync(Quotes, default);

        var view = await app.Get<PriceQueryService>().GetAsync("AAPL", new DateTimeOffset(2024, 5, 28, 15, 0, 0, TimeSpan.Zero), null, default);

        Assert.Equal([Point(Quotes[6], PriceResolution.Intraday), Point(Quotes[7], PriceResolution.Intraday)], view.History);
    }

    [Fact]
    public async Task The_pruner_prunes_at_most_once_per_interval()
    {
        await using var app = new Harness();
        await app.Get<IPriceStore>().SaveAsync(Quotes, default);
        var pruner = app.Get<PriceHistoryPruner>();

        Assert.Equal(4, await pruner.PruneIfDueAsync(default));
        app.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Null(await pruner.PruneIfDueAsync(default));
        // An hour after the first prune the cutoff is 27 May 19:00 UTC: 103 at exactly 19:00 stays (the cutoff is exclusive).
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await pruner.PruneIfDueAsync(default));
        app.Clock.Advance(TimeSpan.FromTicks(1));
        Assert.Null(await pruner.PruneIfDueAsync(default));
        app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await pruner.PruneIfDueAsync(default));
        Assert.Equal(3, (await app.Get<IPriceStore>().GetHistoryAsync("AAPL", DateTimeOffset.UnixEpoch, app.Clock.GetUtcNow(), default)).Count);
    }

    [Theory]
    [InlineData(0, 60, "PriceRetention:IntradayDays must be between 1 and 3660 (was 0)")]
    [InlineData(7, 0, "PriceRetention:PruneEveryMinutes must be between 1 and 1440 (was 0)")]
    public void Retention_settings_out_of_range_are_named(int days, int minutes, string problem)
    {
        var options = new PriceRetentionOptions { IntradayDays = days, PruneEveryMinutes = minutes };

        Assert.Equal([problem], options.Problems());
        Assert.Empty(new PriceRetentionOptions().Problems());
    }
}
