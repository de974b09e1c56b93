using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Ports;
using Portfolio.Storage.Contract;

namespace Portfolio.Storage.Sqlite.Tests;

/// <summary>A new database file per test class, wired through <see cref="ServiceCollectionExtensions.AddSqliteStorage"/>.</summary>
public sealed class SqliteFixture : IStorageFixture, IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"portfolio-contract-{Guid.NewGuid():N}.db");
    private readonly ServiceProvider _services;

    public SqliteFixture()
    {
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = _path }.ToString();
        _services = new ServiceCollection().AddSqliteStorage(ConnectionString).BuildServiceProvider();
    }

    public string ConnectionString { get; }
    public IAccountStore Accounts => _services.GetRequiredService<IAccountStore>();
    public ILedgerStore Ledger => _services.GetRequiredService<ILedgerStore>();
    public IPriceStore Prices => _services.GetRequiredService<IPriceStore>();
    public IAlertStore Alerts => _services.GetRequiredService<IAlertStore>();
    public ILedgerCheckpointStore Checkpoints => _services.GetRequiredService<ILedgerCheckpointStore>();
    public ILedgerStateStore States => _services.GetRequiredService<ILedgerStateStore>();
    public ISnapshotStore Snapshots => _services.GetRequiredService<ISnapshotStore>();
    public ISuspectQuoteStore Suspects => _services.GetRequiredService<ISuspectQuoteStore>();
    public IDailySeriesStore Series => _services.GetRequiredService<IDailySeriesStore>();
    public IOrderStore Orders => _services.GetRequiredService<IOrderStore>();
    public INotificationStore Notifications => _services.GetRequiredService<INotificationStore>();
    public IWatchlistStore Watchlists => _services.GetRequiredService<IWatchlistStore>();
    public IPriceAlertStore PriceAlerts => _services.GetRequiredService<IPriceAlertStore>();
    public int ParallelAppenders => 100;

    public Task InitializeAsync() => _services.GetRequiredService<SqliteSchema>().EnsureCreatedAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(_path + suffix);
    }
}

public sealed class SqliteAccountStoreTests(SqliteFixture fixture) : AccountStoreContract(fixture), IClassFixture<SqliteFixture>;
public sealed class SqliteLedgerStoreTests(SqliteFixture fixture) : LedgerStoreContract(fixture), IClassFixture<SqliteFixture>;
public sealed class SqlitePriceStoreTests(SqliteFixture fixture) : PriceStoreContract(fixture), IClassFixture<SqliteFixture>;
public sealed class SqliteDailyCloseTests(SqliteFixture fixture) : DailyCloseContract(fixture), IClassFixture<SqliteFixture>;
public sealed class SqliteAlertStoreTests(SqliteFixture fixture) : AlertStoreContract(fixture), IClassFixture<SqliteFixture>;
public sealed class SqliteSnapshotStoreTests(SqliteFixture fixture) : SnapshotStoreContract(fixture), IClassFixture<SqliteFixture>;
public sealed class SqliteSuspectQuoteStoreTests(SqliteFixture fixture) : SuspectQuoteStoreContract(fixture), IClassFixture<SqliteFixture>;
public sealed class SqliteHeldSymbolsProjectionTests(SqliteFixture fixture) : HeldSymbolsProjectionContract(fixture), IClassFixture<SqliteFixture>;
public sealed class SqliteLedgerCheckpointStoreTests(SqliteFixture fixture) : LedgerCheckpointStoreContract(fixture), IClassFixture<SqliteFixture>;
public sealed class SqliteLedgerStateStoreTests(SqliteFixture fixture) : LedgerStateStoreContract(fixture), IClassFixture<SqliteFixture>;
public sealed class SqliteDailySeriesStoreTests(SqliteFixture fixture) : DailySeriesStoreContract(fixture), IClassFixture<SqliteFixture>;
public sealed class SqliteOrderStoreTests(SqliteFixture fixture) : OrderStoreContract(fixture), IClassFixture<SqliteFixture>;
public sealed class SqliteNotificationStoreTests(SqliteFixture fixture) : NotificationStoreContract(fixture), IClassFixture<SqliteFixture>;
public sealed class SqliteWatchlistStoreTests(SqliteFixture fixture) : WatchlistStoreContract(fixture), IClassFixture<SqliteFixture>;
public sealed class SqlitePriceAlertStoreTests(SqliteFixture fixture) : PriceAlertStoreContract(fixture), IClassFixture<SqliteFixture>;
public sealed class SqliteDriftAlertOutboxTests(SqliteFixture fixture) : DriftAlertOutboxContract(fixture), IClassFixture<SqliteFixture>;
