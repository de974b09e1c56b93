using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Accounts;
using Portfolio.Application.Alerts;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.Snapshots;

namespace Portfolio.Drivers;

/// <summary>
/// Time spent in each storage port call (summed over the parallel workers), to tell where a fan-out spends its time; and
/// the CPU time of the calling thread during the call (Linux), which unlike the wall time does not grow with other load on
/// the machine. The SQLite adapter's calls run synchronously on one thread, so that is the store's own CPU.
/// </summary>
public sealed class PortTimings
{
    private readonly ConcurrentDictionary<string, (long Calls, long Ticks, long CpuNanoseconds)> totals = new(StringComparer.Ordinal);

    public async Task<T> Time<T>(string name, Func<Task<T>> call)
    {
        var (start, thread, cpu) = (Stopwatch.GetTimestamp(), Environment.CurrentManagedThreadId, ThreadCpuNanoseconds());
        try { return await call(); }
        finally { Add(name, Stopwatch.GetTimestamp() - start, thread, cpu); }
    }

    public async Task Time(string name, Func<Task> call)
    {
        var (start, thread, cpu) = (Stopwatch.GetTimestamp(), Environment.CurrentManagedThreadId, ThreadCpuNanoseconds());
        try { await call(); }
        finally { Add(name, Stopwatch.GetTimestamp() - start, thread, cpu); }
    }

    // A call that resumed on another thread has no CPU figure of its own (counted as 0).
    private void Add(string name, long ticks, int thread, long cpuAtStart)
    {
        var cpu = thread == Environment.CurrentManagedThreadId && cpuAtStart >= 0 ? Math.Max(0, ThreadCpuNanoseconds() - cpuAtStart) : 0;
        totals.AddOrUpdate(name, (1, ticks, cpu), (_, t) => (t.Calls + 1, t.Ticks + ticks, t.CpuNanoseconds + cpu));
    }

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>CLOCK_THREAD_CPUTIME_ID of the calling thread, or -1 off Linux.</summary>
    private static long ThreadCpuNanoseconds()
    {
        if (!OperatingSystem.IsLinux()) return -1;
        return ClockGetTime(3, out var time) == 0 ? time.Seconds * 1_000_000_000 + time.Nanoseconds : -1;
    }

    public long Calls(string name) => totals.GetValueOrDefault(name).Calls;

    public void Reset() => totals.Clear();

    public string Report(TimeSpan wall, int parallelism)
    {
        var budget = wall.TotalMilliseconds * parallelism;
        return string.Join("\n", totals.OrderByDescending(t => t.Value.Ticks).Select(t =>
            $"  {t.Key,-28} {t.Value.Calls,9} calls, {Stats.Ms(t.Value.Ticks) / Math.Max(1, t.Value.Calls),8:F2} ms each, {100 * Stats.Ms(t.Value.Ticks) / budget,5:F1}% of {parallelism}×wall; " +
            $"thread CPU {t.Value.CpuNanoseconds / 1e6 / Math.Max(1, t.Value.Calls),7:F2} ms each"));
    }

    /// <summary>Wraps the registered storage adapters of the collection in timing decorators.</summary>
    public void Decorate(IServiceCollection services)
    {
        Wrap<ISnapshotStore>(services, inner => new Snapshots(inner, this));
        Wrap<IAlertStore>(services, inner => new Alerts(inner, this));
        Wrap<ILedgerStore>(services, inner => new Ledger(inner, this));
        Wrap<ILedgerStateStore>(services, inner => new LedgerStateRows(inner, this));
        Wrap<IAccountStore>(services, inner => new AccountsStore(inner, this));
        Wrap<IPriceStore>(services, inner => new Prices(inner, this));
    }

