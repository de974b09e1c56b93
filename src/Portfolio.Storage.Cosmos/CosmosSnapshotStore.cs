using System.Globalization;
using Microsoft.Azure.Cosmos;
using Portfolio.Application.Ports;
using Portfolio.Application.Snapshots;

namespace Portfolio.Storage.Cosmos;

/// <summary>The <c>snapshots</c> container, partitioned by account; id = date (yyyy-MM-dd), so saving is an upsert.</summary>
public sealed class CosmosSnapshotStore(CosmosContainers containers) : ISnapshotStore
{
    private Container Container => containers.Snapshots;

    /// <summary>Cosmos has no multi-partition transaction (and the local server no batch): concurrent upserts, each idempotent.</summary>
    public Task SaveManyAsync(IReadOnlyList<DailySnapshot> snapshots, CancellationToken ct) =>
        Parallel.ForEachAsync(snapshots, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (snapshot, token) => await SaveAsync(snapshot, token));

    public async Task SaveAsync(DailySnapshot snapshot, CancellationToken ct) =>
        await Container.UpsertItemAsync(SnapshotDocument.From(snapshot), new PartitionKey(snapshot.AccountId), CosmosOperations.NoContentOnWrite, ct)
            .ConfigureAwait(false);

    public async Task<IReadOnlyList<DailySnapshot>> ListAsync(string accountId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        // yyyy-MM-dd compares as text in date order.
        var query = new QueryDefinition("SELECT * FROM c WHERE c.accountId = @pk AND c.date >= @from AND c.date <= @to")
            .WithParameter("@from", DateText(from))
            .WithParameter("@to", DateText(to));
        var documents = await Container.QueryPartitionAsync<SnapshotDocument>(query, accountId, ct).ConfigureAwait(false);
        return documents.Select(d => d.ToSnapshot()).OrderBy(s => s.Date).ToList();
    }

    internal static string DateText(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

internal sealed record SnapshotDocument(string Id, string AccountId, DateOnly Date, decimal Value, decimal CostBasis, decimal Cash, DateTimeOffset ComputedAt)
{
    public static SnapshotDocument From(DailySnapshot s) =>
        new(CosmosSnapshotStore.DateText(s.Date), s.AccountId, s.Date, s.Value, s.CostBasis, s.Cash, s.ComputedAt);

    public DailySnapshot ToSnapshot() => new(AccountId, Date, Value, CostBasis, Cash, ComputedAt);
}
