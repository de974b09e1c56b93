using Portfolio.Application.Common;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.PricesQuery;

namespace Portfolio.Application.Tests.PricesQueryRules;

/// <summary>
/// What GET prices refuses (the field and the reason) and the edges of the history it answers. The harness clock is
/// Monday 3 June 2024, 18:00 UTC; quotes are served one by one from 28 May 04:00 UTC (New York midnight) on, and by
/// their daily close before.
/// </summary>
public class PriceQueryRuleTests
{
    private static DateTimeOffset Utc(int year, int month, int day, int hour = 0) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    private static Quote Aapl(decimal price, DateTimeOffset at) => new("AAPL", price, at, "feed", QuoteKind.RealTime);

    private static async Task<InvalidRequestException> RefusedAsync(Harness app, DateTimeOffset? from, DateTimeOffset? to) =>
        await Assert.ThrowsAsync<InvalidRequestException>(() => app.Get<PriceQueryService>().GetAsync("AAPL", from, to, default));

    [Fact]
    public async Task A_range_of_exactly_1830_days_is_answered_and_one_a_tick_longer_is_refused_naming_from()
    {
        await using var app = new Harness();
        var to = Utc(2024, 6, 1);

        var longest = await app.Get<PriceQueryService>().GetAsync("AAPL", to - TimeSpan.FromDays(1830), to, default);
        var refused = await RefusedAsync(app, to - TimeSpan.FromDays(1830) - TimeSpan.FromTicks(1), to);

        Assert.Empty(longest.History);
        Assert.Equal(("from", "the range may span at most 1830 days"), (refused.Field, refused.Reason));
    }

    [Fact]
    public async Task From_after_to_is_refused_naming_from_and_from_equal_to_to_is_an_empty_history()
    {
        await using var app = new Harness();
        await app.Get<IPriceStore>().SaveAsync([Aapl(101m, Utc(2024, 5, 23, 20))], default);

        var refused = await RefusedAsync(app, Utc(2024, 5, 23, 20).AddTicks(1), Utc(2024, 5, 23, 20));
        var empty = await app.Get<PriceQueryService>().GetAsync("AAPL", Utc(2024, 5, 23, 20), Utc(2024, 5, 23, 20), default);

        Assert.Equal(("from", "must not be after to"), (refused.Field, refused.Reason));
        Assert.Empty(empty.History);
    }

    [Fact]
    public async Task Without_from_the_history_is_the_30_days_before_to()
    {
        await using var app = new Harness();
        // Closes of 19 April, 20:00 UTC (30 days and 4 hours before to) and 21 April: only the second is within the 30 days.
        await app.Get<IPriceStore>().SaveAsync([Aapl(90m, Utc(2024, 4, 19, 20)), Aapl(91m, Utc(2024, 4, 21, 20))], default);

        var view = await app.Get<PriceQueryService>().GetAsync("AAPL", null, Utc(2024, 5, 20), default);

        Assert.Equal([(new DateOnly(2024, 4, 21), 91m, PriceResolution.Close)], view.History.Select(p => (p.Date, p.Price, p.Resolution)));
    }

    [Fact]
    public async Task Instants_before_1900_or_after_9998_are_refused_naming_the_field_and_the_edges_themselves_are_answered()
    {
        await using var app = new Harness();
        var earliest = Utc(1900, 1, 1);
        var latest = Utc(9999, 1, 1);

        var early = await RefusedAsync(app, earliest.AddTicks(-1), earliest.AddDays(30));
        var late = await RefusedAsync(app, latest.AddDays(-30), latest.AddTicks(1));
        var fromEarliest = await app.Get<PriceQueryService>().GetAsync("AAPL", earliest, earliest.AddDays(30), default);
        var toLatest = await app.Get<PriceQueryService>().GetAsync("AAPL", latest.AddDays(-30), latest, default);

        Assert.Equal(("from", "must be 1900-01-01 or later"), (early.Field, early.Reason));
        Assert.Equal(("to", "must be before 9999-01-01"), (late.Field, late.Reason));
        Assert.Empty(fromEarliest.History);
        Assert.Empty(toLatest.History);
    }

    [Fact]
    public async Task A_close_at_exactly_from_is_in_the_history_and_one_at_exactly_to_is_not()
    {
        await using var app = new Harness();
        // Thursday 23 May closes at 20:00 UTC (16:00 New York) at 101, Friday 24 May at 102: both before the intraday window.
        await app.Get<IPriceStore>().SaveAsync([Aapl(100m, Utc(2024, 5, 23, 14)), Aapl(101m, Utc(2024, 5, 23, 20)), Aapl(102m, Utc(2024, 5, 24, 20))], default);

        var view = await app.Get<PriceQueryService>().GetAsync("AAPL", Utc(2024, 5, 23, 20), Utc(2024, 5, 24, 20), default);

        Assert.Equal([(new DateOnly(2024, 5, 23), 101m)], view.History.Select(p => (p.Date, p.Price)));
    }

    [Fact]
    public async Task A_symbol_is_stale_only_when_its_latest_quote_is_and_one_without_quotes_is_not_stale()
    {
        await using var app = new Harness();
        var now = app.Clock.GetUtcNow();
        // During the session a real-time quote older than 20 minutes is stale: 30 minutes old is, 10 minutes old is not.
        await app.Get<IPriceStore>().SaveAsync([Aapl(150m, now.AddMinutes(-30)), new Quote("MSFT", 400m, now.AddMinutes(-10), "feed", QuoteKind.RealTime)], default);
        var service = app.Get<PriceQueryService>();

        var stale = await service.GetAsync("AAPL", null, null, default);
        var fresh = await service.GetAsync("MSFT", null, null, default);
        var none = await service.GetAsync("IBM", null, null, default);

        Assert.Equal((150m, true), (stale.Latest!.Price, stale.Stale));
        Assert.Equal((400m, false), (fresh.Latest!.Price, fresh.Stale));
        Assert.Equal((null, false), (none.Latest, none.Stale));
    }
}
