using Portfolio.Application.Alerts;
using Portfolio.Application.Ports;
using Portfolio.Application.Snapshots;

namespace Portfolio.Application.Revaluation;

/// <summary>
/// A revaluation page written store by store: the snapshots, then the alerts. For a store with no transaction across
/// both (Cosmos); each write is idempotent, so a page interrupted between them is written whole again by the next cycle.
/// </summary>
public sealed class StoreByStorePageWriter(ISnapshotStore snapshots, IAlertStore alerts) : IRevaluationPageStore
{
    public async Task<(int Opened, int Resolved)> WriteAsync(
        IReadOnlyList<DailySnapshot> pageSnapshots, IReadOnlyList<DriftAlert> toOpen, IReadOnlyList<(string AccountId, string Symbol)> toResolve,
        DateTimeOffset resolvedAt, CancellationToken ct)
    {
        await snapshots.SaveManyAsync(pageSnapshots, ct);
        return await alerts.ApplyAsync(toOpen, toResolve, resolvedAt, ct);
    }
}
