using Microsoft.Data.Sqlite;

namespace Portfolio.Storage.Sqlite;

/// <summary>
/// Schema version 5: the alerts table rebuilt so that an insert updates one account index instead of two, and no
/// sqlite_sequence row. The first revaluation after targets are set opens hundreds of thousands of alerts, and each index
/// an insert updates cost about a fifth of its time (bench/results/fanout-first-2026-12-02-stop14.txt).
/// <list type="bullet">
/// <item><c>resolved_key</c> is '' while the alert is open and its <c>opened_at</c> once resolved; the unique index
/// (account_id, resolved_key, symbol) allows one open alert per account and symbol (as the partial index did), keeps an
/// account's open alerts together (the revaluation's read), and finds a resolved alert by its account, symbol and opening
/// time (the relay's clear), the identity the Cosmos adapter gives it too. It replaces ux_alerts_open and
/// ix_alerts_account.</item>
/// <item>A plain rowid instead of AUTOINCREMENT: alerts are never deleted, so ids still only grow, and the relay's
/// order (by id) is kept: rows are copied with their ids.</item>
/// </list>
/// Two resolved alerts of one account and symbol opened at the same instant (which the Cosmos adapter keeps as one) both
/// survive: the later one's key gets its id appended.
/// </summary>
internal static class AlertKeysMigration
{
    /// <summary>The table and indexes as this version writes them (a new database gets them through this migration too).</summary>
    private const string Rebuild = """
        CREATE TABLE alerts_keyed (
            id              INTEGER NOT NULL PRIMARY KEY,
            account_id      TEXT    NOT NULL,
            resolved_key    TEXT    NOT NULL,
            symbol          TEXT    NOT NULL,
            opened_at       TEXT    NOT NULL,
            resolved_at     TEXT    NULL,
            current_percent TEXT    NOT NULL,
            target_percent  TEXT    NOT NULL,
            drift           TEXT    NOT NULL,
            action          TEXT    NOT NULL,
            quantity        TEXT    NULL,
            owner_id        TEXT    NULL,
            outbox          TEXT    NULL
        );
        INSERT INTO alerts_keyed (id, account_id, resolved_key, symbol, opened_at, resolved_at,
                                  current_percent, target_percent, drift, action, quantity, owner_id, outbox)
        SELECT id, account_id,
               CASE WHEN resolved_at IS NULL THEN ''
                    WHEN row_number() OVER (PARTITION BY account_id, symbol, opened_at, resolved_at IS NULL ORDER BY id) = 1 THEN opened_at
                    ELSE opened_at || '#' || id END,
               symbol, opened_at, resolved_at, current_percent, target_percent, drift, action, quantity, owner_id, outbox
        FROM alerts ORDER BY id;
        DROP TABLE alerts;
        ALTER TABLE alerts_keyed RENAME TO alerts;
        CREATE UNIQUE INDEX ux_alerts_account ON alerts (account_id, resolved_key, symbol);
        CREATE INDEX ix_alerts_outbox ON alerts (id) WHERE outbox IS NOT NULL;
        """;

    public static async Task ApplyAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct)
    {
        var keyed = await SqliteSchema.ScalarAsync(connection, transaction,
            "SELECT count(*) FROM pragma_table_info('alerts') WHERE name = 'resolved_key';", ct).ConfigureAwait(false);
        if (keyed is long count && count > 0) return;
        await SqliteSchema.ExecuteAsync(connection, transaction, Rebuild, ct).ConfigureAwait(false);
    }
}
