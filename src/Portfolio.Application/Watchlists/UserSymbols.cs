using Portfolio.Application.Ports;

namespace Portfolio.Application.Watchlists;

/// <summary>The symbols users asked about without holding them: watchlists and live price alerts. The price cycle prices them.</summary>
public sealed class UserSymbols(IWatchlistStore watchlists, IPriceAlertStore alerts)
{
    public async Task<IReadOnlyCollection<string>> ListAsync(CancellationToken ct)
    {
        var symbols = new SortedSet<string>(await watchlists.ListWatchedSymbolsAsync(ct), StringComparer.Ordinal);
        foreach (var alert in await alerts.ListActiveAsync(null, ct)) symbols.Add(alert.Symbol);
        return symbols;
    }
}
