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
    public async Task Derived_writes_commit_without_fsync_but_hand_every_pooled_connection_back_fully_synchronous()
    {
        var account = $"acc_{Guid.NewGuid():N}";
        var day = new DateOnly(2024, 2, 29);
        var database = new SqliteDatabase(fixture.ConnectionString);
        var snapshots = new SqliteSnapshotStore(database);
        Application.Snapshots.DailySnapshot Snapshot(string accountId) => new(accountId, day, 1000m, 900m, 100m, DateTimeOffset.UnixEpoch);

        await using (var derived = await database.OpenForDerivedWriteAsync(CancellationToken.None))
            Assert.Equal(1L, await ScalarAsync(derived.Connection, "PRAGMA synchronous;")); // 1 = NORMAL
        await snapshots.SaveManyAsync([Snapshot(account)], CancellationToken.None);
        await AssertEveryIdleConnectionIsFullySynchronousAsync(database);

        await Assert.ThrowsAsync<SqliteException>(() => snapshots.SaveManyAsync([Snapshot(null!)], CancellationToken.None));
        await AssertEveryIdleConnectionIsFullySynchronousAsync(database);
        Assert.Single(await snapshots.ListAsync(account, day, day, CancellationToken.None));
    }

    /// <summary>Opens more connections at once than the tests of this class ever hold, so every idle pooled one is among them.</summary>
    private static async Task AssertEveryIdleConnectionIsFullySynchronousAsync(SqliteDatabase database)
    {
        var connections = new List<SqliteConnection>();
        try
        {
            for (var i = 0; i < 8; i++) connections.Add(await database.OpenAsync(CancellationToken.None));
            foreach (var connection in connections)
                Assert.Equal(2L, await ScalarAsync(connection, "PRAGMA synchronous;")); // 2 = FULL
        }
        finally
        {
            foreach (var connection in connections) await connection.DisposeAsync();
        }
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
