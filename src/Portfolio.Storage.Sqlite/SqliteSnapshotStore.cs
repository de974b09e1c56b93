using Portfolio.Application.Ports;
using Portfolio.Application.Snapshots;

namespace Portfolio.Storage.Sqlite;

/// <summary>One row per account and date ('yyyy-MM-dd', so text order is date order); a save replaces it.</summary>
public sealed class SqliteSnapshotStore(SqliteDatabase database) : ISnapshotStore
{
    public async Task SaveAsync(DailySnapshot snapshot, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO snapshots (account_id, date, json) VALUES ($account, $date, $json)
            ON CONFLICT (account_id, date) DO UPDATE SET json = excluded.json;
            """;
        command.Parameters.AddWithValue("$account", snapshot.AccountId);
        command.Parameters.AddWithValue("$date", SqliteText.Date(snapshot.Date));
        command.Parameters.AddWithValue("$json", StorageJson.Serialize(snapshot));
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
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
