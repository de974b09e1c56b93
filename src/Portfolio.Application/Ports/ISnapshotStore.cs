using Portfolio.Application.Snapshots;

namespace Portfolio.Application.Ports;

public interface ISnapshotStore
{
    /// <summary>Inserts or replaces the snapshot of its account and date.</summary>
    Task SaveAsync(DailySnapshot snapshot, CancellationToken ct);

    /// <summary>Saves many at once; a store that can (SQLite) writes them in one transaction instead of one each.</summary>
    Task SaveManyAsync(IReadOnlyList<DailySnapshot> snapshots, CancellationToken ct);

    /// <summary>Snapshots with from ≤ date ≤ to, oldest first.</summary>
    Task<IReadOnlyList<DailySnapshot>> ListAsync(string accountId, DateOnly from, DateOnly to, CancellationToken ct);
}
