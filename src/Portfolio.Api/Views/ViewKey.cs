using Portfolio.Application.Holdings;
using Portfolio.Application.Prices;
using Portfolio.Application.Valuation;

namespace Portfolio.Api.Views;

/// <summary>
/// Everything a holdings view is computed from: the ledger version, the New York date (it decides lot terms), the
/// quotes used and whether each was stale at the time, and any view parameter (a year, the targets). Two snapshots with
/// equal keys give byte-identical views, so a cached view is never stale or wrong.
/// </summary>
public sealed class ViewKey
{
    private readonly string parameter;
    private readonly long ledgerVersion;
    private readonly DateOnly marketDate;
    private readonly IReadOnlyDictionary<string, Quote> quotes;
    private readonly bool[] stale;

    public ViewKey(AccountSnapshot snapshot, PricePolicy policy, string parameter = "")
    {
        this.parameter = parameter;
        ledgerVersion = snapshot.State.Version;
        marketDate = snapshot.MarketDate;
        quotes = snapshot.Quotes;
        stale = new bool[quotes.Count];
        var i = 0;
        foreach (var quote in quotes.Values) stale[i++] = policy.IsStale(quote, snapshot.AsOf);
    }

    public bool Matches(ViewKey other)
    {
        if (other.ledgerVersion != ledgerVersion || other.marketDate != marketDate || other.parameter != parameter
            || other.quotes.Count != quotes.Count || !other.stale.AsSpan().SequenceEqual(stale))
            return false;
        // Staleness was compared in enumeration order, so the symbols must come in the same order too.
        using var mine = quotes.GetEnumerator();
        using var theirs = other.quotes.GetEnumerator();
        while (mine.MoveNext() && theirs.MoveNext())
            if (mine.Current.Key != theirs.Current.Key || mine.Current.Value != theirs.Current.Value) return false;
        return true;
    }
}
