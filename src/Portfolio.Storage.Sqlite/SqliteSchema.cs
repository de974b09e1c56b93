using Microsoft.Data.Sqlite;

namespace Portfolio.Storage.Sqlite;

/// <summary>
/// Creates the tables on first start and migrates an older database in place (<see cref="CurrentVersion"/>); it runs on
/// every start and changes nothing the second time.
/// </summary>
public sealed class SqliteSchema(SqliteDatabase database)
{
    // Instants are fixed-width ISO 8601 UTC text (SqliteText.Instant); money and quantities are invariant decimal text.
    // Version 0, exactly as every database before schema versions has it; later versions are migrations on top.
    internal const string Ddl = """
        CREATE TABLE IF NOT EXISTS accounts (
            id         TEXT    NOT NULL PRIMARY KEY,
            owner_id   TEXT    NOT NULL,
            version    INTEGER NOT NULL,
            json       TEXT    NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_accounts_owner ON accounts (owner_id, id);

        CREATE TABLE IF NOT EXISTS ledger (
            account_id      TEXT    NOT NULL REFERENCES accounts (id),
            seq             INTEGER NOT NULL,
            idempotency_key TEXT    NULL,
            request_hash    TEXT    NULL,
            recorded_at     TEXT    NOT NULL,
            type            TEXT    NOT NULL,
            json            TEXT    NOT NULL,
            PRIMARY KEY (account_id, seq)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX IF NOT EXISTS ux_ledger_idempotency_key
            ON ledger (account_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

        CREATE TABLE IF NOT EXISTS prices_latest (
            symbol  TEXT NOT NULL PRIMARY KEY,
            as_of   TEXT NOT NULL,
            source  TEXT NOT NULL,
            kind    TEXT NOT NULL,
            price   TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS price_history (
            symbol  TEXT NOT NULL,
            month   TEXT NOT NULL,
            as_of   TEXT NOT NULL,
            source  TEXT NOT NULL,
            kind    TEXT NOT NULL,
            price   TEXT NOT NULL,
            PRIMARY KEY (symbol, as_of, source)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_price_history_month ON price_history (symbol, month);

        CREATE TABLE IF NOT EXISTS alerts (
            id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            account_id      TEXT    NOT NULL,
            symbol          TEXT    NOT NULL,
            opened_at       TEXT    NOT NULL,
            resolved_at     TEXT    NULL,
            current_percent TEXT    NOT NULL,
            target_percent  TEXT    NOT NULL,
            drift           TEXT    NOT NULL,
            action          TEXT    NOT NULL,
            quantity        TEXT    NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS ux_alerts_open
            ON alerts (account_id, symbol) WHERE resolved_at IS NULL;
        CREATE INDEX IF NOT EXISTS ix_alerts_account ON alerts (account_id, opened_at);

        CREATE TABLE IF NOT EXISTS snapshots (
            account_id TEXT NOT NULL,
            date       TEXT NOT NULL,
            json       TEXT NOT NULL,
            PRIMARY KEY (account_id, date)
        ) WITHOUT ROWID;
        """;

    /// <summary>The stored daily series of each account (docs/storage.md, "Daily series"): new tables, created on every start.</summary>
    internal const string DailySeriesDdl = """
        CREATE TABLE IF NOT EXISTS series_heads (
            account_id     TEXT    NOT NULL PRIMARY KEY,
            revision       INTEGER NOT NULL,
            ledger_version INTEGER NOT NULL,
            close_version  INTEGER NOT NULL,
            last_date      TEXT    NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS series_days (
            account_id TEXT NOT NULL,
            date       TEXT NOT NULL,
            value      TEXT NOT NULL,
            cash       TEXT NOT NULL,
            net_flow   TEXT NOT NULL,
            income     TEXT NOT NULL,
            growth     TEXT NOT NULL,
            PRIMARY KEY (account_id, date)
        ) WITHOUT ROWID;
        """;

    /// <summary>
    /// The schema version this code writes, kept in <c>PRAGMA user_version</c>. 0: the tables of <see cref="Ddl"/> alone
    /// (every database written before versions existed); 1: daily closes with change versions; 2: alerts in columns;
    /// 3: ledger rows carry the log prefix hash every checkpoint interval; 4: drift alerts carry their owner and outbox;
    /// 5: open drift alerts in a table of their own (<see cref="OpenAlertsMigration"/>).
    /// </summary>
    public const int CurrentVersion = 5;

    /// <summary>
    /// Creates a new database, or brings an existing one up to <see cref="CurrentVersion"/> in place: each migration runs
    /// once, in the same transaction as the version it sets, so an interrupted start leaves the old version intact.
    /// </summary>
    public async Task EnsureCreatedAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using (var wal = connection.CreateCommand())
        {
            // WAL is a property of the file, kept across connections: readers no longer block the writer.
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        // IMMEDIATE: two processes starting on one file migrate one after the other, the second finding it done.
        await using var transaction = connection.BeginTransaction(deferred: false);
        // The suspect and series tables are new and idempotent (IF NOT EXISTS): created on every start, no version step needed.
        await ExecuteAsync(connection, transaction, Ddl + SqliteSuspectQuoteStore.Ddl + DailySeriesDdl, ct).ConfigureAwait(false);
        // Ledger checkpoints: a table of its own, created if missing on every start (an older file gains it in place).
        await ExecuteAsync(connection, transaction, SqliteLedgerCheckpointStore.Ddl, ct).ConfigureAwait(false);
        // Compact ledger states: likewise a table of its own, created if missing (an older file gains it, empty, in place).
        await ExecuteAsync(connection, transaction, SqliteLedgerStateStore.Ddl, ct).ConfigureAwait(false);
        // Orders, notifications and webhooks: tables of their own, created if missing on every start.
        await ExecuteAsync(connection, transaction, SqliteOrderStore.Ddl + SqliteNotificationStore.Ddl, ct).ConfigureAwait(false);
        var version = Convert.ToInt32(await ScalarAsync(connection, transaction, "PRAGMA user_version;", ct).ConfigureAwait(false),
            System.Globalization.CultureInfo.InvariantCulture);
        if (version > CurrentVersion)
            throw new InvalidOperationException(
                $"The database has schema version {version}, newer than this program's {CurrentVersion}: run the newer program, or restore a backup.");
        if (version < 1) await DailyClosesMigration.ApplyAsync(connection, transaction, ct).ConfigureAwait(false);
        if (version < 2) await AlertColumnsMigration.ApplyAsync(connection, transaction, ct).ConfigureAwait(false);
        if (version < 3) await LedgerPrefixHashMigration.ApplyAsync(connection, transaction, ct).ConfigureAwait(false);
        if (version < 4) await SqliteAlertStore.EnsureOutboxColumnsAsync(connection, transaction, ct).ConfigureAwait(false);
        if (version < 5) await OpenAlertsMigration.ApplyAsync(connection, transaction, ct).ConfigureAwait(false);
        // Watchlists and price alerts: tables of their own, created if missing on every start.
        await ExecuteAsync(connection, transaction, SqliteWatchlistStore.Ddl + SqlitePriceAlertStore.Ddl, ct).ConfigureAwait(false);
        if (version < CurrentVersion)
            await ExecuteAsync(connection, transaction, $"PRAGMA user_version = {CurrentVersion};", ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    internal static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    internal static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }
}
