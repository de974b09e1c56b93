using Microsoft.Azure.Cosmos;

namespace Portfolio.Storage.Cosmos;

/// <summary>
/// The containers of the database. On Azure they exist already (infra/modules/cosmos.bicep creates them and the app
/// identity may not); <see cref="EnsureCreatedAsync"/> is for the local server and development accounts.
/// </summary>
public sealed class CosmosContainers(CosmosClient client, string databaseName)
{
    public const string AccountsName = "accounts";
    public const string LedgerName = "ledger";
    public const string PricesName = "prices";
    public const string SnapshotsName = "snapshots";
    public const string AlertsName = "alerts";
    public const string CheckpointsName = "checkpoints";
    public const string OrdersName = "orders";
    public const string NotificationsName = "notifications";

    private readonly Database _database = client.GetDatabase(databaseName);

    public string DatabaseName => databaseName;
    public Container Accounts => _database.GetContainer(AccountsName);
    public Container Ledger => _database.GetContainer(LedgerName);
    public Container Prices => _database.GetContainer(PricesName);
    public Container Snapshots => _database.GetContainer(SnapshotsName);
    public Container Alerts => _database.GetContainer(AlertsName);
    public Container Checkpoints => _database.GetContainer(CheckpointsName);
    public Container Orders => _database.GetContainer(OrdersName);
    public Container Notifications => _database.GetContainer(NotificationsName);

    public async Task EnsureCreatedAsync(CancellationToken ct)
    {
        var database = (await client.CreateDatabaseIfNotExistsAsync(databaseName, cancellationToken: ct).ConfigureAwait(false)).Database;
        await database.CreateContainerIfNotExistsAsync(new ContainerProperties(AccountsName, "/ownerId"), cancellationToken: ct).ConfigureAwait(false);
        // Same as the Bicep: the transaction payload is never filtered on, so it is not indexed.
        var ledger = new ContainerProperties(LedgerName, "/accountId");
        ledger.IndexingPolicy.ExcludedPaths.Add(new ExcludedPath { Path = "/payload/*" });
        await database.CreateContainerIfNotExistsAsync(ledger, cancellationToken: ct).ConfigureAwait(false);
        await database.CreateContainerIfNotExistsAsync(new ContainerProperties(PricesName, "/symbol"), cancellationToken: ct).ConfigureAwait(false);
        await database.CreateContainerIfNotExistsAsync(new ContainerProperties(SnapshotsName, "/accountId"), cancellationToken: ct).ConfigureAwait(false);
        await database.CreateContainerIfNotExistsAsync(new ContainerProperties(AlertsName, "/accountId"), cancellationToken: ct).ConfigureAwait(false);
        // Ledger checkpoints: only the header fields are ever filtered on, never the state parts.
        var checkpoints = new ContainerProperties(CheckpointsName, "/accountId");
        checkpoints.IndexingPolicy.ExcludedPaths.Add(new ExcludedPath { Path = "/data/?" });
        await database.CreateContainerIfNotExistsAsync(checkpoints, cancellationToken: ct).ConfigureAwait(false);
        await database.CreateContainerIfNotExistsAsync(new ContainerProperties(OrdersName, "/accountId"), cancellationToken: ct).ConfigureAwait(false);
        await database.CreateContainerIfNotExistsAsync(new ContainerProperties(NotificationsName, "/userId"), cancellationToken: ct).ConfigureAwait(false);
    }
}
