using Portfolio.Application.Alerts;

namespace Portfolio.Application.Ports;

public interface IAlertStore
{
    /// <summary>Opens the alert unless one is already open for its account and symbol; false then, and nothing changes.</summary>
    Task<bool> TryOpenAsync(DriftAlert alert, CancellationToken ct);

    /// <summary>Marks the open alert of this account and symbol resolved; false if none was open.</summary>
    Task<bool> ResolveAsync(string accountId, string symbol, DateTimeOffset resolvedAt, CancellationToken ct);

    /// <summary>Open alerts, and resolved ones when asked, newest first.</summary>
    Task<IReadOnlyList<DriftAlert>> ListAsync(string accountId, bool includeResolved, CancellationToken ct);
}
