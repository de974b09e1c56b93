using Microsoft.Data.Sqlite;

namespace Portfolio.Storage.Sqlite.Tests;

/// <summary>What the contract cannot see: how the file is set up.</summary>
public sealed class SqliteSpecificTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task Database_runs_in_WAL_mode_with_foreign_keys_and_a_busy_timeout()
    {
        var database = new SqliteDatabase(fixture.ConnectionString);
        await using var connection = await database.OpenAsync(CancellationToken.None);

        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
        Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA foreign_keys;"));
        Assert.Equal((long)SqliteDatabase.BusyTimeout.TotalMilliseconds, await ScalarAsync(connection, "PRAGMA busy_timeout;"));
    }

    [Theory]
    [InlineData(nameof(SqliteAlertStore.InsertOpenSql), SqliteAlertStore.InsertOpenSql)]
    [InlineData(nameof(SqliteAlertStore.ResolveSql), SqliteAlertStore.ResolveSql)]
    [InlineData(nameof(SqliteAlertStore.ListOpenSymbolsSql), SqliteAlertStore.ListOpenSymbolsSql)]
    [InlineData(nameof(SqliteAlertStore.ListWithOutboxSql), SqliteAlertStore.ListWithOutboxSql)]
    [InlineData(nameof(SqliteAlertStore.ClearOutboxSql), SqliteAlertStore.ClearOutboxSql)]
    [InlineData(nameof(SqliteAlertStore.ListOpenSql), SqliteAlertStore.ListOpenSql)]
    [InlineData(nameof(SqliteAlertStore.ListAllSql), SqliteAlertStore.ListAllSql)]
    public async Task Every_alert_statement_finds_its_rows_through_an_index_without_scanning_the_table(string name, string sql)
    {
        // The alerts table keeps every alert ever opened: a statement that scanned it would cost more each year.
        var database = new SqliteDatabase(fixture.ConnectionString);
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(3));

        // "SCAN alerts" alone is the whole table; the relay's scan of the partial outbox index reads only pending events.
        Assert.DoesNotContain("SCAN alerts", plan);
        if (name != nameof(SqliteAlertStore.InsertOpenSql))
            Assert.Contains(plan, step => step.StartsWith("SEARCH alerts USING", StringComparison.Ordinal) || step == "SCAN alerts USING INDEX ix_alerts_outbox");
    }

    [Fact]
    public async Task Schema_creation_can_run_again()
    {
        var schema = new SqliteSchema(new SqliteDatabase(fixture.ConnectionString));

        await schema.EnsureCreatedAsync(CancellationToken.None);
        await schema.EnsureCreatedAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_database_made_before_ledger_checkpoints_gains_their_table_on_start_and_keeps_its_data()
    {
        var path = Path.Combine(Path.GetTempPath(), $"portfolio-old-{Guid.NewGuid():N}.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString();
        try
        {
            var database = new SqliteDatabase(connectionString);
            await using (var connection = await database.OpenAsync(CancellationToken.None))
            {
                await using var old = connection.CreateCommand();
                old.CommandText = SqliteSchema.Ddl + "INSERT INTO accounts (id, owner_id, version, json) VALUES ('a', 'o', 1, '{}');";
                await old.ExecuteNonQueryAsync();
            }

            await new SqliteSchema(database).EnsureCreatedAsync(CancellationToken.None);

            var checkpoints = new SqliteLedgerCheckpointStore(database);
            var info = new Application.Ports.LedgerCheckpointInfo("a", 1000, "h", new DateOnly(2024, 1, 2), 1);
            await checkpoints.SaveAsync(new Application.Ports.LedgerCheckpoint(info, "{}"), CancellationToken.None);
            Assert.Equal(info, Assert.Single(await checkpoints.ListAsync("a", CancellationToken.None)));
            await using var check = await database.OpenAsync(CancellationToken.None);
            Assert.Equal(1L, await ScalarAsync(check, "SELECT count(*) FROM accounts WHERE id = 'a';"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        }
    }

    [Fact]
    public async Task Ledger_entry_of_an_unknown_account_is_refused_by_the_foreign_key()
    {
        var entry = new Application.Ledger.LedgerEntry("no-such-account", 1,
            new Domain.Transactions.Deposit("d", new DateOnly(2024, 1, 2), 1m), DateTimeOffset.UnixEpoch);

        var error = await Assert.ThrowsAsync<SqliteException>(() => fixture.Ledger.TryAppendAsync(entry, CancellationToken.None));
        Assert.Equal(787, error.SqliteExtendedErrorCode); // SQLITE_CONSTRAINT_FOREIGNKEY
    }

    [Fact]
    public async Task A_snapshot_page_with_a_row_SQLite_refuses_stores_none_of_the_page()
    {
        var (first, third) = ($"acc_{Guid.NewGuid():N}", $"acc_{Guid.NewGuid():N}");
        var day = new DateOnly(2024, 2, 28);
        var snapshots = new SqliteSnapshotStore(new SqliteDatabase(fixture.ConnectionString));
        Application.Snapshots.DailySnapshot Snapshot(string accountId) => new(accountId, day, 1000m, 900m, 100m, DateTimeOffset.UnixEpoch);

        // The second row has no account: account_id is NOT NULL.
        var error = await Assert.ThrowsAsync<SqliteException>(() => snapshots.SaveManyAsync([Snapshot(first), Snapshot(null!), Snapshot(third)], CancellationToken.None));

        Assert.Equal(1299, error.SqliteExtendedErrorCode); // SQLITE_CONSTRAINT_NOTNULL
        Assert.Empty(await snapshots.ListAsync(first, day, day, CancellationToken.None));
        Assert.Empty(await snapshots.ListAsync(third, day, day, CancellationToken.None));
    }

    [Fact]
    public async Task A_revaluation_page_whose_snapshot_SQLite_refuses_opens_none_of_its_alerts()
    {
        var first = $"acc_{Guid.NewGuid():N}";
        var day = new DateOnly(2024, 2, 28);
        var database = new SqliteDatabase(fixture.ConnectionString);
        var alert = new Application.Alerts.DriftAlert(first, "VTI", DateTimeOffset.UnixEpoch, 70m, 60m, 10m, Domain.Rebalancing.TradeAction.Sell, 1m);

        // The second snapshot has no account (account_id is NOT NULL): the page's one transaction keeps nothing of it.
        var error = await Assert.ThrowsAsync<SqliteException>(() => new SqliteRevaluationPageStore(database).WriteAsync(
            [new(first, day, 1000m, 900m, 100m, DateTimeOffset.UnixEpoch), new(null!, day, 1m, 1m, 0m, DateTimeOffset.UnixEpoch)],
            [alert], [], DateTimeOffset.UnixEpoch, CancellationToken.None));

        Assert.Equal(1299, error.SqliteExtendedErrorCode); // SQLITE_CONSTRAINT_NOTNULL
        Assert.Empty(await new SqliteSnapshotStore(database).ListAsync(first, day, day, CancellationToken.None));
        Assert.Empty(await new SqliteAlertStore(database).ListAsync(first, includeResolved: true, CancellationToken.None));
    }

    [Fact]
    public void An_in_memory_database_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new SqliteDatabase("Data Source=:memory:"));
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
