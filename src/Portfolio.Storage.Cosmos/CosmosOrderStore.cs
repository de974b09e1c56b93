using System.Net;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using Portfolio.Application.Orders;
using Portfolio.Application.Ports;

namespace Portfolio.Storage.Cosmos;

/// <summary>
/// Orders in the <c>orders</c> container, partitioned by account, one document each (id = order id) with the ETag as the
/// concurrency token. A transition and the notification it writes into the order's outbox are one document replace, so
/// they are atomic without a transactional batch (which the local test server lacks). The pending and outbox listings
/// are cross-partition queries, for background work only.
/// </summary>
public sealed class CosmosOrderStore(CosmosContainers containers) : IOrderStore
{
    private Container Container => containers.Orders;

    public async Task<bool> TryCreateAsync(Order order, CancellationToken ct)
    {
        try
        {
            await Container.CreateItemAsync(OrderDocument.From(order), new PartitionKey(order.AccountId), CosmosOperations.NoContentOnWrite, ct)
                .ConfigureAwait(false);
            return true;
        }
        catch (CosmosException e) when (e.Is(HttpStatusCode.Conflict))
        {
            return false;
        }
    }

    public async Task<Order?> GetAsync(string accountId, string orderId, CancellationToken ct) =>
        (await Container.ReadOrDefaultAsync<OrderDocument>(orderId, accountId, ct).ConfigureAwait(false))?.ToOrder();

    public async Task<IReadOnlyList<Order>> ListByAccountAsync(string accountId, OrderStatus? status, CancellationToken ct)
    {
        var query = status is { } s
            ? new QueryDefinition("SELECT * FROM c WHERE c.accountId = @pk AND c.status = @status").WithParameter("@status", OrderDocument.StatusText(s))
            : new QueryDefinition("SELECT * FROM c WHERE c.accountId = @pk");
        return Oldest(await Container.QueryPartitionAsync<OrderDocument>(query, accountId, ct).ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<Order>> ListPendingAsync(IReadOnlyCollection<string>? symbols, CancellationToken ct)
    {
        var query = symbols is null
            ? new QueryDefinition("SELECT * FROM c WHERE c.status = 'pending'")
            : new QueryDefinition("SELECT * FROM c WHERE c.status = 'pending' AND ARRAY_CONTAINS(@symbols, c.symbol)").WithParameter("@symbols", symbols.ToList());
        return Oldest(await CrossPartitionAsync(query, ct).ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<Order>> ListWithOutboxAsync(int max, CancellationToken ct) =>
        Oldest(await CrossPartitionAsync(new QueryDefinition("SELECT * FROM c WHERE c.relay = '1'"), ct).ConfigureAwait(false)).Take(max).ToList();

    public async Task<bool> TryReplaceAsync(Order order, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(order.ConcurrencyToken)) return false;
        try
        {
            await Container.ReplaceItemAsync(OrderDocument.From(order), order.Id, new PartitionKey(order.AccountId),
                CosmosOperations.IfMatch(order.ConcurrencyToken), ct).ConfigureAwait(false);
            return true;
        }
        catch (CosmosException e) when (e.Is(HttpStatusCode.PreconditionFailed) || e.Is(HttpStatusCode.NotFound))
        {
            return false;
        }
    }

    private async Task<List<OrderDocument>> CrossPartitionAsync(QueryDefinition query, CancellationToken ct)
    {
        var rows = new List<OrderDocument>();
        using var iterator = Container.GetItemQueryIterator<OrderDocument>(query, requestOptions: new QueryRequestOptions { MaxItemCount = 1000 });
        while (iterator.HasMoreResults) rows.AddRange(await iterator.ReadNextAsync(ct).ConfigureAwait(false));
        return rows;
    }

    private static List<Order> Oldest(IEnumerable<OrderDocument> documents) =>
        documents.Select(d => d.ToOrder()).OrderBy(o => o.CreatedAt).ThenBy(o => o.Id, StringComparer.Ordinal).ToList();
}

/// <summary>The order with the fields the queries filter on beside it (status, symbol, whether the outbox holds events).</summary>
internal sealed record OrderDocument(string Id, string AccountId, string Status, string Symbol, string Relay, Order Order)
{
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }

    public static string StatusText(OrderStatus status) => status.ToString().ToLowerInvariant();

    public static OrderDocument From(Order o) =>
        new(o.Id, o.AccountId, StatusText(o.Status), o.Symbol, o.Outbox is { Count: > 0 } ? "1" : "0", o with { ConcurrencyToken = null });

    public Order ToOrder() => Order with { ConcurrencyToken = ETag };
}
