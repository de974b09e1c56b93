using Portfolio.Application.Alerts;
using Portfolio.Application.Snapshots;

namespace Portfolio.Application.Ports;

/// <summary>
/// Writes what one revaluation page decided: its snapshots, as <see cref="ISnapshotStore.SaveManyAsync"/> does, and the
/// alerts it opens and resolves, as <see cref="IAlertStore.ApplyAsync"/> does. A store that can (SQLite) makes it one
/// transaction, so a page costs one commit instead of two.
/// </summary>
public interface IRevaluationPageStore
{
    /// <summary>Returns how many alerts were opened and resolved.</summary>
    Task<(int Opened, int Resolved)> WriteAsync(
        IReadOnlyList<DailySnapshot> snapshots, IReadOnlyList<DriftAlert> toOpen, IReadOnlyList<(string AccountId, string Symbol)> toResolve,
        DateTimeOffset resolvedAt, CancellationToken ct);
}
