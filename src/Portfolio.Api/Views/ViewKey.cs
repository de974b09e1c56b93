using Portfolio.Application.Holdings;
using Portfolio.Application.Prices;
using Portfolio.Application.Valuation;

namespace Portfolio.Api.Views;

/// <summary>
/// Everything a holdings view is computed from: the ledger version, the New York date (it decides lot terms), the
/// quotes used and whether each was stale at the time, and any view parameter (a year, the targets). A snapshot that
/// matches the key gives a byte-identical view, so a cached view is never stale or wrong.
/// </summary>
/// <remarks>
/// Staleness is re-evaluated lazily: a stale quote stays stale as time passes, and a fresh one stays fresh until the
/// bound <see cref="PricePolicy.StaysFreshUntil"/> gives, so a read re-evaluates only the quotes whose bound has passed.
/// </remarks>
public sealed class ViewKey
{
    private readonly string parameter;
    private readonly long ledgerVersion;
    private readonly DateOnly marketDate;
    private readonly KeyValuePair<string, Quote>[] quotes;
    private readonly bool[] stale;
    private readonly long[] recheckAfterTicks; // UTC ticks; a long so that concurrent readers never see a torn value

    public ViewKey(AccountSnapshot snapshot, PricePolicy policy, string parameter = "")
    {
        this.parameter = parameter;
        ledgerVersion = snapshot.State.Version;
        marketDate = snapshot.MarketDate;
        quotes = snapshot.Quotes.ToArray();
        stale = new bool[quotes.Length];
        recheckAfterTicks = new long[quotes.Length];
        for (var i = 0; i < quotes.Length; i++) stale[i] = Evaluate(i, policy, snapshot.AsOf);
    }

    /// <summary>Whether a view computed for this key is still exactly the view of <paramref name="snapshot"/>.</summary>
    public bool Matches(AccountSnapshot snapshot, PricePolicy policy, string parameter)
    {
        if (snapshot.State.Version != ledgerVersion || snapshot.MarketDate != marketDate || parameter != this.parameter
            || snapshot.Quotes.Count != quotes.Length)
            return false;
        var i = 0;
        foreach (var (symbol, quote) in snapshot.Quotes)
        {
            if (quotes[i].Key != symbol || quotes[i].Value != quote) return false;
            if (!stale[i] && snapshot.AsOf.UtcTicks >= Volatile.Read(ref recheckAfterTicks[i]) && Evaluate(i, policy, snapshot.AsOf)) return false;
            i++;
        }
        return true;
    }

    /// <summary>
    /// Evaluates quote i at <paramref name="now"/>: true when it is stale. A key never changes its flags (concurrent readers
    /// rely on them): a quote that turned stale makes the caller build a new key; a fresh one only moves its recheck time.
    /// </summary>
    private bool Evaluate(int i, PricePolicy policy, DateTimeOffset now)
    {
        var quote = quotes[i].Value;
        if (policy.IsStale(quote, now)) return true;
        Volatile.Write(ref recheckAfterTicks[i], policy.StaysFreshUntil is { } bound ? bound(quote, now).UtcTicks : now.UtcTicks + 1);
        return false;
    }
}
