using Portfolio.Application.Watchlists;

namespace Portfolio.Storage.Contract;

public abstract class WatchlistStoreContract(IStorageFixture fixture)
{
    private readonly CancellationToken _ct = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2024, 6, 3, 14, 0, 0, TimeSpan.Zero);

    [ContractFact]
    public async Task A_watchlist_is_created_once_then_replaced_only_under_its_current_version()
    {
        var user = TestData.NewId("user");
        Assert.Null(await fixture.Watchlists.GetAsync(user, _ct));

        Assert.True(await fixture.Watchlists.TryPutAsync(new Watchlist(user, ["VTI", "BRK.B"], T0), _ct));
        Assert.False(await fixture.Watchlists.TryPutAsync(new Watchlist(user, ["AAPL"], T0), _ct)); // a second create
        var first = (await fixture.Watchlists.GetAsync(user, _ct))!;
        Assert.Equal(["VTI", "BRK.B"], first.Symbols);
        Assert.Equal(T0, first.UpdatedAt);
        Assert.False(string.IsNullOrEmpty(first.ConcurrencyToken));

        Assert.True(await fixture.Watchlists.TryPutAsync(first with { Symbols = ["BND"], UpdatedAt = T0.AddMinutes(1) }, _ct));
        Assert.False(await fixture.Watchlists.TryPutAsync(first with { Symbols = ["GLD"] }, _ct)); // stale version
        var second = (await fixture.Watchlists.GetAsync(user, _ct))!;
        Assert.Equal(["BND"], second.Symbols);
        Assert.NotEqual(first.ConcurrencyToken, second.ConcurrencyToken);
    }

    [ContractFact]
    public async Task Watched_symbols_of_every_user_are_listed_once_each()
    {
        var unique = "W" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await fixture.Watchlists.TryPutAsync(new Watchlist(TestData.NewId("user"), [unique, "VTI"], T0), _ct);
        await fixture.Watchlists.TryPutAsync(new Watchlist(TestData.NewId("user"), ["VTI", unique + "X"], T0), _ct);

        var watched = await fixture.Watchlists.ListWatchedSymbolsAsync(_ct);
        Assert.Equal(1, watched.Count(s => s == unique));
        Assert.Equal(1, watched.Count(s => s == "VTI"));
        Assert.Contains(unique + "X", watched);
    }
}
