using Microsoft.Data.Sqlite;

namespace Portfolio.Storage.Sqlite;

/// <summary>
/// Schema version 5: open drift alerts get a table of their own, <c>alerts_open</c>, clustered on (account_id, symbol)
/// (WITHOUT ROWID), whose primary key is the one-open-alert rule; <c>alerts</c> keeps the resolved ones. Opening an alert
/// then writes one row into two B-trees (the table and its outbox index) instead of four (rowid, open, account and outbox
/// indexes): a first revaluation opens 605,000 at once. Its row is also smaller: the opening instant is an integer of
/// UTC ticks (exact, 8 bytes in the row and in the outbox index instead of 28 of text), and the outbox is a flag, since
/// an open alert's outbox can only hold <c>drift.opened</c> (the resolved event is written when the row moves to
/// <c>alerts</c>). Existing open rows are moved over in place, in the same transaction as the version, with their outbox
/// and owner; <c>ux_alerts_open</c> stays, always empty (the version-0 tables are created if missing on every start).
/// </summary>
internal static class OpenAlertsMigration
{
    internal const string Ddl = """
        CREATE TABLE IF NOT EXISTS alerts_open (
            account_id      TEXT NOT NULL,
            symbol          TEXT NOT NULL,
            opened_at       INTEGER NOT NULL,
            current_percent TEXT NOT NULL,
            target_percent  TEXT NOT NULL,
            drift           TEXT NOT NULL,
            action          TEXT NOT NULL,
            quantity        TEXT NULL,
            owner_id        TEXT NULL,
            outbox_opened   INTEGER NOT NULL,
            PRIMARY KEY (account_id, symbol)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_alerts_open_outbox ON alerts_open (opened_at) WHERE outbox_opened = 1;
        """;

    /// <summary>SqliteText.Instant's text (fixed width, UTC) as ticks since 0001-01-01, exactly: whole seconds, then the 7 fraction digits.</summary>
    private const string TicksOfInstant =
        "(CAST(strftime('%s', substr(opened_at, 1, 19)) AS INTEGER) + 62135596800) * 10000000 + CAST(substr(opened_at, 21, 7) AS INTEGER)";

    /// <summary>The text of SqliteText.Instant for a column of UTC ticks: how the history and the listings read an open row's opening.</summary>
    internal const string InstantOfTicks =
        "(strftime('%Y-%m-%dT%H:%M:%S', opened_at / 10000000 - 62135596800, 'unixepoch') || '.' || printf('%07d', opened_at % 10000000) || 'Z')";

    private const string MoveOpenRows = $"""
        INSERT INTO alerts_open (account_id, symbol, opened_at, current_percent, target_percent, drift, action, quantity, owner_id, outbox_opened)
            SELECT account_id, symbol, {TicksOfInstant}, current_percent, target_percent, drift, action, quantity, owner_id,
                outbox IS NOT NULL
            FROM alerts WHERE resolved_at IS NULL ORDER BY account_id, symbol;
        DELETE FROM alerts WHERE resolved_at IS NULL;
        """;

    public static Task ApplyAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct) =>
        SqliteSchema.ExecuteAsync(connection, transaction, Ddl + MoveOpenRows, ct);
}
