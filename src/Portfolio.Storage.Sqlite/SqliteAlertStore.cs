using Microsoft.Data.Sqlite;
using Portfolio.Application.Alerts;
using Portfolio.Application.Ports;
using Portfolio.Domain.Rebalancing;

namespace Portfolio.Storage.Sqlite;

/// <summary>
/// Alerts as rows of plain columns (decimals as invariant text); a partial unique index allows one row per account and
/// symbol with resolved_at NULL, so resolving is a single UPDATE. Columns rather than a JSON document: the first
/// revaluation after targets are set opens hundreds of thousands of alerts at once.
/// </summary>
public sealed class SqliteAlertStore(SqliteDatabase database) : IAlertStore
{
    public async Task<bool> TryOpenAsync(DriftAlert alert, CancellationToken ct) =>
        (await ApplyAsync([alert], [], default, ct)).Opened == 1;

    public async Task<bool> ResolveAsync(string accountId, string symbol, DateTimeOffset resolvedAt, CancellationToken ct) =>
        (await ApplyAsync([], [(accountId, symbol)], resolvedAt, ct)).Resolved == 1;

    /// <summary>
    /// One transaction for the lot. An open that meets an already open alert of its account and symbol (the partial
    /// unique index) is skipped, not an error; a resolve that finds nothing open changes nothing.
    /// </summary>
    public async Task<(int Opened, int Resolved)> ApplyAsync(
        IReadOnlyList<DriftAlert> toOpen, IReadOnlyList<(string AccountId, string Symbol)> toResolve, DateTimeOffset resolvedAt, CancellationToken ct)
    {
        if (toOpen.Any(a => !a.IsOpen)) throw new ArgumentException("Only an open alert can be opened.", nameof(toOpen));
        if (toOpen.Count == 0 && toResolve.Count == 0) return (0, 0);
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        int opened = 0, resolved = 0;

        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = """
                INSERT INTO alerts (account_id, symbol, opened_at, resolved_at, current_percent, target_percent, drift, action, quantity)
                VALUES ($account, $symbol, $openedAt, NULL, $current, $target, $drift, $action, $quantity)
                ON CONFLICT DO NOTHING;
                """;
            var account = insert.Parameters.Add("$account", SqliteType.Text);
            var symbol = insert.Parameters.Add("$symbol", SqliteType.Text);
            var openedAt = insert.Parameters.Add("$openedAt", SqliteType.Text);
            var current = insert.Parameters.Add("$current", SqliteType.Text);
            var target = insert.Parameters.Add("$target", SqliteType.Text);
            var drift = insert.Parameters.Add("$drift", SqliteType.Text);
            var action = insert.Parameters.Add("$action", SqliteType.Text);
            var quantity = insert.Parameters.Add("$quantity", SqliteType.Text);
            foreach (var alert in toOpen)
            {
                account.Value = alert.AccountId;
                symbol.Value = alert.Symbol;
                openedAt.Value = SqliteText.Instant(alert.OpenedAt);
                current.Value = SqliteText.Money(alert.CurrentPercent);
                target.Value = SqliteText.Money(alert.TargetPercent);
                drift.Value = SqliteText.Money(alert.Drift);
                action.Value = ActionText(alert.Action);
                quantity.Value = alert.Quantity is { } q ? SqliteText.Money(q) : DBNull.Value;
                opened += await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }

        await using (var update = connection.CreateCommand())
        {
            update.CommandText = """
                UPDATE alerts SET resolved_at = $resolvedAt
                WHERE account_id = $account AND symbol = $symbol AND resolved_at IS NULL;
                """;
            var account = update.Parameters.Add("$account", SqliteType.Text);
            var symbol = update.Parameters.Add("$symbol", SqliteType.Text);
            update.Parameters.AddWithValue("$resolvedAt", SqliteText.Instant(resolvedAt));
            foreach (var (accountId, alertSymbol) in toResolve)
            {
                account.Value = accountId;
                symbol.Value = alertSymbol;
                resolved += await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return (opened, resolved);
    }

    /// <summary>One query for a page of accounts, reading only the key columns (no alert documents).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> ListOpenSymbolsAsync(IReadOnlyCollection<string> accountIds, CancellationToken ct)
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        if (accountIds.Count > 0)
        {
            await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT account_id, symbol FROM alerts
                WHERE resolved_at IS NULL AND account_id IN (SELECT value FROM json_each($accounts));
                """;
            command.Parameters.AddWithValue("$accounts", System.Text.Json.JsonSerializer.Serialize(accountIds));
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var accountId = reader.GetString(0);
                if (!result.TryGetValue(accountId, out var symbols)) result[accountId] = symbols = new HashSet<string>(StringComparer.Ordinal);
                symbols.Add(reader.GetString(1));
            }
        }
        return result.ToDictionary(kv => kv.Key, kv => (IReadOnlySet<string>)kv.Value, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<DriftAlert>> ListAsync(string accountId, bool includeResolved, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT symbol, opened_at, current_percent, target_percent, drift, action, quantity, resolved_at FROM alerts
            WHERE account_id = $account {(includeResolved ? "" : "AND resolved_at IS NULL")}
            ORDER BY opened_at DESC, id DESC;
            """;
        command.Parameters.AddWithValue("$account", accountId);
        var alerts = new List<DriftAlert>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            alerts.Add(new DriftAlert(accountId, reader.GetString(0), SqliteText.ParseInstant(reader.GetString(1)),
                SqliteText.ParseMoney(reader.GetString(2)), SqliteText.ParseMoney(reader.GetString(3)), SqliteText.ParseMoney(reader.GetString(4)),
                ParseAction(reader.GetString(5)), reader.IsDBNull(6) ? null : SqliteText.ParseMoney(reader.GetString(6)),
                reader.IsDBNull(7) ? null : SqliteText.ParseInstant(reader.GetString(7))));
        }
        return alerts;
    }

    // The names the JSON documents used (camelCase), which the migration copies as they are.
    private static string ActionText(TradeAction action) => action switch
    {
        TradeAction.Buy => "buy",
        TradeAction.Sell => "sell",
        _ => "none",
    };

    private static TradeAction ParseAction(string text) => text switch
    {
        "buy" => TradeAction.Buy,
        "sell" => TradeAction.Sell,
        "none" => TradeAction.None,
        _ => throw new FormatException($"unknown trade action '{text}' in the alerts table"),
    };
}
