using Portfolio.Domain.Rebalancing;

namespace Portfolio.Application.Alerts;

/// <summary>
/// A drift beyond tolerance for one symbol of one account. At most one is open per account and symbol.
/// <see cref="OwnerId"/> and <see cref="Outbox"/> make the alert its own outbox: opening it writes <c>drift.opened</c>,
/// resolving it adds <c>drift.resolved</c>, in the same row or document write as the change; the relay moves them to the
/// owner's inbox (<see cref="DriftAlertEvents"/>).
/// </summary>
public sealed record DriftAlert(
    string AccountId,
    string Symbol,
    DateTimeOffset OpenedAt,
    decimal CurrentPercent,
    decimal TargetPercent,
    decimal Drift,
    TradeAction Action,
    decimal? Quantity,
    DateTimeOffset? ResolvedAt = null,
    string? OwnerId = null,
    IReadOnlyList<string>? Outbox = null)
{
    public bool IsOpen => ResolvedAt is null;
}

/// <summary>The notifications of a drift alert's two transitions; an event id names the alert (account, symbol, opening time) and the kind, so each transition notifies once.</summary>
public static class DriftAlertEvents
{
    public const string Opened = "drift.opened";
    public const string Resolved = "drift.resolved";

    public static string EventId(DriftAlert alert, string kind) =>
        Common.Hashing.DeterministicId("evt_", alert.AccountId, alert.Symbol,
            alert.OpenedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), kind);

    public static string Describe(DriftAlert alert, string kind) => kind == Opened
        ? $"{alert.Symbol} drifted to {alert.CurrentPercent} % against a target of {alert.TargetPercent} % (drift {alert.Drift})"
        : $"{alert.Symbol} is back within tolerance of its target of {alert.TargetPercent} %";
}
