using System.Globalization;
using Microsoft.Data.Sqlite;
using Portfolio.Application.Common;
using Portfolio.Application.PriceAlerts;
using Portfolio.Application.Ports;

namespace Portfolio.Storage.Sqlite;

/// <summary>
/// Price alerts as JSON rows with the columns the queries need; the row's version is the concurrency token. A firing and
/// the notification it writes into the alert's outbox are one row update, so one transaction.
/// </summary>
public sealed class SqlitePriceAlertStore(SqliteDatabase database) : IPriceAlertStore
{
    internal const string Ddl = """
        CREATE TABLE IF NOT EXISTS price_alerts (
            user_id    TEXT    NOT NULL,
            id         TEXT    NOT NULL,
            symbol     TEXT    NOT NULL,
            active     INTEGER NOT NULL,
            has_outbox INTEGER NOT NULL,
            created_at TEXT    NOT NULL,
            version    INTEGER NOT NULL,
            json       TEXT    NOT NULL,
            PRIMARY KEY (user_id, id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_price_alerts_active ON price_alerts (symbol) WHERE active = 1;
        CREATE INDEX IF NOT EXISTS ix_price_alerts_outbox ON price_alerts (created_at) WHERE has_outbox = 1;
        """;

    public async Task<bool> TryCreateAsync(PriceAlert alert, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO price_alerts (user_id, id, symbol, active, has_outbox, created_at, version, json)
            VALUES ($user, $id, $symbol, $active, $outbox, $created, 1, $json)
            ON CONFLICT (user_id, id) DO NOTHING;
            """;
        Bind(command, alert);
        command.Parameters.AddWithValue("$created", SqliteText.Instant(alert.CreatedAt));
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    public async Task<PriceAlert?> GetAsync(string userId, string id, CancellationToken ct)
    {
        var rows = await QueryAsync("SELECT json, version FROM price_alerts WHERE user_id = $user AND id = $id;",
            c => { c.Parameters.AddWithValue("$user", userId); c.Parameters.AddWithValue("$id", id); }, ct).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<PriceAlert>> ListByUserAsync(string userId, CancellationToken ct) =>
        QueryAsync("SELECT json, version FROM price_alerts WHERE user_id = $user AND active = 1 ORDER BY created_at, id;",
            c => c.Parameters.AddWithValue("$user", userId), ct);

    public Task<IReadOnlyList<PriceAlert>> ListActiveAsync(IReadOnlyCollection<string>? symbols, CancellationToken ct) =>
        QueryAsync(symbols is null
                ? "SELECT json, version FROM price_alerts WHERE active = 1 ORDER BY created_at, id;"
                : "SELECT json, version FROM price_alerts WHERE active = 1 AND symbol IN (SELECT value FROM json_each($symbols)) ORDER BY created_at, id;",
            c => { if (symbols is not null) c.Parameters.AddWithValue("$symbols", StorageJson.Serialize(symbols.ToList())); }, ct);

    public Task<IReadOnlyList<PriceAlert>> ListWithOutboxAsync(int max, CancellationToken ct) =>
        QueryAsync("SELECT json, version FROM price_alerts WHERE has_outbox = 1 ORDER BY created_at LIMIT $max;",
            c => c.Parameters.AddWithValue("$max", max), ct);

    public async Task<bool> TryReplaceAsync(PriceAlert alert, CancellationToken ct)
    {
        if (!long.TryParse(alert.ConcurrencyToken, NumberStyles.None, CultureInfo.InvariantCulture, out var version)) return false;
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE price_alerts SET active = $active, has_outbox = $outbox, json = $json, version = version + 1
            WHERE user_id = $user AND id = $id AND version = $version;
            """;
        Bind(command, alert);
        command.Parameters.AddWithValue("$version", version);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    private static void Bind(SqliteCommand command, PriceAlert alert)
    {
        command.Parameters.AddWithValue("$user", alert.UserId);
        command.Parameters.AddWithValue("$id", alert.Id);
        command.Parameters.AddWithValue("$symbol", alert.Symbol);
        command.Parameters.AddWithValue("$active", alert.IsDeleted ? 0 : 1);
        command.Parameters.AddWithValue("$outbox", alert.Outbox is { Count: > 0 } ? 1 : 0);
        command.Parameters.AddWithValue("$json", StorageJson.Serialize(alert with { ConcurrencyToken = null }));
    }

    private async Task<IReadOnlyList<PriceAlert>> QueryAsync(string sql, Action<SqliteCommand> bind, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        var alerts = new List<PriceAlert>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            alerts.Add(StorageJson.Deserialize<PriceAlert>(reader.GetString(0)) with
            {
                ConcurrencyToken = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture),
            });
        return alerts;
    }
}
