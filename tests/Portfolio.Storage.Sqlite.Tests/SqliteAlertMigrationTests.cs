using System.Globalization;
using Microsoft.Data.Sqlite;
using Portfolio.Application.Alerts;
using Portfolio.Application.Common;
using Portfolio.Domain.Rebalancing;

namespace Portfolio.Storage.Sqlite.Tests;

/// <summary>Alerts stored as JSON documents (before they had columns of their own) are migrated in place and read back exactly.</summary>
public sealed class SqliteAlertMigrationTests : IAsyncLifetime
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"portfolio-alert-migration-{Guid.NewGuid():N}.db");
    private static readonly DateTimeOffset T0 = new(2024, 6, 3, 14, 0, 0, TimeSpan.Zero);

    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = path }.ToString();

    // The alerts table as it was, and two of its rows as SqliteAlertStore wrote them (StorageJson of the alert).
    private const string JsonAlertsTable = """
        CREATE TABLE alerts (
            id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            account_id  TEXT    NOT NULL,
            symbol      TEXT    NOT NULL,
            opened_at   TEXT    NOT NULL,
            resolved_at TEXT    NULL,
            json        TEXT    NOT NULL
        );
        CREATE UNIQUE INDEX ux_alerts_open ON alerts (account_id, symbol) WHERE resolved_at IS NULL;
        CREATE INDEX ix_alerts_account ON alerts (account_id, opened_at);
        """;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Alerts_kept_as_json_are_moved_into_columns_with_exact_decimals_and_stay_open_or_resolved()
    {
        var resolved = new DriftAlert("acc_1", "VTI", T0, 67.741935483870967741935483871m, 60m, 7.741935483870967741935483871m, TradeAction.Sell, 6m);
        var open = new DriftAlert("acc_1", "BND", T0.AddHours(1), 0.000001m, 12345678901234.567891m, -12345678901234.567890m, TradeAction.None, null);
        await using (var connection = new SqliteConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = JsonAlertsTable + """
                INSERT INTO alerts (account_id, symbol, opened_at, resolved_at, json) VALUES
                    ('acc_1', 'VTI', '2024-06-03T14:00:00.0000000Z', '2024-06-03T16:00:00.0000000Z', $resolved),
                    ('acc_1', 'BND', '2024-06-03T15:00:00.0000000Z', NULL, $open);
                """;
            command.Parameters.AddWithValue("$resolved", StorageJson.Serialize(resolved));
            command.Parameters.AddWithValue("$open", StorageJson.Serialize(open));
            await command.ExecuteNonQueryAsync();
        }

        var database = new SqliteDatabase(ConnectionString);
        await new SqliteSchema(database).EnsureCreatedAsync(CancellationToken.None);
        await new SqliteSchema(database).EnsureCreatedAsync(CancellationToken.None);   // a second start finds nothing to migrate
        var store = new SqliteAlertStore(database);

        Assert.Equal([open, resolved with { ResolvedAt = T0.AddHours(2) }], await store.ListAsync("acc_1", includeResolved: true, CancellationToken.None));
        Assert.Equal("-12345678901234.567890", (await store.ListAsync("acc_1", false, CancellationToken.None))[0].Drift.ToString(CultureInfo.InvariantCulture));
        // The one-open-alert rule still holds on migrated rows: BND is open, VTI may open again.
        Assert.Equal((1, 0), await store.ApplyAsync([open with { OpenedAt = T0.AddHours(3) }, resolved with { OpenedAt = T0.AddHours(3) }], [], T0, CancellationToken.None));
    }
}
