using System.Globalization;
using System.Text.Json;
using Portfolio.Application.Prices;

namespace Portfolio.Pricing.Providers;

/// <summary>
/// Alpha Vantage <c>GET /query?function=GLOBAL_QUOTE&amp;symbol=IBM&amp;apikey=KEY</c> (real time; <c>"Global Quote"</c> with string fields
/// <c>"05. price"</c>, <c>"07. latest trading day"</c>) and <c>function=TIME_SERIES_DAILY</c> (end of day; newest date in
/// <c>"Time Series (Daily)"</c>, <c>"4. close"</c>). One symbol a call. Answers that are not prices come back as HTTP 200:
/// <c>{"Note": ...}</c> or <c>{"Information": ...}</c> for rate limits, premium endpoints and key problems (the call fails and no
/// further symbols are asked), <c>{"Error Message": ...}</c> or an empty <c>"Global Quote": {}</c> for unknown symbols (missing).
/// GLOBAL_QUOTE has no intraday time: during the session its price is stamped min(now, close of the latest trading day).
/// </summary>
public sealed class AlphaVantagePriceSource(IHttpClientFactory clients, ProviderOptions options, TimeProvider time, UsMarketCalendar calendar)
    : HttpPriceSource(ProviderNames.AlphaVantage, clients, options, time, calendar)
{
    protected override async Task<(IReadOnlyList<Quote> Quotes, IReadOnlyList<string> Missing)> FetchBatchAsync(IReadOnlyList<string> symbols, QuoteKind kind, CancellationToken ct)
    {
        var quotes = new List<Quote>();
        var missing = new List<string>();
        var function = kind == QuoteKind.RealTime ? "GLOBAL_QUOTE" : "TIME_SERIES_DAILY";
        foreach (var symbol in symbols)
        {
            var body = await GetStringAsync($"query?function={function}&symbol={Uri.EscapeDataString(symbol.ToUpperInvariant())}&apikey={Uri.EscapeDataString(Options.ApiKey ?? "")}", ct).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new PriceSourceException(PriceSourceFailureKind.Malformed, $"{Name}: expected a JSON object");
            ThrowOnNotice(root);
            if (root.TryGetProperty("Error Message", out _)) { missing.Add(symbol); continue; }
            var quote = kind == QuoteKind.RealTime ? ParseGlobalQuote(root, symbol) : ParseDaily(root, symbol);
            if (quote is null) missing.Add(symbol); else quotes.Add(quote);
        }
        return (quotes, missing);
    }

    private void ThrowOnNotice(JsonElement root)
    {
        foreach (var field in new[] { "Note", "Information" })
        {
            if (!root.TryGetProperty(field, out var n)) continue;
            var text = n.GetString() ?? "";
            var kind = text.Contains("apikey", StringComparison.OrdinalIgnoreCase) && text.Contains("invalid", StringComparison.OrdinalIgnoreCase)
                ? PriceSourceFailureKind.Unauthorized
                : PriceSourceFailureKind.RateLimited;
            throw new PriceSourceException(kind, $"{Name}: {field}: {text}");
        }
    }

    private Quote? ParseGlobalQuote(JsonElement root, string symbol)
    {
        if (!root.TryGetProperty("Global Quote", out var gq)) throw new PriceSourceException(PriceSourceFailureKind.Malformed, $"{Name}: no 'Global Quote'");
        if (gq.ValueKind != JsonValueKind.Object || !gq.EnumerateObject().Any()) return null; // unknown symbol: {}
        if (!TryGetDecimal(gq, "05. price", out var price))
            throw new PriceSourceException(PriceSourceFailureKind.Malformed, $"{Name}: unreadable '05. price' for {symbol}");
        var dayText = gq.TryGetProperty("07. latest trading day", out var d) ? d.GetString() : null;
        if (!DateOnly.TryParseExact(dayText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            throw new PriceSourceException(PriceSourceFailureKind.Malformed, $"{Name}: unreadable '07. latest trading day' for {symbol}");
        var now = Time.GetUtcNow();
        var close = CloseOf(day);
        return new Quote(symbol, price, close < now ? close : now, Name, QuoteKind.RealTime);
    }

    private Quote? ParseDaily(JsonElement root, string symbol)
    {
        if (!root.TryGetProperty("Time Series (Daily)", out var series) || series.ValueKind != JsonValueKind.Object)
            throw new PriceSourceException(PriceSourceFailureKind.Malformed, $"{Name}: no 'Time Series (Daily)'");
        DateOnly? best = null;
        JsonElement bar = default;
        foreach (var p in series.EnumerateObject())
        {
            if (!DateOnly.TryParseExact(p.Name, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) continue;
            if (CloseOf(day) > Time.GetUtcNow()) continue; // today's bar while the session is still running is not a close
            if (best is null || day > best) { best = day; bar = p.Value; }
        }
        if (best is null) return null;
        if (!TryGetDecimal(bar, "4. close", out var close))
            throw new PriceSourceException(PriceSourceFailureKind.Malformed, $"{Name}: unreadable '4. close' for {symbol}");
        return new Quote(symbol, close, CloseOf(best.Value), Name, QuoteKind.EndOfDay);
    }
}
