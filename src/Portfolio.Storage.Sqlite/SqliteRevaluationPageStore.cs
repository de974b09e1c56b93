using Portfolio.Application.Alerts;
using Portfolio.Application.Ports;
using Portfolio.Application.Snapshots;

namespace Portfolio.Storage.Sqlite;

/// <summary>
/// A revaluation page's snapshots and alerts in one transaction: one commit (one fsync) a page instead of two, and the
/// page is written whole or not at all. The rows are those <see cref="SqliteSnapshotStore"/> and <see cref="SqliteAlertStore"/> write.
/// </summary>
public sealed class SqliteRevaluationPageStore(SqliteDatabase database) : IRevaluationPageStore
{
    public async Task<(int Opened, int Resolved)> WriteAsync(
        IReadOnlyList<DailySnapshot> snapshots, IReadOnlyList<DriftAlert> toOpen, IReadOnlyList<(string AccountId, string Symbol)> toResolve,
        DateTimeOffset resolvedAt, CancellationToken ct)
    {
        if (snapshots.Count == 0 && toOpen.Count == 0 && toResolve.Count == 0) return (0, 0);
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        SqliteSnapshotStore.Upsert(connection, snapshots, ct);
        var changes = await SqliteAlertStore.ApplyAsync(connection, toOpen, toResolve, resolvedAt, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return changes;
    }
}
