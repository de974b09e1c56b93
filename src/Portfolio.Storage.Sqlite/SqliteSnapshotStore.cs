using System.Text.Json;
using Microsoft.Data.Sqlite;
using Portfolio.Application.Ports;
using Portfolio.Application.Snapshots;

namespace Portfolio.Storage.Sqlite;

/// <summary>One row per account and date ('yyyy-MM-dd', so text order is date order); a save replaces it.</summary>
public sealed class SqliteSnapshotStore(SqliteDatabase database) : ISnapshotStore
{
    public Task SaveAsync(DailySnapshot snapshot, CancellationToken ct) => SaveManyAsync([snapshot], ct);

    /// <summary>One transaction for the lot: a revaluation cycle pays one commit per page of accounts, not one per account.</summary>
    public async Task SaveManyAsync(IReadOnlyList<DailySnapshot> snapshots, CancellationToken ct)
    {
        if (snapshots.Count == 0) return;
        // Derived data, written again by the next revaluation: committed without fsync (SqliteDatabase.OpenForDerivedWriteAsync).
        await using var derived = await database.OpenForDerivedWriteAsync(ct).ConfigureAwait(false);
        var connection = derived.Connection;
        await using var transaction = connection.BeginTransaction(deferred: false);
        // Prepared once and bound by position (SqlitePositionalStatement): a revaluation writes one row per account.
        using (var insert = new SqlitePositionalStatement(connection, """
            INSERT INTO snapshots (account_id, date, json) VALUES (?1, ?2, ?3)
            ON CONFLICT (account_id, date) DO UPDATE SET json = excluded.json;
            """))
            foreach (var snapshot in snapshots)
            {
                ct.ThrowIfCancellationRequested();
                insert.Text(1, snapshot.AccountId);
                insert.Text(2, SqliteText.Date(snapshot.Date));
                insert.Utf8(3, JsonSerializer.SerializeToUtf8Bytes(snapshot, StorageJson.Options));
                insert.Step();
            }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DailySnapshot>> ListAsync(string accountId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT json FROM snapshots WHERE account_id = $account AND date >= $from AND date <= $to ORDER BY date;
            """;
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$from", SqliteText.Date(from));
        command.Parameters.AddWithValue("$to", SqliteText.Date(to));
        var snapshots = new List<DailySnapshot>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            snapshots.Add(StorageJson.Deserialize<DailySnapshot>(reader.GetString(0)));
        return snapshots;
    }
}
