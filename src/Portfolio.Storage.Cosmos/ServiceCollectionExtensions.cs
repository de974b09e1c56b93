using Azure.Core;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portfolio.Application.Ports;

namespace Portfolio.Storage.Cosmos;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="CosmosClient"/>, <see cref="CosmosContainers"/> and the storage ports, all singletons.
    /// <see cref="CosmosContainers.EnsureCreatedAsync"/> is for local and development accounts only: on Azure the
    /// containers come from Bicep and the app's identity is not allowed to create them.
    /// </summary>
    public static IServiceCollection AddCosmosStorage(this IServiceCollection services, CosmosStorageOptions options)
    {
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => CosmosStorage.CreateClient(options));
        services.AddSingleton(sp => new CosmosContainers(sp.GetRequiredService<CosmosClient>(), options.DatabaseName));
        services.AddSingleton<IAccountStore, CosmosAccountStore>();
        services.AddSingleton<ILedgerStore, CosmosLedgerStore>();
        services.AddSingleton<ILedgerCheckpointStore, CosmosLedgerCheckpointStore>();
        services.AddSingleton<ILedgerStateStore, CosmosLedgerStateStore>();
        services.AddSingleton<IPriceStore, CosmosPriceStore>();
        services.AddSingleton<IAlertStore, CosmosAlertStore>();
        services.AddSingleton<ISnapshotStore, CosmosSnapshotStore>();
        services.AddSingleton<ISuspectQuoteStore, CosmosSuspectQuoteStore>();
        services.AddSingleton<IDailySeriesStore, CosmosDailySeriesStore>();
        services.AddSingleton<IOrderStore, CosmosOrderStore>();
        services.AddSingleton<INotificationStore, CosmosNotificationStore>();
        services.AddSingleton<IWatchlistStore, CosmosWatchlistStore>();
        services.AddSingleton<IPriceAlertStore, CosmosPriceAlertStore>();
        return services;
    }

    /// <summary>Azure: Entra ID authentication (the Functions host passes DefaultAzureCredential).</summary>
    public static IServiceCollection AddCosmosStorage(this IServiceCollection services, string endpoint, string databaseName, TokenCredential credential) =>
        services.AddCosmosStorage(new CosmosStorageOptions { Endpoint = endpoint, DatabaseName = databaseName, Credential = credential });

    /// <summary>The local server or emulator: an account key, and only the given endpoint.</summary>
    public static IServiceCollection AddCosmosStorage(this IServiceCollection services, string endpoint, string databaseName, string accountKey) =>
        services.AddCosmosStorage(new CosmosStorageOptions { Endpoint = endpoint, DatabaseName = databaseName, AccountKey = accountKey, LimitToEndpoint = true });
}
