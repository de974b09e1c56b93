using System.Net;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using Portfolio.Application.Accounts;
using Portfolio.Application.Ports;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Rebalancing;

namespace Portfolio.Storage.Cosmos;

/// <summary>Accounts in the <c>accounts</c> container, partitioned by owner; the ETag is the concurrency token.</summary>
public sealed class CosmosAccountStore(CosmosContainers containers) : IAccountStore, IHeldSymbolsProjection
{
    private Container Container => containers.Accounts;

    public async Task<Account?> GetAsync(string ownerId, string accountId, CancellationToken ct) =>
        (await Container.ReadOrDefaultAsync<AccountDocument>(accountId, ownerId, ct).ConfigureAwait(false))?.ToAccount();

    public async Task<IReadOnlyList<Account>> ListByOwnerAsync(string ownerId, CancellationToken ct)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.ownerId = @pk");
        var documents = await Container.QueryPartitionAsync<AccountDocument>(query, ownerId, ct).ConfigureAwait(false);
        return documents.Select(d => d.ToAccount()).OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<bool> TryCreateAsync(Account account, CancellationToken ct)
    {
        try
        {
            await Container.CreateItemAsync(AccountDocument.From(account), new PartitionKey(account.OwnerId), CosmosOperations.NoContentOnWrite, ct).ConfigureAwait(false);
            return true;
        }
        catch (CosmosException e) when (e.Is(HttpStatusCode.Conflict))
        {
            return false;
        }
    }

    public async Task<bool> TryReplaceAsync(Account account, CancellationToken ct)
    {
        // Without a token this would be a blind overwrite, which the contract does not offer.
        if (string.IsNullOrEmpty(account.ConcurrencyToken)) return false;
        try
        {
            await Container.ReplaceItemAsync(AccountDocument.From(account), account.Id, new PartitionKey(account.OwnerId),
                CosmosOperations.IfMatch(account.ConcurrencyToken), ct).ConfigureAwait(false);
            return true;
        }
        catch (CosmosException e) when (e.Is(HttpStatusCode.PreconditionFailed) || e.Is(HttpStatusCode.NotFound))
        {
            return false;
        }
    }

    /// <summary>
    /// Projects only the symbols of each account (the price timer's query): the documents are still scanned, but only
    /// their symbol lists travel, not whole accounts.
    /// </summary>
    public async Task<IReadOnlyCollection<string>> ListHeldSymbolsAsync(CancellationToken ct)
    {
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        using var iterator = Container.GetItemQueryIterator<IReadOnlyList<string>?>(
            new QueryDefinition("SELECT VALUE c.symbols FROM c"), requestOptions: new QueryRequestOptions { MaxItemCount = 1000 });
        while (iterator.HasMoreResults)
            foreach (var held in await iterator.ReadNextAsync(ct).ConfigureAwait(false))
                if (held is not null) symbols.UnionWith(held);
        return symbols;
    }

    /// <summary>The only cross-partition query of the adapter; background work only. A page may hold fewer items than asked.</summary>
    public async Task<Page<Account>> ListAllAsync(string? continuationToken, int pageSize, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        using var iterator = Container.GetItemQueryIterator<AccountDocument>(
            new QueryDefinition("SELECT * FROM c"), continuationToken, new QueryRequestOptions { MaxItemCount = pageSize });
        if (!iterator.HasMoreResults) return new Page<Account>([], null);
        var page = await iterator.ReadNextAsync(ct).ConfigureAwait(false);
        return new Page<Account>(page.Select(d => d.ToAccount()).ToList(), page.ContinuationToken);
    }
}

internal sealed record AccountDocument(
    string Id,
    string OwnerId,
    string Name,
    AccountSettings Settings,
    DateTimeOffset CreatedAt,
    TargetAllocation? Targets,
    IReadOnlyList<string>? Symbols,
    string? CreateRequestHash)
{
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }

    public static AccountDocument From(Account a) =>
        new(a.Id, a.OwnerId, a.Name, a.Settings, a.CreatedAt, a.Targets, a.Symbols, a.CreateRequestHash);

    public Account ToAccount() => new(Id, OwnerId, Name, Settings, CreatedAt, Targets, Symbols, CreateRequestHash, ETag);
}
