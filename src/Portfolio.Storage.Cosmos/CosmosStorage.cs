using Microsoft.Azure.Cosmos;

namespace Portfolio.Storage.Cosmos;

public static class CosmosStorage
{
    /// <summary>
    /// The one client of the process (create it once: it owns connections and caches). Gateway mode, System.Text.Json with
    /// the storage options, so documents hold money as strings.
    /// </summary>
    public static CosmosClient CreateClient(CosmosStorageOptions options)
    {
        var clientOptions = new CosmosClientOptions
        {
            ApplicationName = "portfolio-functions",
            ConnectionMode = ConnectionMode.Gateway,
            LimitToEndpoint = options.LimitToEndpoint,
            UseSystemTextJsonSerializerWithOptions = StorageJson.Options,
            MaxRetryAttemptsOnRateLimitedRequests = options.MaxRetryAttemptsOnRateLimitedRequests,
            MaxRetryWaitTimeOnRateLimitedRequests = options.MaxRetryWaitTimeOnRateLimitedRequests,
        };
        foreach (var handler in options.CustomHandlers) clientOptions.CustomHandlers.Add(handler);

        if (options.Credential is not null) return new CosmosClient(options.Endpoint, options.Credential, clientOptions);
        if (!string.IsNullOrEmpty(options.AccountKey)) return new CosmosClient(options.Endpoint, options.AccountKey, clientOptions);
        throw new InvalidOperationException("Cosmos storage needs a TokenCredential or an account key.");
    }
}
