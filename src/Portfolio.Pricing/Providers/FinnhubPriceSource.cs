using System.Text.Json;
using Portfolio.Application.Prices;

namespace Portfolio.Pricing.Providers;

/// <summary>
/// Finnhub <c>GET /api/v1/quote?symbol=AAPL</c> (one symbol a call; key in the <c>X-Finnhub-Token</c> header).
/// Body <c>{"c":current,"d":..,"dp":..,"h":..,"l":..,"o":..,"pc":previous close,"t":unix seconds}</c>; an unknown symbol answers
/// 200 with <c>c=0</c> and <c>t=0</c> (missing). 429 when over the limit; 401/403 <c>{"error":"..."}</c> for key/plan problems.
/// End of day: <c>c</c> stamped with the close of the trading date of <c>t</c>.
/// </summary>
public sealed class FinnhubPriceSource(IHttpClientFactory clients, ProviderOptions options, TimeProvider time, UsMarketCalendar calendar)
    : HttpPriceSource(ProviderNames.Finnhub, clients, options, time, calendar)
{
    protected override async Task<(IReadOnlyList<Quote> Quotes, IReadOnlyList<string> Missing)> FetchBatchAsync(IReadOnlyList<string> symbols, QuoteKind kind, CancellationToken ct)
    {
        var quotes = new List<Quote>();
        var missing = new List<string>();
        foreach (var symbol in symbols)
        {
            var body = await GetStringAsync($"api/v1/quote?symbol={Uri.EscapeDataString(symbol.ToUpperInvariant())}", ct,
                r => { if (!string.IsNullOrEmpty(Options.ApiKey)) r.Headers.Add("X-Finnhub-Token", Options.ApiKey); }).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new PriceSourceException(PriceSourceFailureKind.Malformed, $"{Name}: expected a JSON object");
            if (root.TryGetProperty("error", out var err))
                throw new PriceSourceException(PriceSourceFailureKind.ServerError, $"{Name}: {err}");
            if (!root.TryGetProperty("c", out _)) throw new PriceSourceException(PriceSourceFailureKind.Malformed, $"{Name}: no 'c' in quote");
            if (!TryGetDecimal(root, "c", out var price) || !TryGetInt64(root, "t", out var t) || price == 0m || t == 0)
            {
                missing.Add(symbol);
                continue;
            }
            var at = FromUnixAny(t);
            if (kind == QuoteKind.EndOfDay)
            {
                // the close of t's trading date, unless that close is still ahead (then the price is not a close: keep its own time)
                var close = CloseOf(Calendar.ExchangeDate(at));
                quotes.Add(new Quote(symbol, price, close <= Time.GetUtcNow() ? close : at, Name, QuoteKind.EndOfDay));
            }
            else
            {
                quotes.Add(new Quote(symbol, price, at, Name, QuoteKind.RealTime));
            }
        }
        return (quotes, missing);
    }
}
