using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portfolio.Application;
using Portfolio.Application.Accounts;
using Portfolio.Application.Ledger;
using Portfolio.Application.Notifications;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.Revaluation;
using Portfolio.Application.Valuation;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Rebalancing;
using Portfolio.Domain.Transactions;
using Portfolio.Storage.Sqlite;

namespace Portfolio.Drivers;

/// <summary>
/// In process, on the server's composition (application services + SQLite adapters): --accounts accounts of --positions
/// buys each, with 10% targets on every holding, seeded through the ports; one price tick for every symbol; then
/// RevaluationService.RevalueAllAsync timed, cold (ledgers read from SQLite) and again warm. Goal: 100,000 accounts in 5 s.
/// Seeding runs on a database in /dev/shm (fsync is free there) which is then copied next to the other temp files, so the
/// timed revaluation writes its snapshots and alerts to a real disk like the server does.
/// </summary>
public static class Fanout
{
    public static async Task<int> RunAsync(Options options)
    {
        var accountCount = options.Int("--accounts", 100_000, 500);
        var positions = options.Int("--positions", 10, 10);
        var parallelism = options.Int("--parallelism", 8, 8);
        var universe = options.Int("--symbols", 300, 300);
        var seed = options.Int("--seed", 7, 7);
        var maxSeconds = options.Int("--max-seconds", 240, 60);
        var runOnTmpfs = options.Flag("--run-on-tmpfs");
        var relayBatches = options.Int("--relay-batches", 20, 2);
        // More warm cycles after the first (each measured alone): on a loaded machine the least CPU of several is the figure to compare.
        var warmPasses = options.Int("--warm-passes", 1, 1);
        // Without it, each account's compact ledger state is stored while seeding (and kept in --seed-cache), as the write path stores it
        // after every write (a user's accounts were written through the API); with it, the first cycle finds none and
        // stores them itself (a data folder written before stop 12).
        var lazyStates = options.Flag("--lazy-states");
        // A seeded database kept between runs (A/B pairs on a loaded machine): seeded once, then copied. It must have
        // been seeded with the same --accounts, --positions, --symbols and --seed.
        var seedCache = options.Text("--seed-cache");
        var checks = new Checks();
        Console.WriteLine($"plan: {accountCount} accounts × {positions} positions (universe {universe} symbols), targets {100 / positions}% each, one tick, RevalueAllAsync(parallelism {parallelism}); goal < 5 s");

        var seedDirectory = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), $"portfolio-fanout-seed-{Guid.NewGuid():N}");
        var runDirectory = Path.Combine(runOnTmpfs && Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), $"portfolio-fanout-{Guid.NewGuid():N}");
        Directory.CreateDirectory(seedDirectory);
        Directory.CreateDirectory(runDirectory);
        try
        {
            var symbols = Enumerable.Range(0, universe).Select(i => "F" + i.ToString("D3", CultureInfo.InvariantCulture)).ToArray();
            var seeding = Stopwatch.StartNew();
            if (seedCache is not null && File.Exists(seedCache))
            {
                File.Copy(seedCache, Path.Combine(seedDirectory, "portfolio.db"));
                Console.WriteLine($"seeded database copied from {seedCache} (--seed-cache)");
            }
            else
            {
                await using (var seedServices = Compose(Path.Combine(seedDirectory, "portfolio.db")))
                {
                    await seedServices.GetRequiredService<SqliteSchema>().EnsureCreatedAsync(CancellationToken.None);
                    await SeedAsync(seedServices, accountCount, positions, symbols, seed);
                }
                Console.WriteLine($"seeded {accountCount} accounts and {accountCount * positions} ledger entries through IAccountStore/ILedgerStore in {seeding.Elapsed.TotalSeconds:F1} s " +
                                  $"({accountCount * (positions + 1) / seeding.Elapsed.TotalSeconds:F0} writes/s on tmpfs)");
            }
            var statesFilled = false;
            if (!lazyStates)
                await using (var seedServices = Compose(Path.Combine(seedDirectory, "portfolio.db")))
                {
                    // An older seeded file gains the ledger_states table here, as a data folder does on start.
                    await seedServices.GetRequiredService<SqliteSchema>().EnsureCreatedAsync(CancellationToken.None);
                    var filling = Stopwatch.StartNew();
                    var stored = await StoreLedgerStatesAsync(seedServices, Path.Combine(seedDirectory, "portfolio.db"));
                    statesFilled = stored > 0;
                    Console.WriteLine(stored == 0 ? "ledger states: present in the seeded database"
                        : $"ledger states: {stored} accounts' compact states stored, as the write path stores them, in {filling.Elapsed.TotalSeconds:F1} s on tmpfs " +
                          "(--lazy-states leaves them to the first cycle)");
                }
            SqliteConnection.ClearAllPools();
            using (var checkpoint = new SqliteConnection($"Data Source={Path.Combine(seedDirectory, "portfolio.db")}"))
            {
                checkpoint.Open();
                using var command = checkpoint.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                command.ExecuteNonQuery();
            }
            SqliteConnection.ClearAllPools();
            if (seedCache is not null && (!File.Exists(seedCache) || statesFilled)) File.Copy(Path.Combine(seedDirectory, "portfolio.db"), seedCache, overwrite: true);
            File.Copy(Path.Combine(seedDirectory, "portfolio.db"), Path.Combine(runDirectory, "portfolio.db"));
            Directory.Delete(seedDirectory, recursive: true);
            Console.WriteLine($"database: {new FileInfo(Path.Combine(runDirectory, "portfolio.db")).Length / (1024 * 1024)} MiB copied to {runDirectory}");

            var timings = new PortTimings();
            await using var services = Compose(Path.Combine(runDirectory, "portfolio.db"), timings);
            await services.GetRequiredService<SqliteSchema>().EnsureCreatedAsync(CancellationToken.None);
            var random = new Random(seed + 1);
            var tick = DateTimeOffset.UtcNow.AddSeconds(-5);
            await services.GetRequiredService<IPriceStore>().SaveAsync(
                symbols.Select(s => new Quote(s, random.Next(5, 200), tick, "fanout", QuoteKind.RealTime)).ToList(), CancellationToken.None);
            Console.WriteLine($"tick: {universe} quotes stored");

            var revaluation = services.GetRequiredService<RevaluationService>();
            foreach (var pass in new[] { "cold" }.Concat(Enumerable.Repeat("warm", warmPasses)))
            {
                GC.Collect();
                ResetPeakResidentSet();
                var allocated = GC.GetTotalAllocatedBytes();
                var gcs = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);
                timings.Reset();
                var loadBefore = LoadAverage();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                using var cap = new CancellationTokenSource(TimeSpan.FromSeconds(maxSeconds));
                RevaluationSummary summary;
                try
                {
                    summary = await revaluation.RevalueAllAsync(parallelism, cap.Token);
                }
                catch (OperationCanceledException)
                {
                    // Pages are written with one snapshot and one alert call each.
                    var done = Math.Min(accountCount, timings.Calls("IAlertStore.ApplyAsync") * RevaluationService.PageSize);
                    Console.WriteLine($"{pass}: stopped at the {maxSeconds} s cap after {done} of {accountCount} accounts ({done / clock.Elapsed.TotalSeconds:F0} accounts/s, " +
                                      $"projected {accountCount / Math.Max(1, done / clock.Elapsed.TotalSeconds):F0} s for all); CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F2} s; peak RSS {PeakResidentSetMiB()} MiB");
                    Console.WriteLine(timings.Report(clock.Elapsed, parallelism));
                    checks.Fail($"{pass}: revaluation did not finish within {maxSeconds} s");
                    continue;
                }
                var elapsed = clock.Elapsed;
                var allocatedBytes = GC.GetTotalAllocatedBytes() - allocated;
                var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                Console.WriteLine($"{pass}: {summary.AccountsRevalued} accounts in {elapsed.TotalSeconds:F2} s = {summary.AccountsRevalued / elapsed.TotalSeconds:F0} accounts/s; " +
                                  $"alerts opened {summary.AlertsOpened}, resolved {summary.AlertsResolved}, failures {summary.Failures}; " +
                                  $"CPU {cpuSeconds:F2} s (user+system, all threads; less sensitive to other load than the wall time); " +
                                  $"peak RSS {PeakResidentSetMiB()} MiB, allocated {allocatedBytes / (1024 * 1024)} MiB " +
                                  $"({allocatedBytes / Math.Max(1, summary.AccountsRevalued)} B/account), " +
                                  $"GCs {GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2) - gcs}, managed heap now {GC.GetTotalMemory(false) / (1024 * 1024)} MiB; " +
                                  $"load average {loadBefore} before, {LoadAverage()} after");
                Console.WriteLine($"  goal < 5 s: {(elapsed.TotalSeconds < 5 ? "met" : $"NOT met ({elapsed.TotalSeconds:F1} s)")}; time in storage ports:");
                Console.WriteLine(timings.Report(elapsed, parallelism));
                checks.Require(summary.AccountsRevalued == accountCount, $"{pass}: {summary.AccountsRevalued} of {accountCount} accounts revalued");
                checks.Require(summary.Failures == 0, $"{pass}: {summary.Failures} failures");
                if (pass == "cold") checks.Require(summary.AlertsOpened > 0, "the tick opens drift alerts");
                else checks.Require(summary.AlertsOpened == 0, $"a second revaluation opens no more alerts ({summary.AlertsOpened})");
            }
            if (relayBatches > 0) await MeasureRelayAsync(services, relayBatches, checks, timings);
            return checks.Report("fanout");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var directory in new[] { seedDirectory, runDirectory })
                try { if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// The drift relay after the first cycle, in the same run: <paramref name="batches"/> batches of outbox events moved
    /// into the inboxes with one insert and one clear per event (the relay before stop 11), and as many batches through
    /// <see cref="NotificationRelay"/> (one webhook read, one multi-row insert and one transaction of clears a batch).
    /// </summary>
    private static async Task MeasureRelayAsync(IServiceProvider services, int batches, Checks checks, PortTimings timings)
    {
        timings.Reset();
        var ct = CancellationToken.None;
        var alerts = services.GetRequiredService<IAlertStore>();
        var inbox = services.GetRequiredService<INotificationStore>();
        var relay = services.GetRequiredService<NotificationRelay>();
        // Alternately, batch by batch: the database settles after the first cycle's 605k inserts (its WAL is checkpointed
        // meanwhile), and whichever path ran first would pay for that.
        var clock = new Stopwatch();
        var (perEvent, batched) = (0, 0);
        var (perEventTime, batchedTime) = (TimeSpan.Zero, TimeSpan.Zero);
        for (var batch = 0; batch < batches; batch++)
        {
            clock.Restart();
            var webhooks = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var alert in await alerts.ListWithOutboxAsync(NotificationRelay.BatchSize, ct))
            {
                var owner = alert.OwnerId!;
                if (!webhooks.TryGetValue(owner, out var hasWebhook)) webhooks[owner] = hasWebhook = await inbox.GetWebhookAsync(owner, ct) is not null;
                foreach (var kind in alert.Outbox!)
                    if (await inbox.TryAddAsync(NotificationRelay.FromDriftAlert(alert, owner, kind, hasWebhook, DateTimeOffset.UtcNow), ct)) perEvent++;
                await alerts.TryClearOutboxAsync(alert, ct);
            }
            perEventTime += clock.Elapsed;
            clock.Restart();
            batched += await relay.RelayOutboxesAsync(ct);
            batchedTime += clock.Elapsed;
        }
        Console.WriteLine($"drift relay: one insert and one clear per event: {perEvent} events in {perEventTime.TotalSeconds:F2} s ({perEvent / perEventTime.TotalSeconds:F0} events/s); " +
                          $"batched (NotificationRelay): {batched} events in {batchedTime.TotalSeconds:F2} s ({batched / batchedTime.TotalSeconds:F0} events/s); " +
                          $"{perEventTime.TotalSeconds / Math.Max(batchedTime.TotalSeconds, 1e-9) * batched / Math.Max(perEvent, 1):F1}x the events per second; load average {LoadAverage()}");
        Console.WriteLine("  time in the alert store's relay calls (both paths):");
        Console.WriteLine(timings.Report(perEventTime + batchedTime, 1));
        checks.Require(perEvent == batches * NotificationRelay.BatchSize && batched == perEvent,
            $"the relay moved {perEvent} events one by one and {batched} batched, {batches * NotificationRelay.BatchSize} each expected");
    }

    /// <summary>
    /// Each account's compact ledger state, replayed from its log and stored by <see cref="LedgerStates"/> a page at a
    /// time: what the write path leaves behind (it stores the state after every write, in the background).
    /// </summary>
    private static async Task<int> StoreLedgerStatesAsync(IServiceProvider services, string databasePath)
    {
        var ct = CancellationToken.None;
        using (var connection = new SqliteConnection($"Data Source={databasePath}"))
        {
            connection.Open();
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT (SELECT count(*) FROM ledger_states) >= (SELECT count(DISTINCT account_id) FROM ledger);";
            if (Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture) == 1) return 0;
        }
        var accounts = services.GetRequiredService<IAccountStore>();
        var log = services.GetRequiredService<ILedgerStore>();
        var states = services.GetRequiredService<LedgerStates>();
        var stored = 0;
        string? token = null;
        do
        {
            var page = await accounts.ListAllAsync(token, RevaluationService.PageSize, ct);
            token = page.ContinuationToken;
            var entries = await log.ReadAsync(page.Items.ToDictionary(a => a.Id, _ => 0L, StringComparer.Ordinal), ct);
            var ledgers = new List<(string, long, Portfolio.Domain.Ledger.AccountLedger)>(page.Items.Count);
            foreach (var account in page.Items)
                if (entries.TryGetValue(account.Id, out var accountLog))
                    ledgers.Add((account.Id, accountLog[^1].Sequence, LedgerState.Replay(account.Id, account.Settings, accountLog).Ledger));
            await states.SaveAsync(ledgers, ct);
            stored += ledgers.Count;
        } while (token is not null);
        return stored;
    }

    /// <summary>What ServerApp registers for the application and storage (no HTTP, no price cycle).</summary>
    private static ServiceProvider Compose(string databasePath, PortTimings? timings = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new PricePolicy(UsMarketCalendar.Instance.IsOpen, PriceFreshness.IsStale));
        services.AddPortfolioApplication();
        services.AddSqliteStorage($"Data Source={databasePath}");
        services.AddSingleton<IRevaluationScheduler, NoScheduler>();
        timings?.Decorate(services);
        return services.BuildServiceProvider();
    }

    private sealed class NoScheduler : IRevaluationScheduler
    {
        public Task RequestAsync(CancellationToken ct) => Task.CompletedTask;
    }

    private static async Task SeedAsync(IServiceProvider services, int accountCount, int positions, string[] symbols, int seed)
    {
        var accounts = services.GetRequiredService<IAccountStore>();
        var ledger = services.GetRequiredService<ILedgerStore>();
        var settings = new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: false);
        var created = DateTimeOffset.UtcNow;
        var date = new DateOnly(2025, 3, 3);
        var report = Stopwatch.StartNew();
        const int Batch = 1_000;
        for (var start = 0; start < accountCount; start += Batch)
        {
            var end = Math.Min(accountCount, start + Batch);
            await Parallel.ForEachAsync(Enumerable.Range(start, end - start), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (i, ct) =>
            {
                var random = new Random(seed * 1_000_003 + i);
                var held = symbols.OrderBy(_ => random.Next()).Take(positions).Order(StringComparer.Ordinal).ToList();
                var id = "acc_fanout_" + i.ToString("D7", CultureInfo.InvariantCulture);
                var targets = new TargetAllocation(held.ToDictionary(s => s, _ => 100m / positions));
                if (!await accounts.TryCreateAsync(new Account(id, "owner-" + (i % 1000), $"fanout {i}", settings, created, targets, held), ct))
                    throw new InvalidOperationException($"account {id} exists");
                for (var p = 0; p < positions; p++)
                {
                    var buy = new Buy($"tx_{id}_{p}", date, held[p], random.Next(1, 100), random.Next(10, 100));
                    var status = await ledger.TryAppendAsync(new LedgerEntry(id, p + 1, buy, created), ct);
                    if (status != AppendStatus.Appended) throw new InvalidOperationException($"append {id}#{p + 1}: {status}");
                }
            });
            if (report.Elapsed > TimeSpan.FromSeconds(15))
            {
                Console.WriteLine($"  seeding: {end} accounts");
                report.Restart();
            }
        }
    }

    /// <summary>The one-minute load average (Linux), or "?".</summary>
    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; } catch (IOException) { return "?"; }
    }

    /// <summary>Linux: writing 5 to /proc/self/clear_refs resets VmHWM, so each pass reports its own peak.</summary>
    private static void ResetPeakResidentSet()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static long PeakResidentSetMiB()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException) { }
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / (1024 * 1024);
    }
}
