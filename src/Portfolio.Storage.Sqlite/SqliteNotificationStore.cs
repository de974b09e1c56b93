using System.Globalization;
using Microsoft.Data.Sqlite;
using Portfolio.Application.Common;
using Portfolio.Application.Notifications;
using Portfolio.Application.Ports;

namespace Portfolio.Storage.Sqlite;

/// <summary>Notifications as JSON rows keyed by (user, event id), with the columns the queries need; webhooks one row per user.</summary>
public sealed class SqliteNotificationStore(SqliteDatabase database) : INotificationStore
{
    internal const string Ddl = """
        CREATE TABLE IF NOT EXISTS notifications (
            user_id         TEXT    NOT NULL,
            id              TEXT    NOT NULL,
            at              TEXT    NOT NULL,
            read            INTEGER NOT NULL,
            delivery        TEXT    NOT NULL,
            next_attempt_at TEXT    NULL,
            version         INTEGER NOT NULL,
            json            TEXT    NOT NULL,
            PRIMARY KEY (user_id, id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_notifications_user ON notifications (user_id, at);
        CREATE INDEX IF NOT EXISTS ix_notifications_due ON notifications (next_attempt_at) WHERE delivery = 'pending';
        CREATE TABLE IF NOT EXISTS webhooks (
            user_id TEXT NOT NULL PRIMARY KEY,
            json    TEXT NOT NULL
        ) WITHOUT ROWID;
        """;

    public async Task<bool> TryAddAsync(Notification notification, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO notifications (user_id, id, at, read, delivery, next_attempt_at, version, json)
            VALUES ($user, $id, $at, $read, $delivery, $next, 1, $json)
            ON CONFLICT (user_id, id) DO NOTHING;
            """;
        Bind(command, notification);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// One INSERT … SELECT over a JSON array of rows (as the alerts' batched insert), in one transaction: a relay batch is
    /// one statement, and a row whose (user, id) exists, in the table or earlier in the batch, is skipped.
    /// </summary>
    public async Task<int> TryAddManyAsync(IReadOnlyList<Notification> notifications, CancellationToken ct)
    {
        if (notifications.Count == 0) return 0;
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO notifications (user_id, id, at, read, delivery, next_attempt_at, version, json)
            SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, 1, value ->> 6
            FROM json_each($rows) WHERE true
            ON CONFLICT (user_id, id) DO NOTHING;
            """;
        command.Parameters.Add("$rows", SqliteType.Text).Value = RowsJson(notifications);
        var added = await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return added;
    }

    /// <summary>[[user, id, at, read, delivery, next|null, json], …]: the columns <see cref="Bind"/> writes, in order.</summary>
    private static string RowsJson(IReadOnlyList<Notification> notifications) =>
        SqliteJsonRows.Of(notifications, 400, (json, n) =>
        {
            json.WriteStringValue(n.UserId);
            json.WriteStringValue(n.Id);
            json.WriteStringValue(SqliteText.Instant(n.At));
            json.WriteNumberValue(n.Read ? 1 : 0);
            json.WriteStringValue(DeliveryText(n.Delivery));
            if (n.NextAttemptAt is { } next) json.WriteStringValue(SqliteText.Instant(next));
            else json.WriteNullValue();
            json.WriteStringValue(StorageJson.Serialize(n with { ConcurrencyToken = null }));
        });

    private static string DeliveryText(DeliveryStatus delivery) => delivery.ToString().ToLowerInvariant();

    public async Task<Notification?> GetAsync(string userId, string id, CancellationToken ct)
    {
        var rows = await QueryAsync("SELECT json, version FROM notifications WHERE user_id = $user AND id = $id;",
            c => { c.Parameters.AddWithValue("$user", userId); c.Parameters.AddWithValue("$id", id); }, ct).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<Notification>> ListAsync(string userId, bool unreadOnly, int max, CancellationToken ct) =>
        QueryAsync($"SELECT json, version FROM notifications WHERE user_id = $user {(unreadOnly ? "AND read = 0" : "")} ORDER BY at DESC, id DESC LIMIT $max;",
            c => { c.Parameters.AddWithValue("$user", userId); c.Parameters.AddWithValue("$max", max); }, ct);

    public Task<IReadOnlyList<Notification>> ListDueDeliveriesAsync(DateTimeOffset dueBy, int max, CancellationToken ct) =>
        QueryAsync("SELECT json, version FROM notifications WHERE delivery = 'pending' AND next_attempt_at <= $due ORDER BY next_attempt_at, id LIMIT $max;",
            c => { c.Parameters.AddWithValue("$due", SqliteText.Instant(dueBy)); c.Parameters.AddWithValue("$max", max); }, ct);

    public async Task<bool> TryReplaceAsync(Notification notification, CancellationToken ct)
    {
        if (!long.TryParse(notification.ConcurrencyToken, NumberStyles.None, CultureInfo.InvariantCulture, out var version)) return false;
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE notifications SET read = $read, delivery = $delivery, next_attempt_at = $next, json = $json, version = version + 1
            WHERE user_id = $user AND id = $id AND version = $version;
            """;
        Bind(command, notification);
        command.Parameters.AddWithValue("$version", version);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    public async Task PutWebhookAsync(Webhook webhook, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO webhooks (user_id, json) VALUES ($user, $json) ON CONFLICT (user_id) DO UPDATE SET json = excluded.json;";
        command.Parameters.AddWithValue("$user", webhook.UserId);
        command.Parameters.AddWithValue("$json", StorageJson.Serialize(webhook));
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<Webhook?> GetWebhookAsync(string userId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM webhooks WHERE user_id = $user;";
        command.Parameters.AddWithValue("$user", userId);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is string json ? StorageJson.Deserialize<Webhook>(json) : null;
    }

    /// <summary>One query for the lot, the user ids passed as one JSON array.</summary>
    public async Task<IReadOnlyDictionary<string, Webhook>> GetWebhooksAsync(IReadOnlyCollection<string> userIds, CancellationToken ct)
    {
        var webhooks = new Dictionary<string, Webhook>(StringComparer.Ordinal);
        if (userIds.Count == 0) return webhooks;
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT user_id, json FROM webhooks WHERE user_id IN (SELECT value FROM json_each($users));";
        command.Parameters.AddWithValue("$users", System.Text.Json.JsonSerializer.Serialize(userIds));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            webhooks[reader.GetString(0)] = StorageJson.Deserialize<Webhook>(reader.GetString(1));
        return webhooks;
    }

    private static void Bind(SqliteCommand command, Notification n)
    {
        command.Parameters.AddWithValue("$user", n.UserId);
        command.Parameters.AddWithValue("$id", n.Id);
        command.Parameters.AddWithValue("$at", SqliteText.Instant(n.At));
        command.Parameters.AddWithValue("$read", n.Read ? 1 : 0);
        command.Parameters.AddWithValue("$delivery", DeliveryText(n.Delivery));
        command.Parameters.AddWithValue("$next", n.NextAttemptAt is { } next ? SqliteText.Instant(next) : DBNull.Value);
        command.Parameters.AddWithValue("$json", StorageJson.Serialize(n with { ConcurrencyToken = null }));
    }

    private async Task<IReadOnlyList<Notification>> QueryAsync(string sql, Action<SqliteCommand> bind, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        var rows = new List<Notification>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            rows.Add(StorageJson.Deserialize<Notification>(reader.GetString(0)) with
            {
                ConcurrencyToken = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture),
            });
        return rows;
    }
}
