using System.Globalization;
using Portfolio.Application.Prices;

namespace Portfolio.Pricing.Providers;

/// <summary>
/// AMFI India daily NAV file <c>GET /spages/NAVAll.txt</c> (keyless), lines
/// <c>Scheme Code;ISIN Div Payout/ ISIN Growth;ISIN Div Reinvestment;Scheme Name;Net Asset Value;Date</c> with dd-MMM-yyyy dates,
/// separated by blank lines and section headers (scheme category, fund house). A symbol is an AMFI scheme code (e.g. 119551) or either
/// ISIN; a NAV of <c>N.A.</c> or an unlisted symbol is missing. NAVs are in INR and end-of-day by nature (stamped 15:30 IST of their date,
/// the Indian market close they are computed from), so they are returned as <see cref="QuoteKind.EndOfDay"/> whatever was asked.
/// One download answers every symbol: its batch size defaults to 100,000.
/// </summary>
public sealed class AmfiNavSource(IHttpClientFactory clients, ProviderOptions options, TimeProvider time, UsMarketCalendar calendar)
    : HttpPriceSource(ProviderNames.Amfi, clients, options, time, calendar)
{
    private static readonly TimeSpan Ist = TimeSpan.FromHours(5.5);

    public override bool Covers(string symbol) => SymbolShapes.IsAmfiScheme(symbol);

    protected override async Task<(IReadOnlyList<Quote> Quotes, IReadOnlyList<string> Missing)> FetchBatchAsync(IReadOnlyList<string> symbols, QuoteKind kind, CancellationToken ct)
    {
        var wanted = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in symbols) wanted[s.Trim()] = s;
        var body = await GetStringAsync("spages/NAVAll.txt", ct).ConfigureAwait(false);
        var quotes = new List<Quote>();
        var sawHeader = false;
        using var reader = new StringReader(body);
        while (reader.ReadLine() is { } line && wanted.Count > 0)
        {
            if (line.StartsWith("Scheme Code", StringComparison.OrdinalIgnoreCase)) { sawHeader = true; continue; }
            var f = line.Split(';');
            if (f.Length < 6 || f[0].Length == 0 || !char.IsAsciiDigit(f[0][0])) continue; // blank lines and section headers
            string? key = wanted.ContainsKey(f[0].Trim()) ? f[0].Trim()
                : wanted.ContainsKey(f[1].Trim()) ? f[1].Trim()
                : wanted.ContainsKey(f[2].Trim()) ? f[2].Trim() : null;
            if (key is null) continue;
            if (!TryParseDecimal(f[4], out var nav)) continue; // "N.A." and the like: stays missing
            if (!DateOnly.TryParseExact(f[5].Trim(), "dd-MMM-yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) continue;
            var asOf = new DateTimeOffset(date.ToDateTime(new TimeOnly(15, 30)), Ist);
            quotes.Add(new Quote(wanted[key], nav, asOf, Name, QuoteKind.EndOfDay));
            wanted.Remove(key);
        }
        if (!sawHeader && quotes.Count == 0)
            throw new PriceSourceException(PriceSourceFailureKind.Malformed, $"{Name}: not a NAVAll.txt file (no 'Scheme Code' header)");
        return (quotes, wanted.Values.ToList());
    }
}
