using System.Net;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using Portfolio.Application.PriceAlerts;
using Portfolio.Application.Ports;

namespace Portfolio.Storage.Cosmos;

/// <summary>
/// Price alerts in the user-partitioned <c>notifications</c> container (type <c>price-alert</c>), one document each with
/// the ETag as the concurrency token. A firing and its notification in the alert's outbox are one document replace. The
/// active and outbox listings are cross-partition queries, for background work only.
/// </summary>
public sealed class CosmosPriceAlertStore(CosmosContainers containers) : IPriceAlertStore
{
    private Container Container => containers.Notifications;

    public async Task<bool> TryCreateAsync(PriceAlert alert, CancellationToken ct)
    {
        try
        {
            await Container.CreateItemAsync(PriceAlertDocument.From(alert), new PartitionKey(alert.UserId), CosmosOperations.NoContentOnWrite, ct)
                .ConfigureAwait(false);
            return true;
        }
        catch (CosmosException e) when (e.Is(HttpStatusCode.Conflict))
        {
            return false;
        }
    }

    public async Task<PriceAlert?> GetAsync(string userId, string id, CancellationToken ct) =>
        (await Container.ReadOrDefaultAsync<PriceAlertDocument>(id, userId, ct).ConfigureAwait(false)) is { Type: PriceAlertDocument.TypeName } d
            ? d.ToAlert() : null;

    public async Task<IReadOnlyList<PriceAlert>> ListByUserAsync(string userId, CancellationToken ct) =>
        Oldest(await Container.QueryPartitionAsync<PriceAlertDocument>(
            new QueryDefinition("SELECT * FROM c WHERE c.userId = @pk AND c.type = 'price-alert' AND c.active = '1'"), userId, ct).ConfigureAwait(false));

    public async Task<IReadOnlyList<PriceAlert>> ListActiveAsync(IReadOnlyCollection<string>? symbols, CancellationToken ct)
    {
        var query = symbols is null
            ? new QueryDefinition("SELECT * FROM c WHERE c.type = 'price-alert' AND c.active = '1'")
            : new QueryDefinition("SELECT * FROM c WHERE c.type = 'price-alert' AND c.active = '1' AND ARRAY_CONTAINS(@symbols, c.symbol)")
                .WithParameter("@symbols", symbols.ToList());
        return Oldest(await CrossPartitionAsync(query, ct).ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<PriceAlert>> ListWithOutboxAsync(int max, CancellationToken ct) =>
        Oldest(await CrossPartitionAsync(new QueryDefinition("SELECT * FROM c WHERE c.type = 'price-alert' AND c.relay = '1'"), ct).ConfigureAwait(false))
            .Take(max).ToList();

    public async Task<bool> TryReplaceAsync(PriceAlert alert, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(alert.ConcurrencyToken)) return false;
        try
        {
            await Container.ReplaceItemAsync(PriceAlertDocument.From(alert), alert.Id, new PartitionKey(alert.UserId),
                CosmosOperations.IfMatch(alert.ConcurrencyToken), ct).ConfigureAwait(false);
            return true;
        }
        catch (CosmosException e) when (e.Is(HttpStatusCode.PreconditionFailed) || e.Is(HttpStatusCode.NotFound))
        {
            return false;
        }
    }

    private async Task<List<PriceAlertDocument>> CrossPartitionAsync(QueryDefinition query, CancellationToken ct)
    {
        var rows = new List<PriceAlertDocument>();
        using var iterator = Container.GetItemQueryIterator<PriceAlertDocument>(query, requestOptions: new QueryRequestOptions { MaxItemCount = 1000 });
        while (iterator.HasMoreResults) rows.AddRange(await iterator.ReadNextAsync(ct).ConfigureAwait(false));
        return rows;
    }

    private static List<PriceAlert> Oldest(IEnumerable<PriceAlertDocument> documents) =>
        documents.Select(d => d.ToAlert()).OrderBy(a => a.CreatedAt).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
}

/// <summary>The alert with the fields the queries filter on beside it, as text.</summary>
internal sealed record PriceAlertDocument(string Id, string UserId, string Type, string Symbol, string Active, string Relay, PriceAlert Alert)
{
    public const string TypeName = "price-alert";

    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }

    public static PriceAlertDocument From(PriceAlert a) =>
        new(a.Id, a.UserId, TypeName, a.Symbol, a.IsDeleted ? "0" : "1", a.Outbox is { Count: > 0 } ? "1" : "0", a with { ConcurrencyToken = null });

    public PriceAlert ToAlert() => Alert with { ConcurrencyToken = ETag };
}
