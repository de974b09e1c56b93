using System.Net;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using Portfolio.Application.Ports;

namespace Portfolio.Storage.Cosmos;

/// <summary>
/// Compact ledger states in the <c>checkpoints</c> container (partitioned by account), one document per account with id
/// <see cref="Id"/>. A save replaces the document only if it is older, under its ETag; a page is read with point reads
/// run side by side. A state larger than a document allows is not stored (the reader then replays the log).
/// </summary>
public sealed class CosmosLedgerStateStore(CosmosContainers containers) : ILedgerStateStore
{
    internal const string Id = "ledger-state";
    private const int Concurrency = 16;

    private Container Container => containers.Checkpoints;

    public Task SaveManyAsync(IReadOnlyList<StoredLedgerState> states, CancellationToken ct) =>
        Parallel.ForEachAsync(states, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = ct },
            async (state, token) => await SaveAsync(state, token).ConfigureAwait(false));

    private async Task SaveAsync(StoredLedgerState state, CancellationToken ct)
    {
        var key = new PartitionKey(state.AccountId);
        var document = StateDocument.From(state);
        // A concurrent save of the same account: read again and decide again (a few times; the loser is an older or equal state).
        for (var attempt = 0; attempt < 3; attempt++)
        {
            ItemResponse<StateDocument>? existing;
            try { existing = await Container.ReadItemAsync<StateDocument>(Id, key, cancellationToken: ct).ConfigureAwait(false); }
            catch (CosmosException e) when (e.Is(HttpStatusCode.NotFound)) { existing = null; }
            try
            {
                if (existing is null)
                    await Container.CreateItemAsync(document, key, CosmosOperations.NoContentOnWrite, ct).ConfigureAwait(false);
                else if (state.Version > existing.Resource.Version || (state.Version == existing.Resource.Version && state.Format != existing.Resource.Format))
                    await Container.ReplaceItemAsync(document, Id, key, CosmosOperations.IfMatch(existing.ETag), ct).ConfigureAwait(false);
                return;
            }
            catch (CosmosException e) when (e.Is(HttpStatusCode.Conflict) || e.Is(HttpStatusCode.PreconditionFailed)) { }
            // Larger than a document may be: not stored, so this account is replayed from its log.
            catch (CosmosException e) when (e.Is(HttpStatusCode.RequestEntityTooLarge)) { return; }
        }
    }

    public async Task<IReadOnlyDictionary<string, StoredLedgerState>> ReadManyAsync(IReadOnlyCollection<string> accountIds, CancellationToken ct)
    {
        var states = new System.Collections.Concurrent.ConcurrentDictionary<string, StoredLedgerState>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(accountIds, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = ct },
            async (accountId, token) =>
            {
                if (await Container.ReadOrDefaultAsync<StateDocument>(Id, accountId, token).ConfigureAwait(false) is { } document)
                    states[accountId] = document.ToState();
            }).ConfigureAwait(false);
        return new Dictionary<string, StoredLedgerState>(states, StringComparer.Ordinal);
    }
}

internal sealed record StateDocument(
    string Id,
    string AccountId,
    string DocumentKind,
    [property: JsonNumberHandling(JsonNumberHandling.Strict)] long Version,
    [property: JsonNumberHandling(JsonNumberHandling.Strict)] int Format,
    string State)
{
    public const string Kind = "ledger-state";

    public static StateDocument From(StoredLedgerState state) =>
        new(CosmosLedgerStateStore.Id, state.AccountId, Kind, state.Version, state.Format, state.State);

    public StoredLedgerState ToState() => new(AccountId, Version, Format, State);
}
