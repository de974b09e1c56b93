using Microsoft.Data.Sqlite;
using Portfolio.Application.Alerts;
using Portfolio.Application.Ports;
using Portfolio.Domain.Rebalancing;

namespace Portfolio.Storage.Sqlite;

/// <summary>
/// Alerts as rows of plain columns (decimals as invariant text). Open alerts live in <c>alerts_open</c>, clustered on
/// (account_id, symbol): its primary key is the one-open-alert rule, and opening an alert touches that table and its
/// outbox index only (schema step 5, <see cref="OpenAlertsMigration"/>). Resolving moves the row into <c>alerts</c>, the
/// history of resolved alerts. Columns rather than a JSON document: the first revaluation after targets are set opens
/// hundreds of thousands of alerts at once.
/// The row is its own notification outbox, written by the same INSERT (opened) or move (resolved) as the change and
/// addressed by <c>owner_id</c>; no extra statement per alert. In <c>alerts</c>, <c>outbox</c> is a JSON array of event
/// kinds; an open alert's can only be <c>drift.opened</c>, so <c>alerts_open</c> keeps a flag, <c>outbox_opened</c>.
/// </summary>
public sealed class SqliteAlertStore(SqliteDatabase database) : IAlertStore
{
    internal const string OpenedOutbox = "[\"drift.opened\"]";

