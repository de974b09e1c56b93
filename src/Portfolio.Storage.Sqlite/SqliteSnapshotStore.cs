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
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO snapshots (account_id, date, json) VALUES ($account, $date, $json)
            ON CONFLICT (account_id, date) DO UPDATE SET json = excluded.json;
            """;
        var account = command.Parameters.Add("$account", SqliteType.Text);
        var date = command.Parameters.Add("$date", SqliteType.Text);
        var json = command.Parameters.Add("$json", SqliteType.Text);
        foreach (var snapshot in snapshots)
        {
            account.Value = snapshot.AccountId;
            date.Value = SqliteText.Date(snapshot.Date);
            json.Value = StorageJson.Serialize(snapshot);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
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
