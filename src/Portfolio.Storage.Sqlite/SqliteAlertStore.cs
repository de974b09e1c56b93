using Microsoft.Data.Sqlite;
using Portfolio.Application.Alerts;
using Portfolio.Application.Ports;

namespace Portfolio.Storage.Sqlite;

/// <summary>
/// Alerts as rows; a partial unique index allows one row per account and symbol with resolved_at NULL. The JSON holds
/// the alert as opened; resolved_at lives only in its column so that resolving is a single UPDATE.
/// </summary>
public sealed class SqliteAlertStore(SqliteDatabase database) : IAlertStore
{
    private const int SqliteConstraint = 19;

    public async Task<bool> TryOpenAsync(DriftAlert alert, CancellationToken ct)
    {
        if (!alert.IsOpen) throw new ArgumentException("Only an open alert can be opened.", nameof(alert));
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO alerts (account_id, symbol, opened_at, resolved_at, json) VALUES ($account, $symbol, $openedAt, NULL, $json);
            """;
        command.Parameters.AddWithValue("$account", alert.AccountId);
        command.Parameters.AddWithValue("$symbol", alert.Symbol);
        command.Parameters.AddWithValue("$openedAt", SqliteText.Instant(alert.OpenedAt));
        command.Parameters.AddWithValue("$json", StorageJson.Serialize(alert));
        try
        {
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return true;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
        {
            return false;
        }
    }

    public async Task<bool> ResolveAsync(string accountId, string symbol, DateTimeOffset resolvedAt, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE alerts SET resolved_at = $resolvedAt
            WHERE account_id = $account AND symbol = $symbol AND resolved_at IS NULL;
            """;
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$symbol", symbol);
        command.Parameters.AddWithValue("$resolvedAt", SqliteText.Instant(resolvedAt));
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<DriftAlert>> ListAsync(string accountId, bool includeResolved, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT json, resolved_at FROM alerts
            WHERE account_id = $account {(includeResolved ? "" : "AND resolved_at IS NULL")}
            ORDER BY opened_at DESC, id DESC;
            """;
        command.Parameters.AddWithValue("$account", accountId);
        var alerts = new List<DriftAlert>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var alert = StorageJson.Deserialize<DriftAlert>(reader.GetString(0));
            alerts.Add(alert with { ResolvedAt = reader.IsDBNull(1) ? null : SqliteText.ParseInstant(reader.GetString(1)) });
        }
        return alerts;
    }
}
