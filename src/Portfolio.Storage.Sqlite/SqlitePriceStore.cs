using Microsoft.Data.Sqlite;
using Portfolio.Application.Prices;
using Portfolio.Application.Ports;

namespace Portfolio.Storage.Sqlite;

/// <summary>
/// prices_latest holds one row per symbol; price_history one row per (symbol, instant, source), so saving the same quote
/// twice leaves one row (the later save's price wins, as a correction would). Months are UTC months of the quote time.
/// daily_closes holds one row per (symbol, New York market date), written in the same transaction as the quotes, with the
/// close version (close_version's counter) of the save that last changed it.
/// </summary>
public sealed class SqlitePriceStore(SqliteDatabase database) : IPriceStore
{
    public async Task SaveAsync(IReadOnlyList<Quote> quotes, CancellationToken ct)
    {
        using var activity = Portfolio.Application.Operations.PortfolioTelemetry.Storage.StartActivity("sqlite quotes save", System.Diagnostics.ActivityKind.Client);
        if (quotes.Count == 0) return;
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        // IMMEDIATE: take the write lock up front, so a busy database makes this wait (busy_timeout) instead of failing
        // when a read transaction would have to be upgraded.
        await using var transaction = connection.BeginTransaction(deferred: false);

        await using var history = connection.CreateCommand();
        history.Transaction = transaction;
        history.CommandText = """
            INSERT INTO price_history (symbol, month, as_of, source, kind, price) VALUES ($symbol, $month, $asOf, $source, $kind, $price)
            ON CONFLICT (symbol, as_of, source) DO UPDATE SET kind = excluded.kind, price = excluded.price;
            """;
        var hSymbol = history.Parameters.Add("$symbol", SqliteType.Text);
        var hMonth = history.Parameters.Add("$month", SqliteType.Text);
        var hAsOf = history.Parameters.Add("$asOf", SqliteType.Text);
        var hSource = history.Parameters.Add("$source", SqliteType.Text);
        var hKind = history.Parameters.Add("$kind", SqliteType.Text);
        var hPrice = history.Parameters.Add("$price", SqliteType.Text);

        await using var latest = connection.CreateCommand();
        latest.Transaction = transaction;
        // Only a strictly newer quote replaces the latest: an older or equally old one arriving late changes nothing.
        latest.CommandText = """
            INSERT INTO prices_latest (symbol, as_of, source, kind, price) VALUES ($symbol, $asOf, $source, $kind, $price)
            ON CONFLICT (symbol) DO UPDATE SET as_of = excluded.as_of, source = excluded.source, kind = excluded.kind, price = excluded.price
            WHERE excluded.as_of > prices_latest.as_of;
            """;
        var lSymbol = latest.Parameters.Add("$symbol", SqliteType.Text);
        var lAsOf = latest.Parameters.Add("$asOf", SqliteType.Text);
        var lSource = latest.Parameters.Add("$source", SqliteType.Text);
        var lKind = latest.Parameters.Add("$kind", SqliteType.Text);
        var lPrice = latest.Parameters.Add("$price", SqliteType.Text);

        // One version for every close this save changes: the counter's next value, stored only if something changed.
        var version = 1 + (long)(await SqliteSchema.ScalarAsync(connection, transaction, "SELECT value FROM close_version;", ct).ConfigureAwait(false))!;
        await using var close = connection.CreateCommand();
        close.Transaction = transaction;
        // The close rule of DailyClose.IsReplacedBy, in SQL: a later (as_of, source) replaces the close, the same one with
        // another price is a correction, an earlier one changes nothing.
        close.CommandText = """
            INSERT INTO daily_closes (symbol, date, as_of, source, price, version) VALUES ($symbol, $date, $asOf, $source, $price, $version)
            ON CONFLICT (symbol, date) DO UPDATE SET as_of = excluded.as_of, source = excluded.source, price = excluded.price, version = excluded.version
            WHERE (excluded.as_of, excluded.source) > (daily_closes.as_of, daily_closes.source)
               OR (excluded.as_of = daily_closes.as_of AND excluded.source = daily_closes.source AND excluded.price <> daily_closes.price);
            """;
        var cSymbol = close.Parameters.Add("$symbol", SqliteType.Text);
        var cDate = close.Parameters.Add("$date", SqliteType.Text);
        var cAsOf = close.Parameters.Add("$asOf", SqliteType.Text);
        var cSource = close.Parameters.Add("$source", SqliteType.Text);
        var cPrice = close.Parameters.Add("$price", SqliteType.Text);
        close.Parameters.AddWithValue("$version", version);
        var closesChanged = 0;

        foreach (var quote in quotes)
        {
            hSymbol.Value = quote.Symbol;
            hMonth.Value = SqliteText.Month(quote.AsOf);
            hAsOf.Value = SqliteText.Instant(quote.AsOf);
            hSource.Value = quote.Source;
            hKind.Value = quote.Kind.ToString();
            hPrice.Value = SqliteText.Money(quote.Price);
            await history.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        // The latest and the closes are written once per symbol and per symbol-day (a backfill of a year is 39 quotes a
        // day): the batch is reduced in memory by the same rules the statements apply, so the stored outcome is the one
        // saving the quotes one at a time would leave.
        var (newest, lastOfDay) = Reduce(quotes);
        foreach (var quote in newest)
        {
            lSymbol.Value = quote.Symbol;
            lAsOf.Value = SqliteText.Instant(quote.AsOf);
            lSource.Value = quote.Source;
            lKind.Value = quote.Kind.ToString();
            lPrice.Value = SqliteText.Money(quote.Price);
            await latest.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        foreach (var (date, quote) in lastOfDay)
        {
            cSymbol.Value = quote.Symbol;
            cDate.Value = SqliteText.Date(date);
            cAsOf.Value = SqliteText.Instant(quote.AsOf);
            cSource.Value = quote.Source;
            cPrice.Value = SqliteText.Money(quote.Price);
            closesChanged += await close.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        if (closesChanged > 0)
        {
            await using var counter = connection.CreateCommand();
            counter.Transaction = transaction;
            counter.CommandText = "UPDATE close_version SET value = $version;";
            counter.Parameters.AddWithValue("$version", version);
            await counter.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Per symbol the first quote of the batch with the latest instant (a later one with the same instant does not replace
    /// it), and per symbol and market date the quote that ends up as the close when the batch is applied in order
    /// (<see cref="DailyClose.IsReplacedBy"/>).
    /// </summary>
    private static (IEnumerable<Quote> Newest, IEnumerable<(DateOnly Date, Quote Quote)> LastOfDay) Reduce(IReadOnlyList<Quote> quotes)
    {
        var newest = new Dictionary<string, Quote>(StringComparer.Ordinal);
        var closes = new Dictionary<(string Symbol, DateOnly Date), DailyClose>();
        var ofClose = new Dictionary<(string Symbol, DateOnly Date), Quote>();
        foreach (var quote in quotes)
        {
            if (!newest.TryGetValue(quote.Symbol, out var known) || quote.AsOf > known.AsOf) newest[quote.Symbol] = quote;
            var key = (quote.Symbol, MarketClock.MarketDate(quote.AsOf));
            if (!closes.TryGetValue(key, out var current) || current.IsReplacedBy(quote))
            {
                closes[key] = new DailyClose(quote.Symbol, key.Item2, quote.Price, quote.AsOf, quote.Source);
                ofClose[key] = quote;
            }
        }
        return (newest.Values, ofClose.Select(kv => (kv.Key.Date, kv.Value)));
    }

    public async Task<Quote?> GetLatestAsync(string symbol, CancellationToken ct)
    {
        var found = await GetLatestAsync([symbol], ct).ConfigureAwait(false);
        return found.GetValueOrDefault(symbol);
    }

    public async Task<IReadOnlyDictionary<string, Quote>> GetLatestAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        using var activity = Portfolio.Application.Operations.PortfolioTelemetry.Storage.StartActivity("sqlite quotes latest", System.Diagnostics.ActivityKind.Client);
        var result = new Dictionary<string, Quote>(StringComparer.Ordinal);
        if (symbols.Count == 0) return result;
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        // One parameter per symbol; the list is the handful a portfolio holds, far below SQLite's parameter limit.
        var names = symbols.Distinct(StringComparer.Ordinal).Select((symbol, i) =>
        {
            var name = "$s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            command.Parameters.AddWithValue(name, symbol);
            return name;
        }).ToList();
        command.CommandText = $"SELECT symbol, as_of, source, kind, price FROM prices_latest WHERE symbol IN ({string.Join(", ", names)});";
        foreach (var quote in await ReadQuotesAsync(command, ct).ConfigureAwait(false))
            result[quote.Symbol] = quote;
        return result;
    }

    public async Task<IReadOnlyList<Quote>> GetHistoryAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT symbol, as_of, source, kind, price FROM price_history
            WHERE symbol = $symbol AND as_of >= $from AND as_of < $to ORDER BY as_of, source;
            """;
        command.Parameters.AddWithValue("$symbol", symbol);
        command.Parameters.AddWithValue("$from", SqliteText.Instant(from));
        command.Parameters.AddWithValue("$to", SqliteText.Instant(to));
        return await ReadQuotesAsync(command, ct).ConfigureAwait(false);
    }

    /// <summary>One query for all the symbols (a JSON array parameter expanded by json_each), grouped in memory.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<Quote>>> GetHistoryAsync(
        IReadOnlyCollection<string> symbols, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        if (symbols.Count == 0) return new Dictionary<string, IReadOnlyList<Quote>>();
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT symbol, as_of, source, kind, price FROM price_history
            WHERE symbol IN (SELECT value FROM json_each($symbols)) AND as_of >= $from AND as_of < $to
            ORDER BY symbol, as_of, source;
            """;
        command.Parameters.AddWithValue("$symbols", System.Text.Json.JsonSerializer.Serialize(symbols));
        command.Parameters.AddWithValue("$from", SqliteText.Instant(from));
        command.Parameters.AddWithValue("$to", SqliteText.Instant(to));
        var quotes = await ReadQuotesAsync(command, ct).ConfigureAwait(false);
        return quotes.GroupBy(q => q.Symbol, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Quote>)g.ToList(), StringComparer.Ordinal);
    }

    /// <summary>One query over all the symbols, from the closes table alone (the history may have been pruned).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<DailyClose>>> GetDailyClosesAsync(
        IReadOnlyCollection<string> symbols, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var result = new Dictionary<string, IReadOnlyList<DailyClose>>(StringComparer.Ordinal);
        if (symbols.Count == 0 || from > to) return result;
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT symbol, date, price, as_of, source FROM daily_closes
            WHERE symbol IN (SELECT value FROM json_each($symbols)) AND date >= $from AND date <= $to
            ORDER BY symbol, date;
            """;
        command.Parameters.AddWithValue("$symbols", System.Text.Json.JsonSerializer.Serialize(symbols));
        command.Parameters.AddWithValue("$from", SqliteText.Date(from));
        command.Parameters.AddWithValue("$to", SqliteText.Date(to));
        var closes = new List<DailyClose>();
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                closes.Add(new DailyClose(reader.GetString(0), SqliteText.ParseDate(reader.GetString(1)),
                    SqliteText.ParseMoney(reader.GetString(2)), SqliteText.ParseInstant(reader.GetString(3)), reader.GetString(4)));
        }
        foreach (var group in closes.GroupBy(c => c.Symbol, StringComparer.Ordinal))
            result[group.Key] = group.ToList();
        return result;
    }

    /// <summary>
    /// The counter and the earliest changed date in one statement, so both come from the same snapshot. The planner would
    /// walk the primary key (symbol, date) through every close of each symbol; the (symbol, version) index reads only the
    /// changed ones, so the cost follows the changes, not the years of closes kept; and when the counter has not moved
    /// past <c>sinceVersion</c> no close changed at all, and none is looked at.
    /// </summary>
    public async Task<CloseChanges> GetCloseChangesAsync(IReadOnlyCollection<string> symbols, long sinceVersion, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT value,
                   CASE WHEN value > $since THEN
                       (SELECT MIN(date) FROM daily_closes INDEXED BY ix_daily_closes_version
                         WHERE symbol IN (SELECT value FROM json_each($symbols)) AND version > $since)
                   END
            FROM close_version;
            """;
        command.Parameters.AddWithValue("$symbols", System.Text.Json.JsonSerializer.Serialize(symbols));
        command.Parameters.AddWithValue("$since", sinceVersion);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        return new CloseChanges(reader.GetInt64(0), reader.IsDBNull(1) ? null : SqliteText.ParseDate(reader.GetString(1)));
    }

    /// <summary>
    /// Deletes a batch of symbols per transaction, each a range of the primary key (symbol, as_of, …), so that a first prune
    /// of a long history never holds the write lock for long. Every stored symbol has a latest row, which lists them.
    /// </summary>
    public async Task<int> PruneHistoryAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var symbols = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT symbol FROM prices_latest ORDER BY symbol;";
            await using var reader = await list.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false)) symbols.Add(reader.GetString(0));
        }
        var removed = 0;
        foreach (var batch in symbols.Chunk(PruneBatch))
        {
            await using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM price_history WHERE symbol IN (SELECT value FROM json_each($symbols)) AND as_of < $before;";
            delete.Parameters.AddWithValue("$symbols", System.Text.Json.JsonSerializer.Serialize(batch));
            delete.Parameters.AddWithValue("$before", SqliteText.Instant(before));
            removed += await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        return removed;
    }

    private const int PruneBatch = 50;

    private static async Task<List<Quote>> ReadQuotesAsync(SqliteCommand command, CancellationToken ct)
    {
        var quotes = new List<Quote>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            quotes.Add(new Quote(
                Symbol: reader.GetString(0),
                Price: SqliteText.ParseMoney(reader.GetString(4)),
                AsOf: SqliteText.ParseInstant(reader.GetString(1)),
                Source: reader.GetString(2),
                Kind: Enum.Parse<QuoteKind>(reader.GetString(3))));
        }
        return quotes;
    }
}
