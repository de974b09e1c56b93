using Microsoft.Data.Sqlite;
using Portfolio.Application.Ports;

namespace Portfolio.Storage.Sqlite;

/// <summary>
/// The ledger_states table: one row per account, its compact ledger state as text. A page of states is written by one
/// multi-row INSERT in one transaction and read by one query.
/// </summary>
public sealed class SqliteLedgerStateStore(SqliteDatabase database) : ILedgerStateStore
{
    // Its own statement, run on every start like the rest of the schema: an existing data folder gains the table in place
    // (empty: states are written lazily, by the next write or revaluation of each account). A rowid table, because a
    // state of about 2 KB fits in a rowid table's leaf cell but spills to an overflow page in a WITHOUT ROWID one.
    internal const string Ddl = """
        CREATE TABLE IF NOT EXISTS ledger_states (
            account_id TEXT    NOT NULL PRIMARY KEY,
            version    INTEGER NOT NULL,
            format     INTEGER NOT NULL,
            state      TEXT    NOT NULL
        );
        """;

    public async Task SaveManyAsync(IReadOnlyList<StoredLedgerState> states, CancellationToken ct)
    {
        if (states.Count == 0) return;
        // Derived data, written again by the next revaluation: committed without fsync (SqliteDatabase.OpenForDerivedWriteAsync).
        await using var derived = await database.OpenForDerivedWriteAsync(ct).ConfigureAwait(false);
        var connection = derived.Connection;
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var upsert = connection.CreateCommand();
        upsert.CommandText = """
            INSERT INTO ledger_states (account_id, version, format, state)
            SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each($rows) WHERE true
            ON CONFLICT (account_id) DO UPDATE SET version = excluded.version, format = excluded.format, state = excluded.state
            WHERE excluded.version > ledger_states.version
               OR (excluded.version = ledger_states.version AND excluded.format <> ledger_states.format);
            """;
        upsert.Parameters.Add("$rows", SqliteType.Text).Value = RowsJson(states);
        await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    private static string RowsJson(IReadOnlyList<StoredLedgerState> states) =>
        SqliteJsonRows.Of(states, 1024, (json, state) =>
        {
            json.WriteStringValue(state.AccountId);
            json.WriteNumberValue(state.Version);
            json.WriteNumberValue(state.Format);
            json.WriteStringValue(state.State);
        });

    public async Task<IReadOnlyDictionary<string, StoredLedgerState>> ReadManyAsync(IReadOnlyCollection<string> accountIds, CancellationToken ct)
    {
        var states = new Dictionary<string, StoredLedgerState>(accountIds.Count, StringComparer.Ordinal);
        if (accountIds.Count == 0) return states;
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT account_id, version, format, state FROM ledger_states
            WHERE account_id IN (SELECT value FROM json_each($accounts));
            """;
        command.Parameters.AddWithValue("$accounts", System.Text.Json.JsonSerializer.Serialize(accountIds));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var accountId = reader.GetString(0);
            // The column's UTF-8 bytes as they are: the reader parses them without a string between.
            states[accountId] = new StoredLedgerState(accountId, reader.GetInt64(1), reader.GetInt32(2), reader.GetFieldValue<byte[]>(3));
        }
        return states;
    }
}
