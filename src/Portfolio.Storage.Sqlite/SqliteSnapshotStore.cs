using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
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
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        Upsert(connection, snapshots, ct);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The rows, inside the caller's transaction on <paramref name="connection"/> (also <see cref="SqliteRevaluationPageStore"/>'s):
    /// one statement prepared once and bound by position (<see cref="SqlitePositionalStatement"/>), a row per account.
    /// </summary>
    internal static void Upsert(SqliteConnection connection, IReadOnlyList<DailySnapshot> snapshots, CancellationToken ct)
    {
        if (snapshots.Count == 0) return;
        using var insert = new SqlitePositionalStatement(connection, """
            INSERT INTO snapshots (account_id, date, json) VALUES (?1, ?2, ?3)
            ON CONFLICT (account_id, date) DO UPDATE SET json = excluded.json;
            """);
        var json = new ArrayBufferWriter<byte>(256);
        using var writer = new Utf8JsonWriter(json);
        foreach (var snapshot in snapshots)
        {
            ct.ThrowIfCancellationRequested();
            insert.Text(1, snapshot.AccountId);
            insert.Text(2, SqliteText.Date(snapshot.Date));
            json.ResetWrittenCount();
            writer.Reset(json);
            WriteJson(writer, snapshot);
            insert.Utf8(3, json.WrittenSpan);
            insert.Step();
        }
    }

    /// <summary>
    /// The bytes <c>JsonSerializer.SerializeToUtf8Bytes(snapshot, StorageJson.Options)</c> writes (SqliteSnapshotJsonTests
    /// compares them), written by hand: the serializer's reflection-built writer cost a fifth of the revaluation page
    /// writer's time, which is serial.
    /// </summary>
    internal static void WriteJson(Utf8JsonWriter writer, DailySnapshot snapshot)
    {
        Span<byte> text = stackalloc byte[64];
        writer.WriteStartObject();
        writer.WriteString("accountId"u8, snapshot.AccountId);
        writer.WriteString("date"u8, snapshot.Date.TryFormat(text, out var written, "O", CultureInfo.InvariantCulture) ? text[..written] : throw new FormatException());
        WriteMoney(writer, "value"u8, snapshot.Value, text);
        WriteMoney(writer, "costBasis"u8, snapshot.CostBasis, text);
        WriteMoney(writer, "cash"u8, snapshot.Cash, text);
        writer.WriteString("computedAt"u8, snapshot.ComputedAt);
        writer.WriteEndObject();
        writer.Flush();
    }

    // StorageJson writes every number as a string (JsonNumberHandling.WriteAsString), formatted by Utf8Formatter.
    private static void WriteMoney(Utf8JsonWriter writer, ReadOnlySpan<byte> name, decimal value, Span<byte> text) =>
        writer.WriteString(name, Utf8Formatter.TryFormat(value, text, out var written) ? text[..written] : throw new FormatException());

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
