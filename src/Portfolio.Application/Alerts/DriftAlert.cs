using Portfolio.Domain.Rebalancing;

namespace Portfolio.Application.Alerts;

/// <summary>A drift beyond tolerance for one symbol of one account. At most one is open per account and symbol.</summary>
public sealed record DriftAlert(
    string AccountId,
    string Symbol,
    DateTimeOffset OpenedAt,
    decimal CurrentPercent,
    decimal TargetPercent,
    decimal Drift,
    TradeAction Action,
    decimal? Quantity,
    DateTimeOffset? ResolvedAt = null)
{
    public bool IsOpen => ResolvedAt is null;
}
