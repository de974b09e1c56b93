using Portfolio.Application.Common;
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
    private Stamp stamp; // replaced whole, never mutated: readers see one consistent pair

    public ViewKey(AccountSnapshot snapshot, PricePolicy policy, string parameter = "")
    {
        this.parameter = parameter;
        ledgerVersion = snapshot.State.Version;
        marketDate = snapshot.MarketDate;
        quotes = snapshot.Quotes.ToArray();
        stale = new bool[quotes.Length];
        recheckAfterTicks = new long[quotes.Length];
        for (var i = 0; i < quotes.Length; i++) stale[i] = Evaluate(i, policy, snapshot.AsOf);
        stamp = StampOf(snapshot);
    }

    /// <summary>
    /// The O(1) check: same ledger version, parameter and New York date, and the latest prices' generation unchanged since
    /// a snapshot that matched this key, before the first time a quote is read again from the store or could turn stale.
    /// False means "check with a snapshot" (<see cref="Matches"/>), not "changed".
    /// </summary>
    public bool IsCurrent(long ledgerVersion, string parameter, long priceGeneration, DateTimeOffset now)
    {
        var current = Volatile.Read(ref stamp);
        return current.PriceGeneration == priceGeneration && now.UtcTicks < current.ValidUntilTicks
            && ledgerVersion == this.ledgerVersion && parameter == this.parameter && MarketClock.MarketDate(now) == marketDate;
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
        Volatile.Write(ref stamp, StampOf(snapshot));
        return true;
    }

    /// <summary>What <see cref="IsCurrent"/> compares: the snapshot's price generation, valid until its quotes are read again or the first fresh one's recheck.</summary>
    private Stamp StampOf(AccountSnapshot snapshot)
    {
        var until = snapshot.PricesValidUntil.UtcTicks;
        for (var i = 0; i < quotes.Length; i++)
            if (!stale[i]) until = Math.Min(until, Volatile.Read(ref recheckAfterTicks[i]));
        return new Stamp(snapshot.PriceGeneration, until);
    }

    private sealed record Stamp(long PriceGeneration, long ValidUntilTicks);

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