    /// <summary>Alert rows gained an owner and an outbox after version 2: added in place if missing, on every start.</summary>
    // Schema step 4. The probe stays: a file written by a build of stop 10 before the step was versioned has the columns at version 3.
    internal static async Task EnsureOutboxColumnsAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct)
    {
        var has = await SqliteSchema.ScalarAsync(connection, transaction,
            "SELECT count(*) FROM pragma_table_info('alerts') WHERE name = 'outbox';", ct).ConfigureAwait(false);
        if (has is long count && count > 0) return;
        await SqliteSchema.ExecuteAsync(connection, transaction, """
            ALTER TABLE alerts ADD COLUMN owner_id TEXT NULL;
            ALTER TABLE alerts ADD COLUMN outbox   TEXT NULL;
            CREATE INDEX IF NOT EXISTS ix_alerts_outbox ON alerts (id) WHERE outbox IS NOT NULL;
            """, ct).ConfigureAwait(false);
    }

    public async Task<bool> TryOpenAsync(DriftAlert alert, CancellationToken ct) =>
        (await ApplyAsync([alert], [], default, ct)).Opened == 1;

    public async Task<bool> ResolveAsync(string accountId, string symbol, DateTimeOffset resolvedAt, CancellationToken ct) =>
        (await ApplyAsync([], [(accountId, symbol)], resolvedAt, ct)).Resolved == 1;

    /// <summary>
    /// One transaction for the lot. An open that meets an already open alert of its account and symbol (the primary key
    /// of <c>alerts_open</c>) is skipped, not an error; a resolve that finds nothing open changes nothing.
    /// </summary>
    public async Task<(int Opened, int Resolved)> ApplyAsync(
        IReadOnlyList<DriftAlert> toOpen, IReadOnlyList<(string AccountId, string Symbol)> toResolve, DateTimeOffset resolvedAt, CancellationToken ct)
    {
        if (toOpen.Any(a => !a.IsOpen)) throw new ArgumentException("Only an open alert can be opened.", nameof(toOpen));
        if (toOpen.Count == 0 && toResolve.Count == 0) return (0, 0);
        // Derived data, written again by the next revaluation: committed without fsync (SqliteDatabase.OpenForDerivedWriteAsync).
        await using var derived = await database.OpenForDerivedWriteAsync(ct).ConfigureAwait(false);
        var connection = derived.Connection;
        await using var transaction = connection.BeginTransaction(deferred: false);
        int opened = 0, resolved = 0;

        if (toOpen.Count > 0) opened = InsertOpen(connection, toOpen, ct);

        if (toResolve.Count > 0) resolved = await MoveToHistoryAsync(connection, toResolve, resolvedAt, ct).ConfigureAwait(false);

        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return (opened, resolved);
    }

    /// <summary>
    /// Each resolve copies the open row into the history with its resolving time and the resolved event added to its
    /// outbox, then deletes it; the copies count the alerts resolved.
    /// </summary>
    private static async Task<int> MoveToHistoryAsync(
        SqliteConnection connection, IReadOnlyList<(string AccountId, string Symbol)> toResolve, DateTimeOffset resolvedAt, CancellationToken ct)
    {
        await using var copy = connection.CreateCommand();
        copy.CommandText = $"""
            INSERT INTO alerts (account_id, symbol, opened_at, resolved_at, current_percent, target_percent, drift, action, quantity, owner_id, outbox)
            SELECT account_id, symbol, {OpenAlertsMigration.InstantOfTicks}, $resolvedAt, current_percent, target_percent, drift, action, quantity, owner_id,
                CASE WHEN owner_id IS NULL THEN (CASE WHEN outbox_opened THEN '["drift.opened"]' END)
                     WHEN outbox_opened THEN '["drift.opened","drift.resolved"]'
                     ELSE '["drift.resolved"]' END
            FROM alerts_open WHERE account_id = $account AND symbol = $symbol;
            """;
        var account = copy.Parameters.Add("$account", SqliteType.Text);
        var symbol = copy.Parameters.Add("$symbol", SqliteType.Text);
        copy.Parameters.AddWithValue("$resolvedAt", SqliteText.Instant(resolvedAt));
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM alerts_open WHERE account_id = $account AND symbol = $symbol;";
        var deleteAccount = delete.Parameters.Add("$account", SqliteType.Text);
        var deleteSymbol = delete.Parameters.Add("$symbol", SqliteType.Text);
        var resolved = 0;
        foreach (var (accountId, alertSymbol) in toResolve)
        {
            account.Value = deleteAccount.Value = accountId;
            symbol.Value = deleteSymbol.Value = alertSymbol;
            if (await copy.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0) continue;
            await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            resolved++;
        }
        return resolved;
    }

    private const string InsertOpenSql = """
        INSERT INTO alerts_open (account_id, symbol, opened_at, current_percent, target_percent, drift, action, quantity, owner_id, outbox_opened)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
        ON CONFLICT DO NOTHING;
        """;

    /// <summary>
    /// One prepared INSERT stepped once per alert (<see cref="SqlitePositionalStatement"/>): a first revaluation opens
    /// thousands of alerts a page. A row meeting an open alert of its account and symbol (the primary key, or an
    /// earlier row of the same lot) is skipped; the changes count the rest.
    /// </summary>
    private static int InsertOpen(SqliteConnection connection, IReadOnlyList<DriftAlert> toOpen, CancellationToken ct)
    {
        using var insert = new SqlitePositionalStatement(connection, InsertOpenSql);
        var opened = 0;
        DriftAlert? previous = null;
        foreach (var alert in toOpen)
        {
            ct.ThrowIfCancellationRequested();
            // SQLite keeps a statement's values bound across steps: what the previous alert bound is not bound again. An
            // account's alerts share their account, owner and opening, and mostly their target and action.
            if (previous is null || !string.Equals(previous.AccountId, alert.AccountId, StringComparison.Ordinal)) insert.Text(1, alert.AccountId);
            insert.Text(2, alert.Symbol);
            if (previous is null || previous.OpenedAt.UtcTicks != alert.OpenedAt.UtcTicks) insert.Integer(3, alert.OpenedAt.UtcTicks);
            insert.Money(4, alert.CurrentPercent);
            if (previous is null || !SameText(previous.TargetPercent, alert.TargetPercent)) insert.Money(5, alert.TargetPercent);
            insert.Money(6, alert.Drift);
            if (previous is null || previous.Action != alert.Action) insert.Text(7, ActionText(alert.Action));
            if (alert.Quantity is { } quantity) insert.Money(8, quantity);
            else insert.Text(8, null);
            if (previous is null || !string.Equals(previous.OwnerId, alert.OwnerId, StringComparison.Ordinal))
            {
                insert.Text(9, alert.OwnerId);
                // An alert without an owner cannot be notified: no outbox then.
                insert.Integer(10, alert.OwnerId is null ? 0 : 1);
            }
            opened += insert.Step();
            previous = alert;
        }
        return opened;
    }

    /// <summary>Equal decimals of another scale (10 and 10.0) are other text.</summary>
    private static bool SameText(decimal a, decimal b) => a == b && a.Scale == b.Scale;

    /// <summary>One query for a page of accounts, reading only the key columns (no alert documents).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> ListOpenSymbolsAsync(IReadOnlyCollection<string> accountIds, CancellationToken ct)
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        if (accountIds.Count > 0)
        {
            await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT account_id, symbol FROM alerts_open
                WHERE account_id IN (SELECT value FROM json_each($accounts));
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

    public async Task<IReadOnlyList<DriftAlert>> ListWithOutboxAsync(int max, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT symbol, opened_at, current_percent, target_percent, drift, action, quantity, resolved_at, account_id, owner_id, outbox FROM (
                SELECT symbol, {OpenAlertsMigration.InstantOfTicks} AS opened_at, current_percent, target_percent, drift, action, quantity,
                    NULL AS resolved_at, account_id, owner_id, '{OpenedOutbox}' AS outbox
                FROM (SELECT * FROM alerts_open WHERE outbox_opened = 1 ORDER BY opened_at, account_id, symbol LIMIT $max)
                UNION ALL
                SELECT * FROM (
                    SELECT symbol, opened_at, current_percent, target_percent, drift, action, quantity, resolved_at, account_id, owner_id, outbox
                    FROM alerts WHERE outbox IS NOT NULL ORDER BY id LIMIT $max))
            ORDER BY opened_at, account_id, symbol, resolved_at IS NULL LIMIT $max;
            """;
        command.Parameters.AddWithValue("$max", max);
        var alerts = new List<DriftAlert>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            alerts.Add(Read(reader, reader.GetString(8)) with
            {
                OwnerId = reader.IsDBNull(9) ? null : reader.GetString(9),
                Outbox = System.Text.Json.JsonSerializer.Deserialize<List<string>>(reader.GetString(10)),
            });
        return alerts;
    }

    public async Task<bool> TryClearOutboxAsync(DriftAlert alert, CancellationToken ct) =>
        await TryClearOutboxesAsync([alert], ct).ConfigureAwait(false) == 1;

    /// <summary>
    /// One transaction and one prepared UPDATE per table for the lot, each clear with the semantics of
    /// <see cref="TryClearOutboxAsync"/>. An alert listed open is looked for among the open ones only: resolved since, its
    /// outbox gained the resolved event (or had none, without an owner), so it no longer matches either way.
    /// </summary>
    public async Task<int> TryClearOutboxesAsync(IReadOnlyList<DriftAlert> alerts, CancellationToken ct)
    {
        if (alerts.Count == 0) return 0;
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var clearOpen = ClearOutboxCommand(connection, """
            UPDATE alerts_open SET outbox_opened = 0
            WHERE account_id = $account AND symbol = $symbol AND opened_at = $openedAt AND outbox_opened = 1;
            """);
        await using var clearResolved = ClearOutboxCommand(connection, """
            UPDATE alerts SET outbox = NULL
            WHERE account_id = $account AND symbol = $symbol AND opened_at = $openedAt AND outbox = $outbox;
            """);
        var cleared = 0;
        foreach (var alert in alerts)
        {
            var outbox = System.Text.Json.JsonSerializer.Serialize(alert.Outbox ?? []);
            // An open row's outbox holds the opened event or nothing: a listing holding anything else no longer matches it.
            if (alert.IsOpen && outbox != OpenedOutbox) continue;
            var command = alert.IsOpen ? clearOpen : clearResolved;
            command.Parameters[0].Value = alert.AccountId;
            command.Parameters[1].Value = alert.Symbol;
            command.Parameters[2].Value = alert.IsOpen ? alert.OpenedAt.UtcTicks : SqliteText.Instant(alert.OpenedAt);
            command.Parameters[3].Value = outbox;
            if (await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0) cleared++;
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return cleared;
    }

    private static SqliteCommand ClearOutboxCommand(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        // Typed by their values: the open table keeps its opening instant as ticks, the history as text.
        foreach (var name in new[] { "$account", "$symbol", "$openedAt", "$outbox" }) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    private static DriftAlert Read(SqliteDataReader reader, string accountId) =>
        new(accountId, reader.GetString(0), SqliteText.ParseInstant(reader.GetString(1)),
            SqliteText.ParseMoney(reader.GetString(2)), SqliteText.ParseMoney(reader.GetString(3)), SqliteText.ParseMoney(reader.GetString(4)),
            ParseAction(reader.GetString(5)), reader.IsDBNull(6) ? null : SqliteText.ParseMoney(reader.GetString(6)),
            reader.IsDBNull(7) ? null : SqliteText.ParseInstant(reader.GetString(7)));

    public async Task<IReadOnlyList<DriftAlert>> ListAsync(string accountId, bool includeResolved, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        // Newest first. The alerts one revaluation opens share their opening time and are written in symbol order, so
        // (symbol DESC, then the open one) lists them as the insertion order did when all were rows of one table.
        command.CommandText = $"""
            SELECT symbol, opened_at, current_percent, target_percent, drift, action, quantity, resolved_at FROM (
                SELECT symbol, {OpenAlertsMigration.InstantOfTicks} AS opened_at, current_percent, target_percent, drift, action, quantity,
                    NULL AS resolved_at, 0 AS id
                FROM alerts_open WHERE account_id = $account
                {(includeResolved ? """
                UNION ALL
                SELECT symbol, opened_at, current_percent, target_percent, drift, action, quantity, resolved_at, id
                FROM alerts WHERE account_id = $account
                """ : "")})
            ORDER BY opened_at DESC, symbol DESC, resolved_at IS NULL DESC, id DESC;
            """;
        command.Parameters.AddWithValue("$account", accountId);
        var alerts = new List<DriftAlert>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            alerts.Add(Read(reader, accountId));
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
