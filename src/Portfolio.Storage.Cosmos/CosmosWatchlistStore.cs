using System.Net;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using Portfolio.Application.Ports;
using Portfolio.Application.Watchlists;

namespace Portfolio.Storage.Cosmos;

/// <summary>
/// One <c>watchlist</c> document per user in the user-partitioned <c>notifications</c> container (beside the inbox and the
/// webhook), its ETag the concurrency token. The watched symbols of every user are a cross-partition query (the cycle's).
/// </summary>
public sealed class CosmosWatchlistStore(CosmosContainers containers) : IWatchlistStore
{
    private const string WatchlistId = "watchlist";
    private Container Container => containers.Notifications;

    public async Task<Watchlist?> GetAsync(string userId, CancellationToken ct) =>
        (await Container.ReadOrDefaultAsync<WatchlistDocument>(WatchlistId, userId, ct).ConfigureAwait(false))?.ToWatchlist();

    public async Task<bool> TryPutAsync(Watchlist watchlist, CancellationToken ct)
    {
        var document = new WatchlistDocument(WatchlistId, watchlist.UserId, WatchlistId, watchlist.Symbols.ToList(), watchlist.UpdatedAt);
        try
        {
            if (watchlist.ConcurrencyToken is null)
                await Container.CreateItemAsync(document, new PartitionKey(watchlist.UserId), CosmosOperations.NoContentOnWrite, ct).ConfigureAwait(false);
            else
                await Container.ReplaceItemAsync(document, WatchlistId, new PartitionKey(watchlist.UserId), CosmosOperations.IfMatch(watchlist.ConcurrencyToken), ct)
                    .ConfigureAwait(false);
            return true;
        }
        catch (CosmosException e) when (e.Is(HttpStatusCode.Conflict) || e.Is(HttpStatusCode.PreconditionFailed) || e.Is(HttpStatusCode.NotFound))
        {
            return false;
        }
    }

    public async Task<IReadOnlyCollection<string>> ListWatchedSymbolsAsync(CancellationToken ct)
    {
        var symbols = new SortedSet<string>(StringComparer.Ordinal);
        using var iterator = Container.GetItemQueryIterator<WatchlistDocument>(
            new QueryDefinition("SELECT * FROM c WHERE c.type = 'watchlist'"), requestOptions: new QueryRequestOptions { MaxItemCount = 1000 });
        while (iterator.HasMoreResults)
            foreach (var document in await iterator.ReadNextAsync(ct).ConfigureAwait(false)) symbols.UnionWith(document.Symbols);
        return symbols;
    }
}

internal sealed record WatchlistDocument(string Id, string UserId, string Type, List<string> Symbols, DateTimeOffset UpdatedAt)
{
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }

    public Watchlist ToWatchlist() => new(UserId, Symbols, UpdatedAt, ETag);
}
