using Microsoft.Data.Sqlite;

namespace Portfolio.Storage.Sqlite;

/// <summary>
/// Schema version 1: <c>daily_closes</c>, one row per (symbol, New York market date) with the change version that last
/// wrote it, fed from the single-row counter <c>close_version</c>; existing history is backfilled into closes.
/// </summary>
internal static class DailyClosesMigration
{
    /// <summary>The version the backfilled closes carry: the first, so that any later change is newer.</summary>
    public const long BackfillVersion = 1;

    private const string Ddl = """
        CREATE TABLE daily_closes (
            symbol  TEXT    NOT NULL,
            date    TEXT    NOT NULL,
            as_of   TEXT    NOT NULL,
            source  TEXT    NOT NULL,
            price   TEXT    NOT NULL,
            version INTEGER NOT NULL,
            PRIMARY KEY (symbol, date)
        ) WITHOUT ROWID;
        -- Changes since a version, per symbol: a range of this index, whatever the size of the table.
        CREATE INDEX ix_daily_closes_version ON daily_closes (symbol, version);

        CREATE TABLE close_version (
            id    INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            value INTEGER NOT NULL
        );
        INSERT INTO close_version (id, value) VALUES (1, 0);
        """;

    public static async Task ApplyAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct)
    {
        await SqliteSchema.ExecuteAsync(connection, transaction, Ddl, ct).ConfigureAwait(false);
        if (await BackfillAsync(connection, transaction, ct).ConfigureAwait(false) > 0)
            await SqliteSchema.ExecuteAsync(connection, transaction,
                $"UPDATE close_version SET value = {BackfillVersion};", ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Streams the history in (symbol, as_of, source) order, the order in which the close of a date is the last quote of it:
    /// market dates only grow within a symbol, so one pending close per symbol is all that is held in memory.
    /// </summary>
    private static async Task<int> BackfillAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct)
    {
        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT symbol, as_of, source, price FROM price_history ORDER BY symbol, as_of, source;";

        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"""
            INSERT INTO daily_closes (symbol, date, as_of, source, price, version)
            VALUES ($symbol, $date, $asOf, $source, $price, {BackfillVersion});
            """;
        var symbol = insert.Parameters.Add("$symbol", SqliteType.Text);
        var date = insert.Parameters.Add("$date", SqliteType.Text);
        var asOf = insert.Parameters.Add("$asOf", SqliteType.Text);
        var source = insert.Parameters.Add("$source", SqliteType.Text);
        var price = insert.Parameters.Add("$price", SqliteType.Text);

        var written = 0;
        (string Symbol, DateOnly Date, string AsOf, string Source, string Price)? pending = null;
        async Task FlushAsync()
        {
            if (pending is not { } close) return;
            (symbol.Value, date.Value, asOf.Value, source.Value, price.Value) =
                (close.Symbol, SqliteText.Date(close.Date), close.AsOf, close.Source, close.Price);
            await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            written++;
        }

        // Within a symbol the rows come oldest first, so a row belongs to the pending date until one reaches the next New
        // York midnight: comparing the fixed-width text against it spares a time-zone conversion per row.
        var nextDayStarts = "";
        await using (var reader = await read.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var row = (Symbol: reader.GetString(0), AsOf: reader.GetString(1), Source: reader.GetString(2), Price: reader.GetString(3));
                if (pending is { } open && open.Symbol == row.Symbol && string.CompareOrdinal(row.AsOf, nextDayStarts) < 0)
                {
                    pending = open with { AsOf = row.AsOf, Source = row.Source, Price = row.Price };
                    continue;
                }
                await FlushAsync().ConfigureAwait(false);
                var day = MarketClock.MarketDate(SqliteText.ParseInstant(row.AsOf));
                nextDayStarts = SqliteText.Instant(MarketClock.DayStart(day.AddDays(1)));
                pending = (row.Symbol, day, row.AsOf, row.Source, row.Price);
            }
        }
        await FlushAsync().ConfigureAwait(false);
        return written;
    }
}
