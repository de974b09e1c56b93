using System.Globalization;
using System.IO.Compression;
using Microsoft.Data.Sqlite;
using Portfolio.Application.Alerts;
using Portfolio.Domain.Rebalancing;

namespace Portfolio.Storage.Sqlite.Tests;

/// <summary>
/// Fixtures/portfolio-main-v4-alerts.db.gz was written by main at 5bd9c3b (schema version 4: open and resolved alerts in
/// one table) with Fixtures/generate-main-v4-alerts.cs.txt: three accounts' alerts opened, relayed, resolved and opened
/// again. The expected lines below are what that program printed from main's own listings. Migrated in place (schema
/// step 5 moves the open rows into alerts_open), the file must list the same alerts, outboxes included, and keep the rules.
/// </summary>
public sealed class SqliteOpenAlertsMigrationTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 14, 30, 0, TimeSpan.Zero);
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"portfolio-open-alerts-migration-{Guid.NewGuid():N}.db");
    private SqliteDatabase _database = null!;

    private const string MainListings = """
        acc_a open:
          acc_a|BND|2026-12-01T14:50:00.0000000+00:00|3|10|7|Buy|20|open|-|-
          acc_a|VXUS|2026-12-01T14:30:00.0000000+00:00|25|10|15|None|0|open|-|-
          acc_a|VTI|2026-12-01T14:30:00.0000000+00:00|0.000001|12345678901234.567891|12345678901234.567890|Buy|null|open|-|-
        acc_a all:
          acc_a|BND|2026-12-01T14:50:00.0000000+00:00|3|10|7|Buy|20|open|-|-
          acc_a|VXUS|2026-12-01T14:30:00.0000000+00:00|25|10|15|None|0|open|-|-
          acc_a|VTI|2026-12-01T14:30:00.0000000+00:00|0.000001|12345678901234.567891|12345678901234.567890|Buy|null|open|-|-
          acc_a|GLD|2026-12-01T14:30:00.0000000+00:00|17.391304347826086956521739130|10|7.391304347826086956521739130|Sell|3.5|2026-12-01T14:40:00.0000000+00:00|-|-
          acc_a|BND|2026-12-01T14:30:00.0000000+00:00|4.7619047619047619047619047619|10|5.2380952380952380952380952381|Buy|12|2026-12-01T14:40:00.0000000+00:00|-|-
        acc_b open:
          acc_b|BND|2026-12-01T14:30:00.0000000+00:00|33.333333333333333333333333333|20|13.333333333333333333333333333|Sell|0.000001|open|-|-
        acc_b all:
          acc_b|TLT|2026-12-01T14:30:00.0000000+00:00|1|20|19|Buy|100|2026-12-01T14:40:00.0000000+00:00|-|-
          acc_b|BND|2026-12-01T14:30:00.0000000+00:00|33.333333333333333333333333333|20|13.333333333333333333333333333|Sell|0.000001|open|-|-
        acc_c open:
        acc_c all:
          acc_c|AAA|2026-12-01T14:50:00.0000000+00:00|50|25|25|Sell|7|2026-12-01T14:55:00.0000000+00:00|-|-
        outbox:
          acc_a|BND|2026-12-01T14:30:00.0000000+00:00|4.7619047619047619047619047619|10|5.2380952380952380952380952381|Buy|12|2026-12-01T14:40:00.0000000+00:00|owner_a|drift.opened,drift.resolved
          acc_a|GLD|2026-12-01T14:30:00.0000000+00:00|17.391304347826086956521739130|10|7.391304347826086956521739130|Sell|3.5|2026-12-01T14:40:00.0000000+00:00|owner_a|drift.resolved
          acc_a|VTI|2026-12-01T14:30:00.0000000+00:00|0.000001|12345678901234.567891|12345678901234.567890|Buy|null|open|owner_a|drift.opened
          acc_a|VXUS|2026-12-01T14:30:00.0000000+00:00|25|10|15|None|0|open|owner_a|drift.opened
          acc_a|BND|2026-12-01T14:50:00.0000000+00:00|3|10|7|Buy|20|open|owner_a|drift.opened
        """;

    public async Task InitializeAsync()
    {
        await using (var packed = new GZipStream(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", "portfolio-main-v4-alerts.db.gz")), CompressionMode.Decompress))
        await using (var file = File.Create(_path))
            await packed.CopyToAsync(file);
        _database = new SqliteDatabase(new SqliteConnectionStringBuilder { DataSource = _path }.ToString());
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
        return Task.CompletedTask;
    }

    private async Task<SqliteAlertStore> MigrateAsync()
    {
        Assert.Equal(4L, await ScalarAsync("PRAGMA user_version;"));
        await new SqliteSchema(_database).EnsureCreatedAsync(Ct);
        await new SqliteSchema(_database).EnsureCreatedAsync(Ct); // a second start changes nothing
        return new SqliteAlertStore(_database);
    }

    [Fact]
    public async Task A_database_written_by_main_lists_the_same_alerts_and_outboxes_after_the_migration()
    {
        var store = await MigrateAsync();

        var lines = new List<string>();
        foreach (var account in new[] { "acc_a", "acc_b", "acc_c" })
        {
            lines.Add($"{account} open:");
            lines.AddRange((await store.ListAsync(account, false, Ct)).Select(a => "  " + Show(a)));
            lines.Add($"{account} all:");
            lines.AddRange((await store.ListAsync(account, true, Ct)).Select(a => "  " + Show(a)));
        }
        lines.Add("outbox:");
        lines.AddRange((await store.ListWithOutboxAsync(1000, Ct)).Select(a => "  " + Show(a)));

        Assert.Equal(MainListings.Split('\n'), lines);
        Assert.Equal(5L, await ScalarAsync("PRAGMA user_version;"));
        Assert.Equal((4L, 0L), (await ScalarAsync("SELECT count(*) FROM alerts_open;"), await ScalarAsync("SELECT count(*) FROM alerts WHERE resolved_at IS NULL;")));
        Assert.Equal(4L, await ScalarAsync("SELECT count(*) FROM alerts;"));
    }

    [Fact]
    public async Task Migrated_open_alerts_keep_the_one_open_alert_rule_and_resolve_with_their_outbox()
    {
        var store = await MigrateAsync();
        DriftAlert Alert(string account, string symbol) => new(account, symbol, T0.AddHours(1), 40m, 10m, 30m, TradeAction.Sell, 1m, OwnerId: "owner_x");

        // acc_a's VTI and acc_b's BND are open (migrated): only acc_a's GLD, resolved before, opens again; acc_c's AAA
        // was resolved already, so two are resolved.
        Assert.Equal((1, 2), await store.ApplyAsync(
            [Alert("acc_a", "VTI"), Alert("acc_b", "BND"), Alert("acc_a", "GLD")], [("acc_a", "VTI"), ("acc_b", "BND"), ("acc_c", "AAA")], T0.AddHours(2), Ct));

        var all = await store.ListAsync("acc_a", includeResolved: true, Ct);
        var vti = all.Single(a => a.Symbol == "VTI");
        Assert.Equal((T0, T0.AddHours(2)), (vti.OpenedAt, vti.ResolvedAt));
        Assert.Equal(["GLD", "BND", "VXUS"], (await store.ListAsync("acc_a", false, Ct)).Select(a => a.Symbol));
        Assert.Empty(await store.ListAsync("acc_b", false, Ct));
        var outboxes = await store.ListWithOutboxAsync(1000, Ct);
        // acc_a's VTI carried its unrelayed opened event into the history; acc_b has no owner and so no events.
        Assert.Equal([DriftAlertEvents.Opened, DriftAlertEvents.Resolved], outboxes.Single(a => a.AccountId == "acc_a" && a.Symbol == "VTI").Outbox);
        Assert.DoesNotContain(outboxes, a => a.AccountId == "acc_b");
        Assert.Equal(6, outboxes.Count);
        Assert.Equal(6, await store.TryClearOutboxesAsync(outboxes, Ct));
        Assert.Empty(await store.ListWithOutboxAsync(1000, Ct));
    }

    private static string Show(DriftAlert a) => string.Join("|", a.AccountId, a.Symbol, a.OpenedAt.ToString("O", CultureInfo.InvariantCulture),
        a.CurrentPercent.ToString(CultureInfo.InvariantCulture), a.TargetPercent.ToString(CultureInfo.InvariantCulture), a.Drift.ToString(CultureInfo.InvariantCulture),
        a.Action, a.Quantity?.ToString(CultureInfo.InvariantCulture) ?? "null", a.ResolvedAt?.ToString("O", CultureInfo.InvariantCulture) ?? "open",
        a.OwnerId ?? "-", a.Outbox is null ? "-" : string.Join(",", a.Outbox));

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await _database.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), CultureInfo.InvariantCulture);
    }
}
