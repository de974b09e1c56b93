using Portfolio.Application.Common;

namespace Portfolio.Application.Prices;

/// <summary>
/// The close of one symbol on one New York market date: the last valid quote of that date, with its source and time.
/// A later quote of the same date (a correction) replaces it.
/// </summary>
public sealed record DailyClose(string Symbol, DateOnly Date, decimal Price, DateTimeOffset AsOf, string Source)
{
    /// <summary>The close a quote would be: of its New York market date.</summary>
    public static DailyClose Of(Quote quote) =>
        new(quote.Symbol, MarketClock.MarketDate(quote.AsOf), quote.Price, quote.AsOf, quote.Source);

    /// <summary>
    /// Whether <paramref name="quote"/> (of the same symbol and date) takes this close's place. Quotes are ordered by
    /// <see cref="Quote.AsOf"/>, then by source name (ordinal), so that two sources at the same instant always give the same
    /// close whatever order they arrive in: the source whose name sorts last wins. The same instant and source with another
    /// price is a correction and replaces the close; an older quote arriving late does not.
    /// </summary>
    public bool IsReplacedBy(Quote quote)
    {
        var order = quote.AsOf.CompareTo(AsOf);
        if (order == 0) order = string.CompareOrdinal(quote.Source, Source);
        // Scale counts: stores keep 12.50 and 12.5 apart, so a correction from one to the other is a change.
        return order > 0 || (order == 0 && (quote.Price != Price || quote.Price.Scale != Price.Scale));
    }
}

/// <summary>
/// <see cref="Version"/> grows with every change to any daily close in the store. <see cref="EarliestChangedDate"/> is the
/// earliest market date whose close changed after the version asked about, among the symbols asked about (null: none did).
/// </summary>
public sealed record CloseChanges(long Version, DateOnly? EarliestChangedDate);
