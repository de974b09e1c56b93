using System.Net;
using Microsoft.Azure.Cosmos;
using Portfolio.Application.Prices;

namespace Portfolio.Storage.Cosmos;

/// <summary>Pruning of intraday quote months; closes and latest documents are other types and never touched.</summary>
public sealed partial class CosmosPriceStore
{
    /// <summary>
    /// One cross-partition query (background work only) lists the month documents that may hold quotes before the cutoff,
    /// with their oldest quote; each one that does is read, then deleted whole or rewritten with what remains (If-Match).
    /// </summary>
    public async Task<int> PruneHistoryAsync(DateTimeOffset before, CancellationToken ct)
    {
        var cutoff = CosmosText.Instant(before);
        var query = new QueryDefinition("SELECT c.id, c.symbol, c.oldest FROM c WHERE c.type = @type AND c.month <= @month")
            .WithParameter("@type", MonthDocument.TypeName)
            .WithParameter("@month", MonthOf(before));
        var candidates = new List<MonthSummary>();
        using (var iterator = Container.GetItemQueryIterator<MonthSummary>(query))
        {
            while (iterator.HasMoreResults)
                candidates.AddRange(await iterator.ReadNextAsync(ct).ConfigureAwait(false));
        }
        // Documents written before Oldest existed have none: read them to find out.
        var due = candidates.Where(c => c.Oldest is null || string.CompareOrdinal(c.Oldest, cutoff) < 0).ToList();
        var removed = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = SymbolsInParallel, CancellationToken = ct };
        await Parallel.ForEachAsync(due, parallel, async (month, token) =>
            Interlocked.Add(ref removed, await PruneMonthAsync(month.Symbol, month.Id, before, token).ConfigureAwait(false))).ConfigureAwait(false);
        return removed;
    }

    private async Task<int> PruneMonthAsync(string symbol, string month, DateTimeOffset before, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await Container.ReadOrDefaultAsync<MonthDocument>(month, symbol, ct).ConfigureAwait(false);
            if (existing is null) return 0;
            var kept = existing.Quotes.Where(q => q.AsOf >= before).ToList();
            var removed = existing.Quotes.Count - kept.Count;
            try
            {
                if (kept.Count == 0)
                    await Container.DeleteItemAsync<MonthDocument>(month, new PartitionKey(symbol), CosmosOperations.IfMatch(existing.ETag), ct)
                        .ConfigureAwait(false);
                else if (removed > 0 || existing.Oldest is null)
                    await Container.ReplaceItemAsync(MonthDocument.Create(symbol, month, kept), month, new PartitionKey(symbol),
                        CosmosOperations.IfMatch(existing.ETag), ct).ConfigureAwait(false);
                return removed;
            }
            catch (CosmosException e) when ((e.Is(HttpStatusCode.NotFound) || e.Is(HttpStatusCode.PreconditionFailed)) && attempt < MaxAttempts)
            {
                // A save added quotes to this month meanwhile (or another pruner got there first): read it again.
            }
        }
    }

    private sealed record MonthSummary(string Id, string Symbol, string? Oldest);
}
