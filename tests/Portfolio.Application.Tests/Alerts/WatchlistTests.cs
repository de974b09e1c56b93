using Portfolio.Application.Common;
using Portfolio.Application.PriceAlerts;
using Portfolio.Application.Watchlists;
using static Portfolio.Application.Tests.Orders.OrderDesk;

namespace Portfolio.Application.Tests.Alerts;

/// <summary>The watchlist: whole-list replace, repeats dropped, If-Match, the size limit, and the symbols the cycle prices.</summary>
public class WatchlistTests
{
    [Fact]
    public async Task A_watchlist_keeps_the_first_place_of_each_symbol_and_writing_the_same_list_changes_nothing()
    {
        await using var app = new Harness();
        var service = app.Get<WatchlistService>();

        var none = await service.GetAsync(app.Alice, default);
        Assert.Equal(([], DateTimeOffset.MinValue, (string?)null), (none.Symbols, none.UpdatedAt, none.ConcurrencyToken));

        var first = await service.PutAsync(app.Alice, ["AAPL", "MSFT", "AAPL", "NVDA"], null, default);
        Assert.Equal(["AAPL", "MSFT", "NVDA"], first.Symbols);
        Assert.Equal(Now, first.UpdatedAt);
        Assert.NotNull(first.ConcurrencyToken);

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var same = await service.PutAsync(app.Alice, ["AAPL", "MSFT", "NVDA"], WatchlistService.VersionOf(first), default);
        Assert.Equal((Now, first.ConcurrencyToken), (same.UpdatedAt, same.ConcurrencyToken));

        var reordered = await service.PutAsync(app.Alice, ["NVDA", "AAPL", "MSFT"], null, default);
        Assert.Equal(["NVDA", "AAPL", "MSFT"], (await service.GetAsync(app.Alice, default)).Symbols);
        Assert.Equal(Now.AddMinutes(5), reordered.UpdatedAt);
        Assert.NotEqual(first.ConcurrencyToken, reordered.ConcurrencyToken);
        Assert.Empty((await service.GetAsync(new Caller("bob"), default)).Symbols);
    }

    [Fact]
    public async Task A_write_under_a_stale_if_match_is_refused_and_changes_nothing()
    {
        await using var app = new Harness();
        var service = app.Get<WatchlistService>();
        var never = await Assert.ThrowsAsync<PreconditionFailedException>(() => service.PutAsync(app.Alice, ["AAPL"], "v0", default));
        Assert.Equal("If-Match", never.Field);

        var first = await service.PutAsync(app.Alice, ["AAPL"], null, default);
        var second = await service.PutAsync(app.Alice, ["MSFT"], WatchlistService.VersionOf(first), default);
        var stale = await Assert.ThrowsAsync<PreconditionFailedException>(() => service.PutAsync(app.Alice, ["TSLA"], WatchlistService.VersionOf(first), default));

        Assert.Equal(("If-Match", "the watchlist was changed since that version was read; read it again"), (stale.Field, stale.Message));
        Assert.Equal(["MSFT"], (await service.GetAsync(app.Alice, default)).Symbols);
        Assert.Equal(second.ConcurrencyToken, (await service.GetAsync(app.Alice, default)).ConcurrencyToken);
    }

    [Fact]
    public async Task A_watchlist_holds_at_most_two_hundred_distinct_symbols()
    {
        await using var app = new Harness();
        var service = app.Get<WatchlistService>();
        var symbols = Enumerable.Range(0, 201).Select(i => $"S{i:D3}").ToList();

        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => service.PutAsync(app.Alice, symbols, null, default));
        Assert.Equal(("symbols", "must hold at most 200 symbols"), (refused.Field, refused.Reason));
        Assert.Equal(200, (await service.PutAsync(app.Alice, [.. symbols.Take(200), "S000"], null, default)).Symbols.Count);
    }

    [Fact]
    public void The_version_shown_is_the_token_without_quotes()
    {
        Assert.Equal("abc", WatchlistService.VersionOf(new Watchlist("u", [], Now, "\"abc\"")));
        Assert.Equal("abc", WatchlistService.VersionOf(new Watchlist("u", [], Now, "abc")));
        Assert.Null(WatchlistService.VersionOf(new Watchlist("u", [], Now)));
    }

    [Fact]
    public async Task The_cycle_prices_every_watched_symbol_and_those_of_live_alerts_once_in_order()
    {
        await using var app = new Harness();
        var bob = new Caller("bob");
        await app.Get<WatchlistService>().PutAsync(app.Alice, ["MSFT", "AAPL"], null, default);
        await app.Get<WatchlistService>().PutAsync(bob, ["AAPL", "TSLA"], null, default);
        var alerts = app.Get<PriceAlertService>();
        await alerts.CreateAsync(app.Alice, new CreatePriceAlertRequest("NVDA", 1, null, null, null, "h"), default);
        await alerts.CreateAsync(bob, new CreatePriceAlertRequest("AAPL", 1, null, null, null, "h"), default);
        var gone = await alerts.CreateAsync(bob, new CreatePriceAlertRequest("IBM", 1, null, null, null, "h"), default);
        await alerts.DeleteAsync(bob, gone.Alert.Id, default);

        Assert.Equal(["AAPL", "MSFT", "NVDA", "TSLA"], await app.Get<UserSymbols>().ListAsync(default));
    }
}
