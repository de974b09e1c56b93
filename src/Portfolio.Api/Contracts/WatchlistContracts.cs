using Portfolio.Application.PriceAlerts;
using Portfolio.Application.Watchlists;

namespace Portfolio.Api.Contracts;

public sealed record WatchlistBody(List<string?>? Symbols = null)
{
    /// <summary>Each symbol validated like everywhere else, the field named by its index.</summary>
    public IReadOnlyList<string> ParseSymbols()
    {
        var symbols = Symbols ?? throw new Http.RequestException("symbols", "is required (an empty list clears the watchlist)");
        if (symbols.Count > WatchlistService.MaxSymbols) throw new Http.RequestException("symbols", $"must hold at most {WatchlistService.MaxSymbols} symbols");
        return symbols.Select((s, i) => Names.ParseSymbol(s, $"symbols[{i}]")).ToList();
    }
}

/// <summary>The caller's watched symbols; <c>updatedAt</c> is null when none were ever set. The <c>ETag</c> header carries the version for <c>If-Match</c>.</summary>
public sealed record WatchlistResponse(List<string> Symbols, DateTimeOffset? UpdatedAt)
{
    public static WatchlistResponse From(Watchlist w) => new(w.Symbols.ToList(), w.ConcurrencyToken is null ? null : w.UpdatedAt);
}

public sealed record PriceAlertBody(string? Symbol = null, decimal? Above = null, decimal? Below = null, decimal? MovePercent = null);

/// <summary>
/// A price alert: it fires when a quote is at or <c>above</c> (or at or <c>below</c>) <c>threshold</c>, once per crossing, and
/// re-arms when a quote is back on the other side. <c>state</c> is armed or fired; <c>firings</c> counts them. A
/// <c>movePercent</c> alert shows the <c>referencePrice</c> (the latest price when it was created) its threshold came from.
/// </summary>
public sealed record PriceAlertResponse(
    string Id, string Symbol, string Direction, decimal Threshold, decimal? MovePercent, decimal? ReferencePrice, string State, int Firings,
    decimal? LastPrice, DateTimeOffset? LastQuoteAsOf, DateTimeOffset? LastFiredAt, DateTimeOffset CreatedAt)
{
    public static PriceAlertResponse From(PriceAlert a) => new(
        a.Id, a.Symbol, a.Direction == PriceAlertDirection.Above ? "above" : "below", a.Threshold, a.MovePercent, a.ReferencePrice,
        a.State == PriceAlertState.Armed ? "armed" : "fired", a.Firings, a.LastPrice, a.LastQuoteAsOf, a.LastFiredAt, a.CreatedAt);
}
