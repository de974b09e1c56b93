using Portfolio.Application.PriceAlerts;

namespace Portfolio.Application.Ports;

/// <summary>Price alerts, partitioned by user. Every change is a conditional replace on <see cref="PriceAlert.ConcurrencyToken"/>.</summary>
public interface IPriceAlertStore
{
    /// <summary>Creates the alert; false (and nothing written) when its id exists for the user.</summary>
    Task<bool> TryCreateAsync(PriceAlert alert, CancellationToken ct);

    Task<PriceAlert?> GetAsync(string userId, string id, CancellationToken ct);

    /// <summary>The user's alerts that are not deleted, oldest first.</summary>
    Task<IReadOnlyList<PriceAlert>> ListByUserAsync(string userId, CancellationToken ct);

    /// <summary>Alerts of every user that are not deleted (of these symbols when given), for background work only.</summary>
    Task<IReadOnlyList<PriceAlert>> ListActiveAsync(IReadOnlyCollection<string>? symbols, CancellationToken ct);

    /// <summary>Alerts of every user still holding outbox events, for the relay.</summary>
    Task<IReadOnlyList<PriceAlert>> ListWithOutboxAsync(int max, CancellationToken ct);

    /// <summary>Replaces it if it still carries <see cref="PriceAlert.ConcurrencyToken"/>; false when someone changed it first.</summary>
    Task<bool> TryReplaceAsync(PriceAlert alert, CancellationToken ct);
}
