using Microsoft.Data.Sqlite;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;

namespace Portfolio.Storage.Sqlite;

/// <summary>
/// The ledger table. An append is one INSERT: the primary key (account_id, seq) and the partial unique index on
/// (account_id, idempotency_key) make it fail as a whole when another writer got there first.
/// </summary>
public sealed class SqliteLedgerStore(SqliteDatabase database) : ILedgerStore
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    private const string Columns = "account_id, seq, idempotency_key, request_hash, recorded_at, json, prefix_hash";

    public async Task<IReadOnlyList<LedgerEntry>> ReadAsync(string accountId, long afterSequence, CancellationToken ct)
    {
        using var activity = Portfolio.Application.Operations.PortfolioTelemetry.Storage.StartActivity("sqlite ledger read", System.Diagnostics.ActivityKind.Client);
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM ledger WHERE account_id = $account AND seq > $after ORDER BY seq;";
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$after", afterSequence);
        return await ReadEntriesAsync(command, ct).ConfigureAwait(false);
    }

    /// <summary>One query for a page of accounts: a JSON array of {a: account, s: after} joined to the primary key.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<LedgerEntry>>> ReadAsync(
        IReadOnlyDictionary<string, long> afterSequenceByAccount, CancellationToken ct)
    {
        using var activity = Portfolio.Application.Operations.PortfolioTelemetry.Storage.StartActivity("sqlite ledger read page", System.Diagnostics.ActivityKind.Client);
        if (afterSequenceByAccount.Count == 0) return new Dictionary<string, IReadOnlyList<LedgerEntry>>();
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {string.Join(", ", Columns.Split(", ").Select(c => "l." + c))} FROM json_each($tails) AS t
            JOIN ledger AS l ON l.account_id = json_extract(t.value, '$.a') AND l.seq > json_extract(t.value, '$.s')
            ORDER BY l.account_id, l.seq;
            """;
        command.Parameters.AddWithValue("$tails", System.Text.Json.JsonSerializer.Serialize(
            afterSequenceByAccount.Select(kv => new { a = kv.Key, s = kv.Value })));
        var entries = await ReadEntriesAsync(command, ct).ConfigureAwait(false);
        // Rows come ordered by account: each account's entries are one run of the list.
        var byAccount = new Dictionary<string, IReadOnlyList<LedgerEntry>>(afterSequenceByAccount.Count, StringComparer.Ordinal);
        for (var start = 0; start < entries.Count;)
        {
            var end = start + 1;
            while (end < entries.Count && string.Equals(entries[end].AccountId, entries[start].AccountId, StringComparison.Ordinal)) end++;
            byAccount[entries[start].AccountId] = entries.GetRange(start, end - start);
            start = end;
        }
        return byAccount;
    }

    public async Task<AppendStatus> TryAppendAsync(LedgerEntry entry, CancellationToken ct)
    {
        using var activity = Portfolio.Application.Operations.PortfolioTelemetry.Storage.StartActivity("sqlite ledger append", System.Diagnostics.ActivityKind.Client);
        ArgumentOutOfRangeException.ThrowIfLessThan(entry.Sequence, 1);
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO ledger ({Columns}, type) VALUES ($account, $seq, $key, $hash, $recorded, $json, $prefix, $type);";
        command.Parameters.AddWithValue("$account", entry.AccountId);
        command.Parameters.AddWithValue("$prefix", (object?)entry.PrefixHash ?? DBNull.Value);
        command.Parameters.AddWithValue("$seq", entry.Sequence);
        command.Parameters.AddWithValue("$key", (object?)entry.IdempotencyKey ?? DBNull.Value);
        command.Parameters.AddWithValue("$hash", (object?)entry.RequestHash ?? DBNull.Value);
        command.Parameters.AddWithValue("$recorded", SqliteText.Instant(entry.RecordedAt));
        command.Parameters.AddWithValue("$json", TransactionJson.Serialize(entry.Transaction));
        command.Parameters.AddWithValue("$type", TransactionJson.TypeName(entry.Transaction));
        try
        {
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return AppendStatus.Appended;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint && e.SqliteExtendedErrorCode == SqliteConstraintUnique)
        {
            return AppendStatus.IdempotencyKeyTaken;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint && e.SqliteExtendedErrorCode == SqliteConstraintPrimaryKey)
        {
            // SQLite reports only the first constraint it trips. A retry of a request that already succeeded can hit the
            // sequence first; the key decides then, because the caller must not append that request again.
            if (entry.IdempotencyKey is not null &&
                await FindByIdempotencyKeyAsync(entry.AccountId, entry.IdempotencyKey, ct).ConfigureAwait(false) is not null)
                return AppendStatus.IdempotencyKeyTaken;
            return AppendStatus.SequenceTaken;
        }
    }

    /// <summary>One SQLite transaction and one prepared INSERT for every entry: all are stored, or none.</summary>
    public async Task<AppendStatus> TryAppendAllAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken ct)
    {
        if (entries.Count == 0) return AppendStatus.Appended;
        ArgumentOutOfRangeException.ThrowIfLessThan(entries[0].Sequence, 1);
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO ledger ({Columns}, type) VALUES ($account, $seq, $key, $hash, $recorded, $json, $prefix, $type);";
        var (account, seq, key, hash, recorded, json, type) = (
            command.Parameters.Add("$account", SqliteType.Text), command.Parameters.Add("$seq", SqliteType.Integer),
            command.Parameters.Add("$key", SqliteType.Text), command.Parameters.Add("$hash", SqliteType.Text),
            command.Parameters.Add("$recorded", SqliteType.Text), command.Parameters.Add("$json", SqliteType.Text),
            command.Parameters.Add("$type", SqliteType.Text));
        var prefix = command.Parameters.Add("$prefix", SqliteType.Text);
        command.Prepare();
        foreach (var entry in entries)
        {
            account.Value = entry.AccountId;
            seq.Value = entry.Sequence;
            key.Value = (object?)entry.IdempotencyKey ?? DBNull.Value;
            hash.Value = (object?)entry.RequestHash ?? DBNull.Value;
            recorded.Value = SqliteText.Instant(entry.RecordedAt);
            json.Value = TransactionJson.Serialize(entry.Transaction);
            type.Value = TransactionJson.TypeName(entry.Transaction);
            prefix.Value = (object?)entry.PrefixHash ?? DBNull.Value;
            try
            {
                await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
            {
                await transaction.RollbackAsync(ct).ConfigureAwait(false);
                return e.SqliteExtendedErrorCode == SqliteConstraintUnique ? AppendStatus.IdempotencyKeyTaken : AppendStatus.SequenceTaken;
            }
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return AppendStatus.Appended;
    }

    public async Task<LedgerEntry?> FindByIdempotencyKeyAsync(string accountId, string idempotencyKey, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM ledger WHERE account_id = $account AND idempotency_key = $key;";
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$key", idempotencyKey);
        var entries = await ReadEntriesAsync(command, ct).ConfigureAwait(false);
        return entries.Count == 0 ? null : entries[0];
    }

    private static async Task<List<LedgerEntry>> ReadEntriesAsync(SqliteCommand command, CancellationToken ct)
    {
        var entries = new List<LedgerEntry>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            entries.Add(new LedgerEntry(
                AccountId: reader.GetString(0),
                Sequence: reader.GetInt64(1),
                Transaction: TransactionJson.Deserialize(reader.GetString(5)),
                RecordedAt: SqliteText.ParseInstant(reader.GetString(4)),
                IdempotencyKey: reader.IsDBNull(2) ? null : reader.GetString(2),
                RequestHash: reader.IsDBNull(3) ? null : reader.GetString(3),
                PrefixHash: reader.IsDBNull(6) ? null : reader.GetString(6)));
        }
        return entries;
    }
}
