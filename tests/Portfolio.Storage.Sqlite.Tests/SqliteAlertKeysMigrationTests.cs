using System.Globalization;
using Microsoft.Data.Sqlite;
using Portfolio.Application.Alerts;
using Portfolio.Domain.Rebalancing;

namespace Portfolio.Storage.Sqlite.Tests;

/// <summary>
/// Fixtures/portfolio-main-v4-alerts.db was written by main at aff3663 (schema version 4, Fixtures/README.md): after the
/// in-place rebuild of the alerts table (version 5) the same alerts come back, the relay sees the same outboxes in the
/// same order, and the one-open-alert rule still holds.
/// </summary>
public sealed class SqliteAlertKeysMigrationTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2024, 6, 3, 14, 0, 0, TimeSpan.Zero);
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"portfolio-alert-keys-{Guid.NewGuid():N}.db");
    private SqliteDatabase _database = null!;

    public Task InitializeAsync()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "portfolio-main-v4-alerts.db"), _path);
        _database = new SqliteDatabase(new SqliteConnectionStringBuilder { DataSource = _path }.ToString());
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
        return Task.CompletedTask;
    }

    // What the generator wrote and main listed, newest first (opened_at, then id, descending).
    private static readonly DriftAlert[] AccountA =
    [
        new("acc_a", "VTI", T0.AddHours(2), 70.5m, 60m, 10.5m, TradeAction.Sell, 7m),
        new("acc_a", "GLD", T0, 0.000001m, 12345678901234.567891m, 12345678901234.567890m, TradeAction.None, null),
        new("acc_a", "BND", T0, 12.5m, 20m, 7.5m, TradeAction.Buy, 0.000001m),
        new("acc_a", "VTI", T0, 67.741935483870967741935483871m, 60m, 7.741935483870967741935483871m, TradeAction.Sell, 6m, T0.AddHours(1)),
    ];

    private static readonly DriftAlert[] AccountB =
    [
        new("acc_b", "VTI", T0.AddHours(3), 29m, 40m, 11m, TradeAction.Buy, 13m),
        new("acc_b", "VTI", T0, 30.00m, 40m, 10.00m, TradeAction.Buy, 12m, T0.AddHours(2)),
    ];

    // Opened twice at T0 (row 7 after row 6): both kept, the later first.
    private static readonly DriftAlert[] AccountC =
    [
        new("acc_c", "SPY", T0, 56m, 50m, 6m, TradeAction.Sell, 2m, T0.AddHours(2)),
        new("acc_c", "SPY", T0, 55m, 50m, 5m, TradeAction.Sell, 1m, T0.AddHours(1)),
    ];

    [Fact]
    public async Task A_version_4_database_answers_the_same_alerts_and_outboxes_after_its_alerts_are_rekeyed()
    {
        Assert.Equal(4L, await ScalarAsync("PRAGMA user_version;"));

        await new SqliteSchema(_database).EnsureCreatedAsync(Ct);
        await new SqliteSchema(_database).EnsureCreatedAsync(Ct);   // a second start finds nothing to migrate
        var store = new SqliteAlertStore(_database);

        Assert.Equal(5L, await ScalarAsync("PRAGMA user_version;"));
        Assert.Equal(AccountA, await store.ListAsync("acc_a", includeResolved: true, Ct));
        Assert.Equal(AccountB, await store.ListAsync("acc_b", includeResolved: true, Ct));
        Assert.Equal(AccountC, await store.ListAsync("acc_c", includeResolved: true, Ct));
        Assert.Equal("10.00", (await store.ListAsync("acc_b", true, Ct))[1].Drift.ToString(CultureInfo.InvariantCulture));
        Assert.Equal([AccountA[0], AccountA[1], AccountA[2]], await store.ListAsync("acc_a", includeResolved: false, Ct));
        var open = await store.ListOpenSymbolsAsync(["acc_a", "acc_b", "acc_c"], Ct);
        Assert.Equal(["BND", "GLD", "VTI"], open["acc_a"].Order(StringComparer.Ordinal));
        Assert.Equal(["VTI"], open["acc_b"]);
        Assert.False(open.ContainsKey("acc_c"));

        // The relay's view, in main's order (by id): rows 1, 4, 5, 6, 7, 8 had events; GLD's were relayed, BND has no owner.
        var outboxes = await store.ListWithOutboxAsync(100, Ct);
        Assert.Equal(
            ["acc_a VTI 14:00 opened,resolved", "acc_b VTI 14:00 opened,resolved", "acc_a VTI 16:00 opened",
             "acc_c SPY 14:00 opened,resolved", "acc_c SPY 14:00 opened,resolved", "acc_b VTI 17:00 opened"],
            outboxes.Select(a => $"{a.AccountId} {a.Symbol} {a.OpenedAt:HH:mm} {string.Join(",", a.Outbox!.Select(e => e["drift.".Length..]))}"));
        var owners = new Dictionary<string, string> { ["acc_a"] = "owner_1", ["acc_b"] = "owner_2", ["acc_c"] = "owner_3" };
        Assert.All(outboxes, a => Assert.Equal(owners[a.AccountId], a.OwnerId));
        // A resolved alert is cleared by its opening time (both of acc_c's share it), an open one by its symbol.
        Assert.Equal(4, await store.TryClearOutboxesAsync([outboxes[0], outboxes[2], outboxes[3], outboxes[5]], Ct));
        Assert.Equal(["acc_b VTI"], (await store.ListWithOutboxAsync(100, Ct)).Select(a => $"{a.AccountId} {a.Symbol}"));
    }

    [Fact]
    public async Task After_the_rekeying_an_open_alert_still_blocks_a_second_and_a_resolved_one_does_not()
    {
        await new SqliteSchema(_database).EnsureCreatedAsync(Ct);
        var store = new SqliteAlertStore(_database);
        DriftAlert Later(DriftAlert alert) => alert with { OpenedAt = T0.AddHours(5), ResolvedAt = null };

        // acc_a's VTI, GLD and BND and acc_b's VTI are open: none opens again; acc_c's SPY (resolved twice) does.
        var spy = Later(AccountC[0]) with { OwnerId = "owner_3" };
        Assert.Equal((1, 0), await store.ApplyAsync([Later(AccountA[0]), Later(AccountA[1]), Later(AccountA[2]), Later(AccountB[0]), spy], [], T0, Ct));
        Assert.Equal((0, 1), await store.ApplyAsync([], [("acc_a", "BND"), ("acc_c", "XYZ")], T0.AddHours(6), Ct));
        Assert.Equal((1, 0), await store.ApplyAsync([Later(AccountA[2])], [], T0, Ct));

        var listed = await store.ListAsync("acc_a", includeResolved: true, Ct);
        Assert.Equal([Later(AccountA[2]), AccountA[0], AccountA[1], AccountA[2] with { ResolvedAt = T0.AddHours(6) }, AccountA[3]], listed);
        // A new row takes an id after the migrated ones (row 8): the relay lists it last.
        var relayed = await store.ListWithOutboxAsync(100, Ct);
        Assert.Equal(7, relayed.Count);
        Assert.Equal(("acc_c", "SPY", T0.AddHours(5)), (relayed[^1].AccountId, relayed[^1].Symbol, relayed[^1].OpenedAt));
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await _database.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }
}
