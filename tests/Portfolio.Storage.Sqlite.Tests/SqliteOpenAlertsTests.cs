using Portfolio.Application.Alerts;
using Portfolio.Domain.Rebalancing;

namespace Portfolio.Storage.Sqlite.Tests;

/// <summary>
/// What the contract cannot see of the open-alerts table: its opening instants are integers of UTC ticks (converted to
/// and from the history's text in SQL), and the relay lists outboxes oldest opening first across both tables.
/// </summary>
public sealed class SqliteOpenAlertsTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static DriftAlert Alert(string account, string symbol, DateTimeOffset openedAt) =>
        new(account, symbol, openedAt, 12.5m, 10m, 2.5m, TradeAction.Sell, 1m, OwnerId: "owner-ticks");

    [Theory]
    [InlineData("0001-01-01T00:00:00.0000000+00:00")]
    [InlineData("1969-12-31T23:59:59.9999999+00:00")] // before the Unix epoch: negative seconds, positive ticks
    [InlineData("2026-12-02T16:30:00.1234567+00:00")]
    [InlineData("2026-12-02T11:30:00.1234567-05:00")] // the same instant as above, kept as UTC
    [InlineData("9999-12-31T23:59:59.9999999+00:00")]
    public async Task An_opening_instant_comes_back_to_the_tick_open_resolved_and_relayed(string instant)
    {
        var openedAt = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
        var store = fixture.Alerts;
        var account = $"acc_{Guid.NewGuid():N}";
        await store.ApplyAsync([Alert(account, "VTI", openedAt), Alert(account, "BND", openedAt)], [], openedAt, Ct);

        var open = Assert.Single(await store.ListAsync(account, false, Ct), a => a.Symbol == "VTI");
        Assert.Equal((openedAt.UtcTicks, TimeSpan.Zero), (open.OpenedAt.UtcTicks, open.OpenedAt.Offset));
        var relayed = (await store.ListWithOutboxAsync(1_000_000, Ct)).Single(a => a.AccountId == account && a.Symbol == "BND");
        Assert.Equal(openedAt.UtcTicks, relayed.OpenedAt.UtcTicks);
        // The clear finds the open row by its ticks.
        Assert.True(await store.TryClearOutboxAsync(relayed, Ct));

        await store.ApplyAsync([], [(account, "VTI"), (account, "BND")], openedAt, Ct);
        var resolved = await store.ListAsync(account, includeResolved: true, Ct);
        Assert.Equal([openedAt.UtcTicks, openedAt.UtcTicks], resolved.Select(a => a.OpenedAt.UtcTicks));
        Assert.All(resolved, a => Assert.Equal(openedAt.UtcTicks, a.ResolvedAt!.Value.UtcTicks));
        var history = (await store.ListWithOutboxAsync(1_000_000, Ct)).Where(a => a.AccountId == account).ToList();
        Assert.Equal([$"BND:{DriftAlertEvents.Resolved}", $"VTI:{DriftAlertEvents.Opened},{DriftAlertEvents.Resolved}"],
            history.Select(a => $"{a.Symbol}:{string.Join(",", a.Outbox!)}"));
        Assert.Equal(2, await store.TryClearOutboxesAsync(history, Ct));
    }

    [Fact]
    public async Task The_relay_lists_the_oldest_openings_first_across_open_and_resolved_alerts_up_to_its_limit()
    {
        var path = Path.Combine(Path.GetTempPath(), $"portfolio-relay-order-{Guid.NewGuid():N}.db");
        var database = new SqliteDatabase(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = path }.ToString());
        try
        {
            await new SqliteSchema(database).EnsureCreatedAsync(Ct);
            var store = new SqliteAlertStore(database);
            var t0 = new DateTimeOffset(2026, 12, 2, 14, 0, 0, TimeSpan.Zero);
            // Written newest first: the listing must not follow the insertion order.
            await store.ApplyAsync([Alert("acc_b", "GLD", t0.AddHours(2))], [], t0, Ct);
            await store.ApplyAsync([Alert("acc_b", "BND", t0.AddHours(1)), Alert("acc_b", "VTI", t0.AddHours(1))], [], t0, Ct);
            await store.ApplyAsync([Alert("acc_a", "VTI", t0.AddHours(1)), Alert("acc_c", "AAA", t0)], [], t0, Ct);
            await store.ApplyAsync([], [("acc_b", "BND")], t0.AddHours(3), Ct);

            var all = await store.ListWithOutboxAsync(10, Ct);
            var firstThree = await store.ListWithOutboxAsync(3, Ct);

            Assert.Equal(["acc_c/AAA", "acc_a/VTI", "acc_b/BND", "acc_b/VTI", "acc_b/GLD"], all.Select(a => $"{a.AccountId}/{a.Symbol}"));
            Assert.Equal([true, true, false, true, true], all.Select(a => a.IsOpen));
            Assert.Equal(all.Take(3).Select(a => $"{a.AccountId}/{a.Symbol}"), firstThree.Select(a => $"{a.AccountId}/{a.Symbol}"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        }
    }

    [Fact]
    public async Task Neighbours_in_a_lot_that_differ_in_one_value_each_keep_their_own()
    {
        // The insert binds again only what changed from the previous alert: every kind of change, one at a time.
        var (x, y) = ($"acc_{Guid.NewGuid():N}", $"acc_{Guid.NewGuid():N}");
        var t0 = new DateTimeOffset(2026, 12, 2, 14, 0, 0, TimeSpan.Zero);
        DriftAlert[] lot =
        [
            new(x, "AAA", t0, 12.5m, 10m, 2.5m, TradeAction.Sell, 1m, OwnerId: "o1"),
            new(x, "BBB", t0, 12.5m, 10.0m, 2.5m, TradeAction.Buy, null, OwnerId: "o1"),      // target of another scale, action, no quantity
            new(x, "CCC", t0.AddTicks(1), 7.5m, 10.0m, 2.5m, TradeAction.Buy, 2m),            // opening, owner gone
            new(y, "AAA", t0.AddTicks(1), 7.5m, 10.0m, 2.5m, TradeAction.Buy, 2m),            // account
            new(y, "BBB", t0.AddTicks(1), 7.5m, 10.0m, 2.5m, TradeAction.Buy, 2m, OwnerId: "o2"), // owner back
        ];
        var store = fixture.Alerts;

        Assert.Equal((5, 0), await store.ApplyAsync(lot, [], t0, Ct));

        var listed = (await store.ListAsync(x, false, Ct)).Concat(await store.ListAsync(y, false, Ct)).OrderBy(a => a.AccountId == y).ThenBy(a => a.Symbol).ToList();
        Assert.Equal(lot.Select(a => a with { OwnerId = null }), listed);
        Assert.Equal(["10", "10.0", "10.0", "10.0", "10.0"], listed.Select(a => a.TargetPercent.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var outboxes = (await store.ListWithOutboxAsync(1_000_000, Ct)).Where(a => a.AccountId == x || a.AccountId == y);
        Assert.Equal([$"{x}/AAA/o1", $"{x}/BBB/o1", $"{y}/BBB/o2"], outboxes.Select(a => $"{a.AccountId}/{a.Symbol}/{a.OwnerId}").Order(StringComparer.Ordinal).ToList()
            .OrderBy(s => s.StartsWith(y, StringComparison.Ordinal)));
    }
}
