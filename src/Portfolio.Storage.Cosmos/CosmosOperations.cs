using System.Net;
using Microsoft.Azure.Cosmos;

namespace Portfolio.Storage.Cosmos;

/// <summary>The few shapes every store needs: "not found" in one place, and reading every page of a query.</summary>
internal static class CosmosOperations
{
    public static readonly ItemRequestOptions NoContentOnWrite = new() { EnableContentResponseOnWrite = false };

    public static ItemRequestOptions IfMatch(string? etag) => new() { IfMatchEtag = etag, EnableContentResponseOnWrite = false };

    /// <summary>A point read; null when the item does not exist.</summary>
    public static async Task<T?> ReadOrDefaultAsync<T>(this Container container, string id, string partitionKey, CancellationToken ct)
        where T : class
    {
        try
        {
            var response = await container.ReadItemAsync<T>(id, new PartitionKey(partitionKey), cancellationToken: ct).ConfigureAwait(false);
            return response.Resource;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public static bool Is(this CosmosException e, HttpStatusCode status) => e.StatusCode == status;

    /// <summary>
    /// Every row of a single-partition query. The partition key goes in the options and, because the local test server
    /// ignores it there, also in the SQL as <c>@pk</c>, which <paramref name="query"/> must use.
    /// </summary>
    public static async Task<List<T>> QueryPartitionAsync<T>(this Container container, QueryDefinition query, string partitionKey, CancellationToken ct)
    {
        query = query.WithParameter("@pk", partitionKey);
        var options = new QueryRequestOptions { PartitionKey = new PartitionKey(partitionKey) };
        var rows = new List<T>();
        using var iterator = container.GetItemQueryIterator<T>(query, requestOptions: options);
        while (iterator.HasMoreResults)
            rows.AddRange(await iterator.ReadNextAsync(ct).ConfigureAwait(false));
        return rows;
    }
}
