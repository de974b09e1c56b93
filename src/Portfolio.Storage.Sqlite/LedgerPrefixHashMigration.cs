using Microsoft.Data.Sqlite;
using Portfolio.Application.Ledger;

namespace Portfolio.Storage.Sqlite;

/// <summary>
/// Schema version 3: every <see cref="LedgerState.CheckpointInterval"/>-th ledger row carries the
/// <see cref="LogPrefixHash"/> of its account's log up to it (column <c>prefix_hash</c>), so a cold load checks a stored
/// checkpoint against one row instead of reading the log before it. Existing logs are hashed in place, one account at a
/// time in sequence order, with the same function the write path uses; the rows in between keep NULL.
/// </summary>
internal static class LedgerPrefixHashMigration
{
    public static async Task ApplyAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct)
    {
        var hasColumn = await SqliteSchema.ScalarAsync(connection, transaction,
            "SELECT count(*) FROM pragma_table_info('ledger') WHERE name = 'prefix_hash';", ct).ConfigureAwait(false);
        if (hasColumn is long count && count > 0) return;
        await SqliteSchema.ExecuteAsync(connection, transaction, "ALTER TABLE ledger ADD COLUMN prefix_hash TEXT NULL;", ct).ConfigureAwait(false);

        var stamps = new List<(string Account, long Sequence, string Hash)>();
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = """
                SELECT account_id, seq, json FROM ledger WHERE account_id IN (
                    SELECT account_id FROM ledger GROUP BY account_id HAVING max(seq) >= $interval)
                ORDER BY account_id, seq;
                """;
            read.Parameters.AddWithValue("$interval", LedgerState.CheckpointInterval);
            await using var reader = await read.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var block = new List<LedgerEntry>(LedgerState.CheckpointInterval);
            var (account, hash) = ("", LogPrefixHash.Empty);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var entry = new LedgerEntry(reader.GetString(0), reader.GetInt64(1), TransactionJson.Deserialize(reader.GetString(2)), default);
                if (entry.AccountId != account) (account, hash) = (entry.AccountId, LogPrefixHash.Empty);
                if (entry.Sequence % LedgerState.CheckpointInterval == 1) block.Clear();
                block.Add(entry);
                if (entry.Sequence % LedgerState.CheckpointInterval != 0) continue;
                // Sequences are gapless from 1, so a block is complete exactly when its last sequence is reached.
                hash = LogPrefixHash.Extend(hash, block, 0, block.Count);
                stamps.Add((account, entry.Sequence, hash));
            }
        }

        await using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE ledger SET prefix_hash = $hash WHERE account_id = $account AND seq = $seq;";
        var (accountParameter, seqParameter, hashParameter) = (
            update.Parameters.Add("$account", SqliteType.Text), update.Parameters.Add("$seq", SqliteType.Integer),
            update.Parameters.Add("$hash", SqliteType.Text));
        foreach (var (account, sequence, hash) in stamps)
        {
            (accountParameter.Value, seqParameter.Value, hashParameter.Value) = (account, sequence, hash);
            await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }
}
