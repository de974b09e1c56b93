using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Common;
using Portfolio.Application.Ports;
using Portfolio.Application.Watchlists;
using Portfolio.Storage.Sqlite;

namespace Portfolio.Application.Tests.Alerts;

/// <summary>A watchlist write that loses the race to another client's write, over the real SQLite store.</summary>
public class WatchlistRaceTests
{
    /// <summary>Before each of our writes, another client writes its own list first (so our conditional write fails).</summary>
    private sealed class ContestedStore(IWatchlistStore inner) : IWatchlistStore
    {
        public int Puts;
        public Task<Watchlist?> GetAsync(string userId, CancellationToken ct) => inner.GetAsync(userId, ct);
        public Task<IReadOnlyCollection<string>> ListWatchedSymbolsAsync(CancellationToken ct) => inner.ListWatchedSymbolsAsync(ct);

        public async Task<bool> TryPutAsync(Watchlist watchlist, CancellationToken ct)
        {
            Puts++;
            var current = await inner.GetAsync(watchlist.UserId, ct);
            Assert.True(await inner.TryPutAsync(new Watchlist(watchlist.UserId, [$"OTHER{Puts}"], watchlist.UpdatedAt, current?.ConcurrencyToken), ct));
            return await inner.TryPutAsync(watchlist, ct);
        }
    }

    private static Harness Contested(out Func<ContestedStore> store)
    {
        ContestedStore? contested = null;
        var app = new Harness(s => s.AddSingleton<IWatchlistStore>(sp => contested = new ContestedStore(ActivatorUtilities.CreateInstance<SqliteWatchlistStore>(sp))));
        store = () => contested!;
        return app;
    }

    [Fact]
    public async Task A_conditional_write_that_loses_the_race_is_a_precondition_failure_not_a_retry()
    {
        await using var app = Contested(out var store);
        var service = app.Get<WatchlistService>();
        await app.Get<IWatchlistStore>().GetAsync("alice", default); // builds the store
        var first = (await service.GetAsync(app.Alice, default));
        Assert.Null(first.ConcurrencyToken);

        var seed = await ActivatorUtilities.CreateInstance<SqliteWatchlistStore>(GetServices(app)).TryPutAsync(new Watchlist("alice", ["AAPL"], OrdersNow, null), default);
        Assert.True(seed);
        var version = WatchlistService.VersionOf((await service.GetAsync(app.Alice, default)));

        var refused = await Assert.ThrowsAsync<PreconditionFailedException>(() => service.PutAsync(app.Alice, ["MSFT"], version, default));
        Assert.Equal(("If-Match", "the watchlist was changed since that version was read; read it again"), (refused.Field, refused.Message));
        Assert.Equal(1, store().Puts);
        Assert.Equal(["OTHER1"], (await service.GetAsync(app.Alice, default)).Symbols);
    }

    [Fact]
    public async Task An_unconditional_write_retries_each_lost_race_and_gives_up_after_twenty()
    {
        await using var app = Contested(out var store);
        var conflict = await Assert.ThrowsAsync<ConflictException>(() => app.Get<WatchlistService>().PutAsync(app.Alice, ["MSFT"], null, default));
        Assert.Equal(("symbols", "the watchlist is being changed by many clients at once; retry"), (conflict.Field, conflict.Message));
        Assert.Equal(20, store().Puts);
        Assert.Equal(["OTHER20"], (await app.Get<WatchlistService>().GetAsync(app.Alice, default)).Symbols);
    }

    private static readonly DateTimeOffset OrdersNow = Orders.OrderDesk.Now;

    private static IServiceProvider GetServices(Harness app) => app.Get<IServiceProvider>();
}
