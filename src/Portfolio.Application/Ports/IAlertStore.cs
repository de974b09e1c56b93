using Portfolio.Application.Alerts;

namespace Portfolio.Application.Ports;

/// <summary>
/// Drift alerts. Each alert is its own notification outbox: opening one writes <see cref="DriftAlertEvents.Opened"/> into
/// it and resolving adds <see cref="DriftAlertEvents.Resolved"/>, in the same write as the change (no extra round trip).
/// </summary>
public interface IAlertStore
{
    /// <summary>Opens the alert unless one is already open for its account and symbol; false then, and nothing changes.</summary>
    Task<bool> TryOpenAsync(DriftAlert alert, CancellationToken ct);

    /// <summary>Marks the open alert of this account and symbol resolved; false if none was open.</summary>
    Task<bool> ResolveAsync(string accountId, string symbol, DateTimeOffset resolvedAt, CancellationToken ct);

    /// <summary>
    /// Opens and resolves many at once, with the semantics of <see cref="TryOpenAsync"/> and <see cref="ResolveAsync"/>
    /// for each; a store that can (SQLite) does it in one transaction. Returns how many were opened and resolved.
    /// </summary>
    Task<(int Opened, int Resolved)> ApplyAsync(
        IReadOnlyList<DriftAlert> toOpen, IReadOnlyList<(string AccountId, string Symbol)> toResolve, DateTimeOffset resolvedAt, CancellationToken ct);

    /// <summary>The symbols with an open alert, for many accounts at once (accounts without any are absent).</summary>
    async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> ListOpenSymbolsAsync(IReadOnlyCollection<string> accountIds, CancellationToken ct)
    {
        var result = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var accountId in accountIds)
            if (await ListAsync(accountId, includeResolved: false, ct) is { Count: > 0 } open)
                result[accountId] = open.Select(a => a.Symbol).ToHashSet(StringComparer.Ordinal);
        return result;
    }

    /// <summary>
    /// Alerts of every account whose outbox holds events (<see cref="DriftAlert.Outbox"/>, with <see cref="DriftAlert.OwnerId"/>),
    /// at most <paramref name="max"/>, for the relay.
    /// </summary>
    Task<IReadOnlyList<DriftAlert>> ListWithOutboxAsync(int max, CancellationToken ct);

    /// <summary>Empties the alert's outbox if it still holds exactly <see cref="DriftAlert.Outbox"/>; false when it changed meanwhile.</summary>
    Task<bool> TryClearOutboxAsync(DriftAlert alert, CancellationToken ct);

    /// <summary><see cref="TryClearOutboxAsync"/> for each, in one transaction where the store can (SQLite); returns how many were cleared.</summary>
    async Task<int> TryClearOutboxesAsync(IReadOnlyList<DriftAlert> alerts, CancellationToken ct)
    {
        var cleared = 0;
        foreach (var alert in alerts)
            if (await TryClearOutboxAsync(alert, ct)) cleared++;
        return cleared;
    }

    /// <summary>Open alerts, and resolved ones when asked, newest first.</summary>
    Task<IReadOnlyList<DriftAlert>> ListAsync(string accountId, bool includeResolved, CancellationToken ct);
}
