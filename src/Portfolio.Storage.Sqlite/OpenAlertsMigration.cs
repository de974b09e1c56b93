using Microsoft.Data.Sqlite;

namespace Portfolio.Storage.Sqlite;

/// <summary>
/// Schema version 5: open drift alerts get a table of their own, <c>alerts_open</c>, clustered on (account_id, symbol)
/// (WITHOUT ROWID), whose primary key is the one-open-alert rule; <c>alerts</c> keeps the resolved ones. Opening an alert
/// then writes one row into two B-trees (the table and its outbox index) instead of four (rowid, open, account and outbox
/// indexes): a first revaluation opens 605,000 at once. Existing open rows are moved over in place, in the same
/// transaction as the version, with their outbox and owner; <c>ux_alerts_open</c> stays, always empty (the version-0
/// tables are created if missing on every start).
/// </summary>
internal static class OpenAlertsMigration
{
    internal const string Ddl = """
        CREATE TABLE IF NOT EXISTS alerts_open (
            account_id      TEXT NOT NULL,
            symbol          TEXT NOT NULL,
            opened_at       TEXT NOT NULL,
            current_percent TEXT NOT NULL,
            target_percent  TEXT NOT NULL,
            drift           TEXT NOT NULL,
            action          TEXT NOT NULL,
            quantity        TEXT NULL,
            owner_id        TEXT NULL,
            outbox          TEXT NULL,
            PRIMARY KEY (account_id, symbol)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_alerts_open_outbox ON alerts_open (opened_at) WHERE outbox IS NOT NULL;
        """;

    private const string MoveOpenRows = """
        INSERT INTO alerts_open (account_id, symbol, opened_at, current_percent, target_percent, drift, action, quantity, owner_id, outbox)
            SELECT account_id, symbol, opened_at, current_percent, target_percent, drift, action, quantity, owner_id, outbox
            FROM alerts WHERE resolved_at IS NULL ORDER BY account_id, symbol;
        DELETE FROM alerts WHERE resolved_at IS NULL;
        """;

    public static Task ApplyAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct) =>
        SqliteSchema.ExecuteAsync(connection, transaction, Ddl + MoveOpenRows, ct);
}
