using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portfolio.Application.Ports;

namespace Portfolio.Storage.Sqlite;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the storage ports on one SQLite database file, and <see cref="SqliteSchema"/>, whose
    /// <see cref="SqliteSchema.EnsureCreatedAsync"/> the host runs once at start.
    /// </summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string naming a file, e.g. "Data Source=data/portfolio.db".</param>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services, string connectionString)
    {
        var database = new SqliteDatabase(connectionString);
        services.AddSingleton(database);
        services.AddSingleton<SqliteSchema>();
        services.AddSingleton<IAccountStore, SqliteAccountStore>();
        services.AddSingleton<ILedgerStore, SqliteLedgerStore>();
        services.AddSingleton<ILedgerCheckpointStore, SqliteLedgerCheckpointStore>();
        services.AddSingleton<ILedgerStateStore, SqliteLedgerStateStore>();
        services.AddSingleton<IPriceStore, SqlitePriceStore>();
        services.AddSingleton<IAlertStore, SqliteAlertStore>();
        services.AddSingleton<ISnapshotStore, SqliteSnapshotStore>();
        services.AddSingleton<ISuspectQuoteStore, SqliteSuspectQuoteStore>();
        services.AddSingleton<IDailySeriesStore, SqliteDailySeriesStore>();
        services.AddSingleton<IOrderStore, SqliteOrderStore>();
        services.AddSingleton<INotificationStore, SqliteNotificationStore>();
        services.AddSingleton<IWatchlistStore, SqliteWatchlistStore>();
        services.AddSingleton<IPriceAlertStore, SqlitePriceAlertStore>();
        // Replaces the Application's untracked default, whichever was registered first.
        services.RemoveAll<IStoreChanges>();
        services.AddSingleton<IStoreChanges, SqliteStoreChanges>();
        return services;
    }
}
