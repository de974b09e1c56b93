using Microsoft.Data.Sqlite;
using Portfolio.Application.Prices;
using Portfolio.Application.Ports;

namespace Portfolio.Storage.Sqlite;

/// <summary>
/// prices_latest holds one row per symbol; price_history one row per (symbol, instant, source), so saving the same quote
/// twice leaves one row (the later save's price wins, as a correction would). Months are UTC months of the quote time.
/// </summary>
public sealed class SqlitePriceStore(SqliteDatabase database) : IPriceStore
{
    public async Task SaveAsync(IReadOnlyList<Quote> quotes, CancellationToken ct)
    {
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

        foreach (var quote in quotes)
        {
            var asOf = SqliteText.Instant(quote.AsOf);
            var price = SqliteText.Money(quote.Price);
            var kind = quote.Kind.ToString();
            hSymbol.Value = lSymbol.Value = quote.Symbol;
            hMonth.Value = SqliteText.Month(quote.AsOf);
            hAsOf.Value = lAsOf.Value = asOf;
            hSource.Value = lSource.Value = quote.Source;
            hKind.Value = lKind.Value = kind;
            hPrice.Value = lPrice.Value = price;
            await history.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await latest.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task<Quote?> GetLatestAsync(string symbol, CancellationToken ct)
    {
        var found = await GetLatestAsync([symbol], ct).ConfigureAwait(false);
        return found.GetValueOrDefault(symbol);
    }

    public async Task<IReadOnlyDictionary<string, Quote>> GetLatestAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
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
