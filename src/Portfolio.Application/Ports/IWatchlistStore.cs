using Portfolio.Application.Watchlists;

namespace Portfolio.Application.Ports;

/// <summary>One watchlist per user.</summary>
public interface IWatchlistStore
{
    Task<Watchlist?> GetAsync(string userId, CancellationToken ct);

    /// <summary>
    /// Writes the watchlist if the stored one still carries its <see cref="Watchlist.ConcurrencyToken"/> (or, when that is
    /// null, if the user has none yet); false when someone changed it first, and nothing is written.
    /// </summary>
    Task<bool> TryPutAsync(Watchlist watchlist, CancellationToken ct);

    /// <summary>The distinct symbols on any user's watchlist, for the price cycle (background only).</summary>
    Task<IReadOnlyCollection<string>> ListWatchedSymbolsAsync(CancellationToken ct);
}
