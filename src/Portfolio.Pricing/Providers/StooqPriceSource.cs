using System.Globalization;
using Portfolio.Application.Prices;

namespace Portfolio.Pricing.Providers;

/// <summary>
/// Stooq keyless quotes CSV <c>GET /q/l/?s=aapl.us,msft.us&amp;f=sd2t2ohlcv&amp;h&amp;e=csv</c>:
/// header <c>Symbol,Date,Time,Open,High,Low,Close,Volume</c>, one row per symbol, <c>N/D</c> in every field for an unknown symbol.
/// Plain tickers get <see cref="ProviderOptions.DefaultSuffix"/> (BRK.B → brk-b.us). Times are Stooq's local time (Europe/Warsaw).
/// A plain-text "Exceeded the daily hits limit" answer is a rate limit. End of day: the close of the row's date.
/// </summary>
public sealed class StooqPriceSource(IHttpClientFactory clients, ProviderOptions options, TimeProvider time, UsMarketCalendar calendar)
    : HttpPriceSource(ProviderNames.Stooq, clients, options, time, calendar)
{
    private static readonly TimeZoneInfo Warsaw = FindWarsaw();

    public string ToStooqSymbol(string symbol)
    {
        var s = symbol.Trim().ToLowerInvariant();
        return s.Replace('.', '-') + Options.DefaultSuffix.ToLowerInvariant();
    }

    protected override async Task<(IReadOnlyList<Quote> Quotes, IReadOnlyList<string> Missing)> FetchBatchAsync(IReadOnlyList<string> symbols, QuoteKind kind, CancellationToken ct)
    {
        var map = symbols.ToDictionary(s => ToStooqSymbol(s).ToUpperInvariant(), s => s, StringComparer.OrdinalIgnoreCase);
        var s = string.Join(',', map.Keys.Select(k => Uri.EscapeDataString(k.ToLowerInvariant())));
        var body = await GetStringAsync($"q/l/?s={s}&f=sd2t2ohlcv&h&e=csv", ct).ConfigureAwait(false);
        if (body.Contains("exceeded", StringComparison.OrdinalIgnoreCase) && body.Contains("limit", StringComparison.OrdinalIgnoreCase))
            throw new PriceSourceException(PriceSourceFailureKind.RateLimited, $"{Name}: {body.Trim()}");
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0 || !lines[0].StartsWith("Symbol,", StringComparison.OrdinalIgnoreCase))
            throw new PriceSourceException(PriceSourceFailureKind.Malformed, $"{Name}: not the expected CSV header");
        var now = Time.GetUtcNow();
        var quotes = new List<Quote>();
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',');
            if (f.Length < 8) throw new PriceSourceException(PriceSourceFailureKind.Malformed, $"{Name}: short CSV row '{line}'");
            if (!map.TryGetValue(f[0], out var requested)) continue;
            if (f[1] == "N/D" || f[6] == "N/D") continue; // unknown: stays in map → missing
            if (!DateOnly.TryParseExact(f[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                || !TimeOnly.TryParseExact(f[2], "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var tod)
                || !TryParseDecimal(f[6], out var close))
                throw new PriceSourceException(PriceSourceFailureKind.Malformed, $"{Name}: unreadable CSV row '{line}'");
            map.Remove(f[0]);
            var local = date.ToDateTime(tod, DateTimeKind.Unspecified);
            var at = new DateTimeOffset(local, Warsaw.GetUtcOffset(local));
            if (kind == QuoteKind.EndOfDay)
            {
                var closeTime = CloseOf(date);
                quotes.Add(new Quote(requested, close, closeTime <= now ? closeTime : at, Name, QuoteKind.EndOfDay));
            }
            else
            {
                quotes.Add(new Quote(requested, close, at, Name, QuoteKind.RealTime));
            }
        }
        return (quotes, map.Values.ToList());
    }

    private static TimeZoneInfo FindWarsaw()
    {
        foreach (var id in new[] { "Europe/Warsaw", "Central European Standard Time" })
        {
            try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
            catch (TimeZoneNotFoundException) { }
            catch (InvalidTimeZoneException) { }
        }
        return TimeZoneInfo.CreateCustomTimeZone("CET", TimeSpan.FromHours(1), "CET", "CET");
    }
}
