using System.Globalization;
using Microsoft.Data.Sqlite;
using Portfolio.Application.Common;
using Portfolio.Application.Orders;
using Portfolio.Application.Ports;

namespace Portfolio.Storage.Sqlite;

/// <summary>
/// Orders as JSON rows with the columns the queries need; <see cref="Order.ConcurrencyToken"/> is the row's version. A
/// transition and the notification it writes into the order's outbox are one row update, so one transaction.
/// </summary>
public sealed class SqliteOrderStore(SqliteDatabase database) : IOrderStore
{
    internal const string Ddl = """
        CREATE TABLE IF NOT EXISTS orders (
            account_id TEXT    NOT NULL,
            id         TEXT    NOT NULL,
            status     TEXT    NOT NULL,
            symbol     TEXT    NOT NULL,
            created_at TEXT    NOT NULL,
            has_outbox INTEGER NOT NULL,
            version    INTEGER NOT NULL,
            json       TEXT    NOT NULL,
            PRIMARY KEY (account_id, id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_orders_account ON orders (account_id, created_at, id);
        CREATE INDEX IF NOT EXISTS ix_orders_pending ON orders (symbol, created_at, id) WHERE status = 'pending';
        CREATE INDEX IF NOT EXISTS ix_orders_outbox ON orders (created_at) WHERE has_outbox = 1;
        """;

    public async Task<bool> TryCreateAsync(Order order, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO orders (account_id, id, status, symbol, created_at, has_outbox, version, json)
            VALUES ($account, $id, $status, $symbol, $created, $outbox, 1, $json)
            ON CONFLICT (account_id, id) DO NOTHING;
            """;
        Bind(command, order);
        command.Parameters.AddWithValue("$created", SqliteText.Instant(order.CreatedAt));
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    public async Task<Order?> GetAsync(string accountId, string orderId, CancellationToken ct)
    {
        var rows = await QueryAsync("SELECT json, version FROM orders WHERE account_id = $account AND id = $id;",
            c => { c.Parameters.AddWithValue("$account", accountId); c.Parameters.AddWithValue("$id", orderId); }, ct).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<Order>> ListByAccountAsync(string accountId, OrderStatus? status, CancellationToken ct) =>
        QueryAsync(status is null
                ? "SELECT json, version FROM orders WHERE account_id = $account ORDER BY created_at, id;"
                : "SELECT json, version FROM orders WHERE account_id = $account AND status = $status ORDER BY created_at, id;",
            c =>
            {
                c.Parameters.AddWithValue("$account", accountId);
                if (status is { } s) c.Parameters.AddWithValue("$status", StatusText(s));
            }, ct);

    public Task<IReadOnlyList<Order>> ListPendingAsync(IReadOnlyCollection<string>? symbols, CancellationToken ct) =>
        QueryAsync(symbols is null
                ? "SELECT json, version FROM orders WHERE status = 'pending' ORDER BY created_at, id;"
                : "SELECT json, version FROM orders WHERE status = 'pending' AND symbol IN (SELECT value FROM json_each($symbols)) ORDER BY created_at, id;",
            c => { if (symbols is not null) c.Parameters.AddWithValue("$symbols", StorageJson.Serialize(symbols.ToList())); }, ct);

    public Task<IReadOnlyList<Order>> ListWithOutboxAsync(int max, CancellationToken ct) =>
        QueryAsync("SELECT json, version FROM orders WHERE has_outbox = 1 ORDER BY created_at LIMIT $max;",
            c => c.Parameters.AddWithValue("$max", max), ct);

    public async Task<bool> TryReplaceAsync(Order order, CancellationToken ct)
    {
        if (!long.TryParse(order.ConcurrencyToken, NumberStyles.None, CultureInfo.InvariantCulture, out var version)) return false;
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE orders SET status = $status, symbol = $symbol, has_outbox = $outbox, json = $json, version = version + 1
            WHERE account_id = $account AND id = $id AND version = $version;
            """;
        Bind(command, order);
        command.Parameters.AddWithValue("$version", version);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    internal static string StatusText(OrderStatus status) => status.ToString().ToLowerInvariant();

    private static void Bind(SqliteCommand command, Order order)
    {
        command.Parameters.AddWithValue("$account", order.AccountId);
        command.Parameters.AddWithValue("$id", order.Id);
        command.Parameters.AddWithValue("$status", StatusText(order.Status));
        command.Parameters.AddWithValue("$symbol", order.Symbol);
        command.Parameters.AddWithValue("$outbox", order.Outbox is { Count: > 0 } ? 1 : 0);
        command.Parameters.AddWithValue("$json", StorageJson.Serialize(order with { ConcurrencyToken = null }));
    }

    private async Task<IReadOnlyList<Order>> QueryAsync(string sql, Action<SqliteCommand> bind, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        var orders = new List<Order>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            orders.Add(StorageJson.Deserialize<Order>(reader.GetString(0)) with
            {
                ConcurrencyToken = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture),
            });
        return orders;
    }
}