    private static void Wrap<T>(IServiceCollection services, Func<T, T> decorate) where T : class
    {
        var descriptor = services.Single(d => d.ServiceType == typeof(T));
        services.Remove(descriptor);
        services.AddSingleton(sp => decorate((T)ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!)));
    }

    private sealed class Snapshots(ISnapshotStore inner, PortTimings t) : ISnapshotStore
    {
        public Task SaveAsync(DailySnapshot snapshot, CancellationToken ct) => t.Time("ISnapshotStore.SaveAsync", () => inner.SaveAsync(snapshot, ct));
        public Task SaveManyAsync(IReadOnlyList<DailySnapshot> snapshots, CancellationToken ct) => t.Time("ISnapshotStore.SaveManyAsync", () => inner.SaveManyAsync(snapshots, ct));
        public Task<IReadOnlyList<DailySnapshot>> ListAsync(string accountId, DateOnly from, DateOnly to, CancellationToken ct) => inner.ListAsync(accountId, from, to, ct);
    }

    private sealed class Alerts(IAlertStore inner, PortTimings t) : IAlertStore
    {
        public Task<bool> TryOpenAsync(DriftAlert alert, CancellationToken ct) => t.Time("IAlertStore.TryOpenAsync", () => inner.TryOpenAsync(alert, ct));
        public Task<(int Opened, int Resolved)> ApplyAsync(IReadOnlyList<DriftAlert> toOpen, IReadOnlyList<(string AccountId, string Symbol)> toResolve, DateTimeOffset resolvedAt, CancellationToken ct) =>
            t.Time("IAlertStore.ApplyAsync", () => inner.ApplyAsync(toOpen, toResolve, resolvedAt, ct));
        public Task<bool> ResolveAsync(string accountId, string symbol, DateTimeOffset resolvedAt, CancellationToken ct) => t.Time("IAlertStore.ResolveAsync", () => inner.ResolveAsync(accountId, symbol, resolvedAt, ct));
        public Task<IReadOnlyList<DriftAlert>> ListAsync(string accountId, bool includeResolved, CancellationToken ct) => t.Time("IAlertStore.ListAsync", () => inner.ListAsync(accountId, includeResolved, ct));
        public Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> ListOpenSymbolsAsync(IReadOnlyCollection<string> accountIds, CancellationToken ct) => t.Time("IAlertStore.ListOpenSymbolsAsync", () => inner.ListOpenSymbolsAsync(accountIds, ct));
        public Task<IReadOnlyList<DriftAlert>> ListWithOutboxAsync(int max, CancellationToken ct) => t.Time("IAlertStore.ListWithOutboxAsync", () => inner.ListWithOutboxAsync(max, ct));
        public Task<bool> TryClearOutboxAsync(DriftAlert alert, CancellationToken ct) => t.Time("IAlertStore.TryClearOutboxAsync", () => inner.TryClearOutboxAsync(alert, ct));
        // Forwarded, not left to the interface's default (one clear and one transaction per alert): until stop 12 the
        // driver's batched relay ran that default, which is where its 2.7 s per batch of 500 went.
        public Task<int> TryClearOutboxesAsync(IReadOnlyList<DriftAlert> alerts, CancellationToken ct) => t.Time("IAlertStore.TryClearOutboxesAsync", () => inner.TryClearOutboxesAsync(alerts, ct));
    }

    private sealed class Ledger(ILedgerStore inner, PortTimings t) : ILedgerStore
    {
        public Task<IReadOnlyList<LedgerEntry>> ReadAsync(string accountId, long afterSequence, CancellationToken ct) => t.Time("ILedgerStore.ReadAsync", () => inner.ReadAsync(accountId, afterSequence, ct));
        public Task<IReadOnlyDictionary<string, IReadOnlyList<LedgerEntry>>> ReadAsync(IReadOnlyDictionary<string, long> afterSequenceByAccount, CancellationToken ct) => t.Time("ILedgerStore.ReadAsync(page)", () => inner.ReadAsync(afterSequenceByAccount, ct));
        public Task<AppendStatus> TryAppendAsync(LedgerEntry entry, CancellationToken ct) => inner.TryAppendAsync(entry, ct);
        public Task<AppendStatus> TryAppendAllAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken ct) => inner.TryAppendAllAsync(entries, ct);
        public Task<LedgerEntry?> FindByIdempotencyKeyAsync(string accountId, string idempotencyKey, CancellationToken ct) => inner.FindByIdempotencyKeyAsync(accountId, idempotencyKey, ct);
    }

    private sealed class LedgerStateRows(ILedgerStateStore inner, PortTimings t) : ILedgerStateStore
    {
        public Task SaveManyAsync(IReadOnlyList<StoredLedgerState> states, CancellationToken ct) => t.Time("ILedgerStateStore.SaveManyAsync", () => inner.SaveManyAsync(states, ct));
        public Task<IReadOnlyDictionary<string, StoredLedgerState>> ReadManyAsync(IReadOnlyCollection<string> accountIds, CancellationToken ct) => t.Time("ILedgerStateStore.ReadManyAsync", () => inner.ReadManyAsync(accountIds, ct));
    }

    private sealed class AccountsStore(IAccountStore inner, PortTimings t) : IAccountStore
    {
        public Task<Account?> GetAsync(string ownerId, string accountId, CancellationToken ct) => inner.GetAsync(ownerId, accountId, ct);
        public Task<IReadOnlyList<Account>> ListByOwnerAsync(string ownerId, CancellationToken ct) => inner.ListByOwnerAsync(ownerId, ct);
        public Task<bool> TryCreateAsync(Account account, CancellationToken ct) => inner.TryCreateAsync(account, ct);
        public Task<bool> TryReplaceAsync(Account account, CancellationToken ct) => inner.TryReplaceAsync(account, ct);
        public Task<Page<Account>> ListAllAsync(string? continuationToken, int pageSize, CancellationToken ct) => t.Time("IAccountStore.ListAllAsync", () => inner.ListAllAsync(continuationToken, pageSize, ct));
    }

    private sealed class Prices(IPriceStore inner, PortTimings t) : IPriceStore
    {
        public Task SaveAsync(IReadOnlyList<Quote> quotes, CancellationToken ct) => inner.SaveAsync(quotes, ct);
        public Task<Quote?> GetLatestAsync(string symbol, CancellationToken ct) => inner.GetLatestAsync(symbol, ct);
        public Task<IReadOnlyDictionary<string, Quote>> GetLatestAsync(IReadOnlyCollection<string> symbols, CancellationToken ct) => t.Time("IPriceStore.GetLatestAsync", () => inner.GetLatestAsync(symbols, ct));
        public Task<IReadOnlyList<Quote>> GetHistoryAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) => inner.GetHistoryAsync(symbol, from, to, ct);
        public Task<IReadOnlyDictionary<string, IReadOnlyList<Quote>>> GetHistoryAsync(IReadOnlyCollection<string> symbols, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) => inner.GetHistoryAsync(symbols, from, to, ct);
        public Task<IReadOnlyDictionary<string, IReadOnlyList<DailyClose>>> GetDailyClosesAsync(IReadOnlyCollection<string> symbols, DateOnly from, DateOnly to, CancellationToken ct) => t.Time("IPriceStore.GetDailyClosesAsync", () => inner.GetDailyClosesAsync(symbols, from, to, ct));
        public Task<CloseChanges> GetCloseChangesAsync(IReadOnlyCollection<string> symbols, long sinceVersion, CancellationToken ct) => t.Time("IPriceStore.GetCloseChangesAsync", () => inner.GetCloseChangesAsync(symbols, sinceVersion, ct));
        public Task<int> PruneHistoryAsync(DateTimeOffset before, CancellationToken ct) => inner.PruneHistoryAsync(before, ct);
    }
}
