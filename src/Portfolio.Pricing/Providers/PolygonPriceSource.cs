using System.Net.Http.Headers;
using System.Text.Json;
using Portfolio.Application.Prices;

namespace Portfolio.Pricing.Providers;

/// <summary>
/// Polygon.io (now also branded Massive). Real-time: the multi-ticker snapshot
/// <c>GET /v2/snapshot/locale/us/markets/stocks/tickers?tickers=A,B</c> (batched), price = <c>lastTrade.p</c> at <c>lastTrade.t</c> (ns),
/// falling back to the latest minute bar <c>min.c</c>/<c>min.t</c>, then <c>day.c</c> at <c>updated</c>. Unknown tickers are absent from
/// <c>tickers</c>. End of day: <c>GET /v2/aggs/ticker/{t}/prev</c> per ticker (<c>results[0].c</c>; unknown → <c>resultsCount: 0</c>), or one
/// <c>GET /v2/aggs/grouped/locale/us/market/stocks/{date}</c> for many tickers. Errors: 401/403 <c>{"status":"ERROR"|"NOT_AUTHORIZED",...}</c>,
/// 429 when over the plan's limit. The key goes in the <c>Authorization: Bearer</c> header, not the URL.
/// </summary>
public sealed class PolygonPriceSource(IHttpClientFactory clients, ProviderOptions options, TimeProvider time, UsMarketCalendar calendar)
    : HttpPriceSource(ProviderNames.Polygon, clients, options, time, calendar)
{
    public override async Task<PriceSourceResult> FetchAsync(IReadOnlyList<string> symbols, QuoteKind kind, CancellationToken ct)
    {
        if (kind == QuoteKind.EndOfDay && symbols.Count > Options.GroupedDailyThreshold)
            return await GroupedDailyAsync(symbols, ct).ConfigureAwait(false);
        return await base.FetchAsync(symbols, kind, ct).ConfigureAwait(false);
    }

    protected override Task<(IReadOnlyList<Quote> Quotes, IReadOnlyList<string> Missing)> FetchBatchAsync(IReadOnlyList<string> symbols, QuoteKind kind, CancellationToken ct)
        => kind == QuoteKind.RealTime ? SnapshotAsync(symbols, ct) : PreviousCloseAsync(symbols, ct);

    private void Authorize(HttpRequestMessage request)
    {
        if (!string.IsNullOrEmpty(Options.ApiKey)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Options.ApiKey);
    }

    private async Task<(IReadOnlyList<Quote>, IReadOnlyList<string>)> SnapshotAsync(IReadOnlyList<string> symbols, CancellationToken ct)
    {
        var tickers = string.Join(',', symbols.Select(s => Uri.EscapeDataString(s.ToUpperInvariant())));
        var body = await GetStringAsync($"v2/snapshot/locale/us/markets/stocks/tickers?tickers={tickers}", ct, Authorize).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        ThrowOnErrorStatus(root);
        var bySymbol = symbols.ToDictionary(s => s.ToUpperInvariant(), s => s, StringComparer.OrdinalIgnoreCase);
        var quotes = new List<Quote>();
        if (root.TryGetProperty("tickers", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var t in list.EnumerateArray())
            {
                var ticker = t.TryGetProperty("ticker", out var tk) ? tk.GetString() : null;
                if (ticker is null || !bySymbol.Remove(ticker, out var requested)) continue;
                if (TryPrice(t, out var price, out var asOf))
                    quotes.Add(new Quote(requested, price, asOf, Name, QuoteKind.RealTime));
                else
                    bySymbol[ticker] = requested; // listed but without a usable price: missing
            }
        }
        return (quotes, bySymbol.Values.ToList());
    }

    private static bool TryPrice(JsonElement t, out decimal price, out DateTimeOffset asOf)
    {
        asOf = default;
        if (t.TryGetProperty("lastTrade", out var lt) && TryGetDecimal(lt, "p", out price) && price > 0 && TryGetInt64(lt, "t", out var ts) && ts > 0)
        {
            asOf = FromUnixAny(ts);
            return true;
        }
        if (t.TryGetProperty("min", out var min) && TryGetDecimal(min, "c", out price) && price > 0 && TryGetInt64(min, "t", out ts) && ts > 0)
        {
            asOf = FromUnixAny(ts);
            return true;
        }
        if (t.TryGetProperty("day", out var day) && TryGetDecimal(day, "c", out price) && price > 0 && TryGetInt64(t, "updated", out ts) && ts > 0)
        {
            asOf = FromUnixAny(ts);
            return true;
        }
        price = 0;
        return false;
    }

    private async Task<(IReadOnlyList<Quote>, IReadOnlyList<string>)> PreviousCloseAsync(IReadOnlyList<string> symbols, CancellationToken ct)
    {
        var quotes = new List<Quote>();
        var missing = new List<string>();
        foreach (var symbol in symbols)
        {
            var body = await GetStringAsync($"v2/aggs/ticker/{Uri.EscapeDataString(symbol.ToUpperInvariant())}/prev?adjusted=true", ct, Authorize).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(body);
            ThrowOnErrorStatus(doc.RootElement);
            var bar = doc.RootElement.TryGetProperty("results", out var r) && r.ValueKind == JsonValueKind.Array && r.GetArrayLength() > 0 ? r[0] : default;
            if (bar.ValueKind == JsonValueKind.Object && TryGetDecimal(bar, "c", out var close) && TryGetInt64(bar, "t", out var ts))
                quotes.Add(new Quote(symbol, close, CloseOf(Calendar.ExchangeDate(FromUnixAny(ts))), Name, QuoteKind.EndOfDay));
            else
                missing.Add(symbol);
        }
        return (quotes, missing);
    }

    private async Task<PriceSourceResult> GroupedDailyAsync(IReadOnlyList<string> symbols, CancellationToken ct)
    {
        var session = Calendar.LastCompletedSession(Time.GetUtcNow());
        var wanted = symbols.ToDictionary(s => s.ToUpperInvariant(), s => s, StringComparer.OrdinalIgnoreCase);
        try
        {
            var body = await GetStringAsync($"v2/aggs/grouped/locale/us/market/stocks/{session:yyyy-MM-dd}?adjusted=true", ct, Authorize).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(body);
            ThrowOnErrorStatus(doc.RootElement);
            var quotes = new List<Quote>();
            if (doc.RootElement.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array)
                foreach (var bar in results.EnumerateArray())
                {
                    var t = bar.TryGetProperty("T", out var tk) ? tk.GetString() : null;
                    if (t is null || !wanted.TryGetValue(t, out var requested) || !TryGetDecimal(bar, "c", out var close)) continue;
                    wanted.Remove(t);
                    quotes.Add(new Quote(requested, close, CloseOf(session), Name, QuoteKind.EndOfDay));
                }
            return new PriceSourceResult(quotes, wanted.Values.ToList());
        }
        catch (Exception ex) when (ex is PriceSourceException or JsonException or HttpRequestException or Polly.Timeout.TimeoutRejectedException
                                       or Polly.CircuitBreaker.BrokenCircuitException or Polly.RateLimiting.RateLimiterRejectedException
                                   || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            var kind = ex switch
            {
                PriceSourceException p => p.Kind,
                JsonException => PriceSourceFailureKind.Malformed,
                Polly.CircuitBreaker.BrokenCircuitException => PriceSourceFailureKind.CircuitOpen,
                Polly.RateLimiting.RateLimiterRejectedException => PriceSourceFailureKind.RateLimited,
                HttpRequestException => PriceSourceFailureKind.Transport,
                _ => PriceSourceFailureKind.Timeout,
            };
            return PriceSourceResult.Fail(kind, Redact($"{Name}: grouped daily failed: {ex.Message}"));
        }
    }

    private void ThrowOnErrorStatus(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new PriceSourceException(PriceSourceFailureKind.Malformed, $"{Name}: expected a JSON object");
        var status = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        if (status is "ERROR" or "NOT_AUTHORIZED")
        {
            var message = root.TryGetProperty("error", out var e) ? e.GetString() : root.TryGetProperty("message", out var m) ? m.GetString() : status;
            var kind = status == "NOT_AUTHORIZED" || (message?.Contains("API Key", StringComparison.OrdinalIgnoreCase) ?? false)
                ? PriceSourceFailureKind.Unauthorized
                : (message?.Contains("exceeded", StringComparison.OrdinalIgnoreCase) ?? false) ? PriceSourceFailureKind.RateLimited : PriceSourceFailureKind.ServerError;
            throw new PriceSourceException(kind, $"{Name}: {status}: {message}");
        }
    }
}
