using Azure.Core;
using Microsoft.Azure.Cosmos;

namespace Portfolio.Storage.Cosmos;

/// <summary>Where the Cosmos DB account is and how to authenticate: a <see cref="Credential"/> on Azure, an <see cref="AccountKey"/> locally.</summary>
public sealed class CosmosStorageOptions
{
    public required string Endpoint { get; init; }
    public string DatabaseName { get; init; } = "portfolio";

    /// <summary>Entra ID credential (the Functions host passes DefaultAzureCredential). Takes precedence over <see cref="AccountKey"/>.</summary>
    public TokenCredential? Credential { get; init; }

    /// <summary>Account key, for the local emulator or test server only: the Azure account has local auth disabled.</summary>
    public string? AccountKey { get; init; }

    /// <summary>True for an emulator: talk to the endpoint itself rather than the regional endpoints it advertises.</summary>
    public bool LimitToEndpoint { get; init; }

    /// <summary>How often the SDK retries a throttled (429) request before giving up, and for how long in all.</summary>
    public int MaxRetryAttemptsOnRateLimitedRequests { get; init; } = 9;
    public TimeSpan MaxRetryWaitTimeOnRateLimitedRequests { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How far behind its clock the price store answers a close version (CosmosPriceStore's remarks): more than the clock
    /// skew between writers plus the longest one write of a close takes, the SDK's throttling retries included (30 s by
    /// default). A larger value only makes callers recompute a few more recent days.
    /// </summary>
    public TimeSpan CloseVersionSkewAllowance { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Handlers added to the client's pipeline (tests use one to make the local server answer 404).</summary>
    public IReadOnlyList<RequestHandler> CustomHandlers { get; init; } = [];
}
