namespace Portfolio.Storage.Sqlite;

/// <summary>Creates the tables on first start; every statement is idempotent, so it runs on every start.</summary>
public sealed class SqliteSchema(SqliteDatabase database)
{
    // Instants are fixed-width ISO 8601 UTC text (SqliteText.Instant); money and quantities are invariant decimal text.
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
            id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            account_id  TEXT    NOT NULL,
            symbol      TEXT    NOT NULL,
            opened_at   TEXT    NOT NULL,
            resolved_at TEXT    NULL,
            json        TEXT    NOT NULL
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

    public async Task EnsureCreatedAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using (var wal = connection.CreateCommand())
        {
            // WAL is a property of the file, kept across connections: readers no longer block the writer.
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var ddl = connection.CreateCommand())
        {
            ddl.Transaction = (Microsoft.Data.Sqlite.SqliteTransaction)transaction;
            ddl.CommandText = Ddl;
            await ddl.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }
}
