using Microsoft.Data.Sqlite;
using Portfolio.Application.Ports;

namespace Portfolio.Storage.Sqlite;

/// <summary>
/// The ledger_checkpoints table: one row per account and sequence, the state as text. A save inserts or replaces its
/// row and deletes the account's rows older than the newest <see cref="ILedgerCheckpointStore.Kept"/>, in one transaction.
/// </summary>
public sealed class SqliteLedgerCheckpointStore(SqliteDatabase database) : ILedgerCheckpointStore
{
    // Its own statement, run on every start like the rest of the schema: an existing data folder gains the table in place.
    internal const string Ddl = """
        CREATE TABLE IF NOT EXISTS ledger_checkpoints (
            account_id      TEXT    NOT NULL,
            seq             INTEGER NOT NULL,
            prefix_hash     TEXT    NOT NULL,
            last_trade_date TEXT    NULL,
            format          INTEGER NOT NULL,
            state           TEXT    NOT NULL,
            PRIMARY KEY (account_id, seq)
        ) WITHOUT ROWID;
        """;

    public async Task SaveAsync(LedgerCheckpoint checkpoint, CancellationToken ct)
    {
        var info = checkpoint.Info;
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var upsert = connection.CreateCommand())
        {
            upsert.CommandText = """
                INSERT INTO ledger_checkpoints (account_id, seq, prefix_hash, last_trade_date, format, state)
                VALUES ($account, $seq, $hash, $last, $format, $state)
                ON CONFLICT (account_id, seq) DO UPDATE SET
                    prefix_hash = excluded.prefix_hash, last_trade_date = excluded.last_trade_date,
                    format = excluded.format, state = excluded.state;
                """;
            upsert.Parameters.AddWithValue("$account", info.AccountId);
            upsert.Parameters.AddWithValue("$seq", info.Sequence);
            upsert.Parameters.AddWithValue("$hash", info.PrefixHash);
            upsert.Parameters.AddWithValue("$last", info.LastTradeDate is { } last ? SqliteText.Date(last) : DBNull.Value);
            upsert.Parameters.AddWithValue("$format", info.Format);
            upsert.Parameters.AddWithValue("$state", checkpoint.State);
            await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using (var prune = connection.CreateCommand())
        {
            prune.CommandText = """
                DELETE FROM ledger_checkpoints WHERE account_id = $account AND seq NOT IN (
                    SELECT seq FROM ledger_checkpoints WHERE account_id = $account ORDER BY seq DESC LIMIT $kept);
                """;
            prune.Parameters.AddWithValue("$account", info.AccountId);
            prune.Parameters.AddWithValue("$kept", ILedgerCheckpointStore.Kept);
            await prune.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<LedgerCheckpointInfo>> ListAsync(string accountId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT account_id, seq, prefix_hash, last_trade_date, format FROM ledger_checkpoints
            WHERE account_id = $account ORDER BY seq DESC;
            """;
        command.Parameters.AddWithValue("$account", accountId);
        var infos = new List<LedgerCheckpointInfo>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) infos.Add(Info(reader));
        return infos;
    }

    public async Task<LedgerCheckpoint?> ReadAsync(string accountId, long sequence, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT account_id, seq, prefix_hash, last_trade_date, format, state FROM ledger_checkpoints
            WHERE account_id = $account AND seq = $seq;
            """;
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$seq", sequence);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? new LedgerCheckpoint(Info(reader), reader.GetString(5)) : null;
    }

    private static LedgerCheckpointInfo Info(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetInt64(1), reader.GetString(2),
        reader.IsDBNull(3) ? null : DateOnly.ParseExact(reader.GetString(3), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        reader.GetInt32(4));
}
