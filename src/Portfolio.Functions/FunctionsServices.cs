using Azure.Core;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portfolio.Api;
using Portfolio.Application;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.Valuation;
using Portfolio.Functions.Prices;
using Portfolio.Functions.Revaluation;
using Portfolio.Pricing;
using Portfolio.Storage.Cosmos;

namespace Portfolio.Functions;

public static class FunctionsServices
{
    /// <summary>Queue between the price fetcher (PullPrices) and the price writer (ApplyPriceUpdates).</summary>
    public const string PriceUpdatesQueue = "price-updates";

    /// <summary>Name of the Service Bus connection used by the trigger binding and by the sender.</summary>
    public const string ServiceBusConnection = "ServiceBusConnection";

    /// <summary>
    /// The same application registrations as the single-machine server (clock, price policy, use cases, API, pricing),
    /// with Cosmos DB instead of SQLite and a Service Bus sender for the price fetcher. Azure resources are reached with
    /// Entra ID (<see cref="Credential"/>).
    /// </summary>
    public static IServiceCollection AddPortfolioFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        var credential = Credential(configuration);
        services.AddSingleton(credential);
        services.AddPortfolioTelemetry(configuration, credential);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(PricePolicy.UsMarket);
        services.AddPortfolioApplication();
        services.AddPortfolioApi().BindImportOptions();
        services.AddPortfolioPricing(configuration);
        var cosmos = CosmosOptions(configuration, credential);
        services.AddCosmosStorage(cosmos);
        // Only against a local emulator (key auth): in Azure the containers come from Bicep and the app's identity may
        // not create them.
        if (cosmos.AccountKey is not null) services.AddHostedService<LocalCosmosSetup>();

        services.AddSingleton(_ => CreateServiceBusClient(configuration, credential));
        services.AddSingleton<IQuotePublisher>(sp =>
            new ServiceBusQuotePublisher(sp.GetRequiredService<ServiceBusClient>().CreateSender(PriceUpdatesQueue)));
        services.AddSingleton(new WatchedSymbols(WatchedSymbols.Read(configuration)));
        services.AddSingleton<HeldSymbolCollector>();
        services.AddSingleton<QuoteFetcher>();
        services.AddSingleton<PriceUpdateProcessor>();
        services.AddSingleton<IRevaluationScheduler, DurableRevaluationScheduler>();
        services.AddOptions<RevaluationOptions>().BindConfiguration(RevaluationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>
    /// In Azure (<c>AZURE_CLIENT_ID</c> set by the Bicep): the user-assigned managed identity, and nothing else, so that a
    /// missing role fails at once instead of falling through a chain of other credentials. Elsewhere (a developer's
    /// machine): <see cref="DefaultAzureCredential"/>, e.g. an <c>az login</c>.
    /// </summary>
    internal static TokenCredential Credential(IConfiguration configuration) =>
        configuration["AZURE_CLIENT_ID"] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();

    /// <summary>
    /// The Cosmos DB emulator's documented, fixed key (public, the same on every machine; not a secret). Used only
    /// when the endpoint is on this machine and no <c>CosmosDb:accountKey</c> is configured.
    /// </summary>
    internal const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    /// <summary>
    /// <c>CosmosDb:accountEndpoint</c> and <c>CosmosDb:database</c> (app settings <c>CosmosDb__accountEndpoint</c>,
    /// <c>CosmosDb__database</c>). In Azure the token credential is used (local auth is disabled on the account); a local
    /// emulator accepts only a key: <c>CosmosDb:accountKey</c>, or the emulator's well-known key for a loopback endpoint.
    /// </summary>
    internal static CosmosStorageOptions CosmosOptions(IConfiguration configuration, TokenCredential credential)
    {
        var endpoint = configuration["CosmosDb:accountEndpoint"]
            ?? throw new InvalidOperationException("CosmosDb:accountEndpoint (app setting CosmosDb__accountEndpoint) is not set.");
        var key = configuration["CosmosDb:accountKey"];
        if (string.IsNullOrEmpty(key) && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.IsLoopback) key = EmulatorKey;
        var local = !string.IsNullOrEmpty(key);
        return new CosmosStorageOptions
        {
            Endpoint = endpoint,
            DatabaseName = configuration["CosmosDb:database"] is { Length: > 0 } database ? database : "portfolio",
            Credential = local ? null : credential,
            AccountKey = local ? key : null,
            LimitToEndpoint = local,
        };
    }

    /// <summary>
    /// Identity-based in Azure (<c>ServiceBusConnection__fullyQualifiedNamespace</c>, the same setting the trigger uses);
    /// a connection string (<c>ServiceBusConnection</c>) for the local Service Bus emulator.
    /// </summary>
    internal static ServiceBusClient CreateServiceBusClient(IConfiguration configuration, TokenCredential credential)
    {
        var fullyQualifiedNamespace = configuration[$"{ServiceBusConnection}:fullyQualifiedNamespace"];
        if (!string.IsNullOrEmpty(fullyQualifiedNamespace)) return new ServiceBusClient(fullyQualifiedNamespace, credential);
        var connectionString = configuration[ServiceBusConnection];
        if (!string.IsNullOrEmpty(connectionString)) return new ServiceBusClient(connectionString);
        throw new InvalidOperationException(
            $"Set {ServiceBusConnection}__fullyQualifiedNamespace (Azure, managed identity) or {ServiceBusConnection} (a connection string, local emulator).");
    }
}
