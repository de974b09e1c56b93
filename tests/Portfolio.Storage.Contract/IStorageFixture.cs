using Portfolio.Application.Ports;

namespace Portfolio.Storage.Contract;

/// <summary>One adapter's stores, created fresh for a test class. Tests use unique ids, so they may share it.</summary>
public interface IStorageFixture
{
    IAccountStore Accounts { get; }
    ILedgerStore Ledger { get; }
    IPriceStore Prices { get; }
    IAlertStore Alerts { get; }
    ISnapshotStore Snapshots { get; }
    ISuspectQuoteStore Suspects { get; }
    ILedgerCheckpointStore Checkpoints { get; }
    ILedgerStateStore States { get; }
    IDailySeriesStore Series { get; }
    IOrderStore Orders { get; }
    INotificationStore Notifications { get; }
    IWatchlistStore Watchlists { get; }
    IPriceAlertStore PriceAlerts { get; }

    /// <summary>How many writers race for one ledger sequence in the concurrency test.</summary>
    int ParallelAppenders { get; }
}
