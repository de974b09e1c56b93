using System.Net;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portfolio.Application.Ports;
using Portfolio.Storage.Contract;

namespace Portfolio.Storage.Cosmos.Tests;

/// <summary>A new database (unique name) on the Cosmos endpoint per test class, wired through AddCosmosStorage.</summary>
public sealed class CosmosFixture : IStorageFixture, IAsyncLifetime
{
    private ServiceProvider? _services;

    public IAccountStore Accounts => Get<IAccountStore>();
    public ILedgerStore Ledger => Get<ILedgerStore>();
    public IPriceStore Prices => Get<IPriceStore>();
    public IAlertStore Alerts => Get<IAlertStore>();
    public ILedgerCheckpointStore Checkpoints => Get<ILedgerCheckpointStore>();
    public ILedgerStateStore States => Get<ILedgerStateStore>();
    public ISnapshotStore Snapshots => Get<ISnapshotStore>();
    public ISuspectQuoteStore Suspects => Get<ISuspectQuoteStore>();
    public IDailySeriesStore Series => Get<IDailySeriesStore>();
    public IOrderStore Orders => Get<IOrderStore>();
    public INotificationStore Notifications => Get<INotificationStore>();
    public IWatchlistStore Watchlists => Get<IWatchlistStore>();
    public IPriceAlertStore PriceAlerts => Get<IPriceAlertStore>();
    public CosmosContainers Containers => Get<CosmosContainers>();
    public int ParallelAppenders => 20;

    public async Task InitializeAsync()
    {
        var endpoint = CosmosTestEnvironment.Endpoint;
        if (endpoint is null)
        {
            if (CosmosTestEnvironment.InCi)
                throw new InvalidOperationException("CI is set but COSMOS_ENDPOINT is not: scripts/services.sh should have started the Cosmos test server.");
            return; // the tests are skipped (CosmosTestEnvironment.SkipReason)
        }
        // The local server cannot answer query-plan requests, and needs query text passed through unchanged
        // (docs/storage.md); both must be set before the first client is created.
        Environment.SetEnvironmentVariable("AZURE_COSMOS_USE_QUERY_PLAN_INTEROP_LINUX", "true");
        Environment.SetEnvironmentVariable("AZURE_COSMOS_OPTIMISTIC_DIRECT_EXECUTION_ENABLED", "true");
        _services = new ServiceCollection()
            // Every reading of the clock is 10 minutes after the last, more than the close versions' skew allowance (5
            // minutes): each contract step happens "later" than the one before, as it would on a real timeline.
            .AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.FromMinutes(10) })
            .AddCosmosStorage(new CosmosStorageOptions
        {
            Endpoint = endpoint,
            AccountKey = CosmosTestEnvironment.Key,
            DatabaseName = $"contract-{Guid.NewGuid():N}",
            LimitToEndpoint = true,
            CustomHandlers = [new LocalServerNotFoundHandler()],
        }).BuildServiceProvider();
        await Containers.EnsureCreatedAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_services is null) return;
        try
        {
            await _services.GetRequiredService<CosmosClient>().GetDatabase(Containers.DatabaseName).DeleteAsync();
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
        }
        await _services.DisposeAsync();
    }

    private T Get<T>() where T : notnull =>
        (_services ?? throw new InvalidOperationException("No Cosmos endpoint: the test should have been skipped.")).GetRequiredService<T>();
}

/// <summary>
/// The local server answers a point read of a missing item with 500 unless this header is present, then with 404 as
/// Azure does. Tests only: production code must not depend on it.
/// </summary>
internal sealed class LocalServerNotFoundHandler : RequestHandler
{
    public override Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Get && request.RequestUri.OriginalString.Contains("/docs/", StringComparison.Ordinal))
            request.Headers.Set("x-ms-documentdb-query-enablecrosspartition", "True");
        return base.SendAsync(request, cancellationToken);
    }
}

public sealed class CosmosAccountStoreTests(CosmosFixture fixture) : AccountStoreContract(fixture), IClassFixture<CosmosFixture>;
public sealed class CosmosLedgerStoreTests(CosmosFixture fixture) : LedgerStoreContract(fixture), IClassFixture<CosmosFixture>;
public sealed class CosmosPriceStoreTests(CosmosFixture fixture) : PriceStoreContract(fixture), IClassFixture<CosmosFixture>;
public sealed class CosmosDailyCloseTests(CosmosFixture fixture) : DailyCloseContract(fixture), IClassFixture<CosmosFixture>;
public sealed class CosmosAlertStoreTests(CosmosFixture fixture) : AlertStoreContract(fixture), IClassFixture<CosmosFixture>;
public sealed class CosmosSnapshotStoreTests(CosmosFixture fixture) : SnapshotStoreContract(fixture), IClassFixture<CosmosFixture>;
public sealed class CosmosSuspectQuoteStoreTests(CosmosFixture fixture) : SuspectQuoteStoreContract(fixture), IClassFixture<CosmosFixture>;
public sealed class CosmosHeldSymbolsProjectionTests(CosmosFixture fixture) : HeldSymbolsProjectionContract(fixture), IClassFixture<CosmosFixture>;
public sealed class CosmosLedgerCheckpointStoreTests(CosmosFixture fixture) : LedgerCheckpointStoreContract(fixture), IClassFixture<CosmosFixture>;
public sealed class CosmosLedgerStateStoreTests(CosmosFixture fixture) : LedgerStateStoreContract(fixture), IClassFixture<CosmosFixture>;
public sealed class CosmosDailySeriesStoreTests(CosmosFixture fixture) : DailySeriesStoreContract(fixture), IClassFixture<CosmosFixture>;
public sealed class CosmosOrderStoreTests(CosmosFixture fixture) : OrderStoreContract(fixture), IClassFixture<CosmosFixture>;
public sealed class CosmosNotificationStoreTests(CosmosFixture fixture) : NotificationStoreContract(fixture), IClassFixture<CosmosFixture>;
public sealed class CosmosWatchlistStoreTests(CosmosFixture fixture) : WatchlistStoreContract(fixture), IClassFixture<CosmosFixture>;
public sealed class CosmosPriceAlertStoreTests(CosmosFixture fixture) : PriceAlertStoreContract(fixture), IClassFixture<CosmosFixture>;
public sealed class CosmosDriftAlertOutboxTests(CosmosFixture fixture) : DriftAlertOutboxContract(fixture), IClassFixture<CosmosFixture>;
