using System.Diagnostics;
using System.Globalization;
using Portfolio.Application.Ledger;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;

namespace Portfolio.Bench;

/// <summary>
/// Stopwatch driver: `replay [--transactions N] [--symbols S] [--seed X] [--runs R] [--warmup W] [--only all|split|big|taxable] [--through ledger|state]`.
/// Each scenario is replayed W times uncounted (the steady state: JIT tiers settled, the GC's heap grown to its working
/// size and its pages faulted in), then R counted times; the summary is the median of the counted runs with min and max.
/// `--through ledger` (the default) times <see cref="AccountLedger.Replay"/>; `--through state` times the server's full
/// replay of a stored log, <see cref="LedgerState.Replay"/> over entries built beforehand (booking one transaction at a
/// time with a frozen snapshot every 1,000, the log's prefix hashes and its idempotency keys).
/// </summary>
public static class ReplayDriver
{
    public static int Run(Args args)
    {
        var total = args.Int("transactions", 1_000_000);
        var symbols = args.Int("symbols", 1_000);
        var seed = args.Int("seed", 20260101);
        var runs = args.Int("runs", 5);
        var warmups = args.Int("warmup", 2);
        through = args.String("through", "ledger");
        if (through is not ("ledger" or "state")) throw new ArgumentException("--through is ledger or state");
        var only = args.String("only", "all"); // all | split | big | taxable (not in all)

        Console.WriteLine($"Replay benchmark: {total:N0} transactions, {symbols:N0} symbols, seed {seed}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, GC server={System.Runtime.GCSettings.IsServerGC}");

        // Warm-up (JIT, tiering) on a small log of every shape, so the measured runs are steady state.
        var warm = LogGenerator.PerMethodAccounts(50_000, Math.Min(symbols, 100), seed + 1000);
        warm.Add(LogGenerator.BigAccount(10_000, Math.Min(symbols, 100), seed + 2000));
        for (var i = 0; i < 3; i++) foreach (var a in warm) AccountLedger.Replay(a.Settings, a.Log);

        if (only is "all" or "split")
        {
            var sw = Stopwatch.StartNew();
            var accounts = LogGenerator.PerMethodAccounts(total, symbols, seed);
            Console.WriteLine($"generated split scenario in {sw.Elapsed.TotalSeconds:F1} s");
            Measure("split: one account per lot method", accounts, runs, warmups);
        }
        if (only is "all" or "big")
        {
            var sw = Stopwatch.StartNew();
            var big = LogGenerator.BigAccount(total, symbols, seed);
            Console.WriteLine($"generated big account in {sw.Elapsed.TotalSeconds:F1} s");
            Measure("big: one taxable account, sells override all 5 methods", [big], runs, warmups);
        }
        if (only is "taxable")
        {
            // The export benchmark's dense taxable log (20 symbols, about 0.7 transactions a symbol a day): every loss
            // sale finds replacement purchases in its window, so it measures the cost of wash-sale matching.
            var sw = Stopwatch.StartNew();
            var taxable = new LogGenerator(seed).Generate("Taxable-Fifo", LogGenerator.SettingsFor(LotMethod.Fifo, AccountType.Taxable),
                total, symbols, new DateOnly(2000, 1, 3), 20);
            Console.WriteLine($"generated taxable account in {sw.Elapsed.TotalSeconds:F1} s");
            Measure("taxable: one dense taxable FIFO account (wash sales)", [taxable], runs, warmups);
        }
        Console.WriteLine($"process peak working set: {Mb(Process.GetCurrentProcess().PeakWorkingSet64)}");
        return 0;
    }

    private static string through = "ledger";

    private static AccountLedger ReplayThrough(GeneratedAccount account, IReadOnlyList<LedgerEntry>? entries) =>
        entries is null ? AccountLedger.Replay(account.Settings, account.Log) : LedgerState.Replay(account.Name, account.Settings, entries).Ledger;

    private static void Measure(string title, IReadOnlyList<GeneratedAccount> accounts, int runs, int warmups)
    {
        Console.WriteLine();
        Console.WriteLine($"== {title}" + (through == "state" ? " (through LedgerState.Replay)" : ""));
        var recordedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var stored = accounts.Select(a => through == "state"
            ? a.Log.Select((t, i) => new LedgerEntry(a.Name, i + 1, t, recordedAt)).ToList()
            : null).ToList();
        var count = accounts.Sum(a => a.Log.Count);
        var walls = new List<double>();
        var cpus = new List<double>();
        for (var run = 1 - warmups; run <= runs; run++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var process = Process.GetCurrentProcess();
            var wsBefore = process.WorkingSet64;
            var alloc0 = GC.GetTotalAllocatedBytes(true);
            var (g0, g1, g2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var pause0 = GC.GetTotalPauseDuration();
            var jit0 = System.Runtime.JitInfo.GetCompiledMethodCount();
            var os0 = OsCounters.Read();
            var cpu0 = process.TotalProcessorTime;
            var perAccount = new List<(GeneratedAccount Account, TimeSpan Time, AccountLedger Ledger)>();
            var total = Stopwatch.StartNew();
            for (var a = 0; a < accounts.Count; a++)
            {
                var sw = Stopwatch.StartNew();
                var ledger = ReplayThrough(accounts[a], stored[a]);
                perAccount.Add((accounts[a], sw.Elapsed, ledger));
            }
            total.Stop();
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpu0;
            var os = OsCounters.Read() - os0;
            var jitted = System.Runtime.JitInfo.GetCompiledMethodCount() - jit0;
            var allocated = GC.GetTotalAllocatedBytes(true) - alloc0;
            var (d0, d1, d2) = (GC.CollectionCount(0) - g0, GC.CollectionCount(1) - g1, GC.CollectionCount(2) - g2);
            var peak = process.PeakWorkingSet64;
            var pause = GC.GetTotalPauseDuration() - pause0;

            var label = run <= 0 ? $"warm-up {run + warmups} (not counted)" : $"run {run}";
            Console.WriteLine($"{label}: {count:N0} tx in {total.Elapsed.TotalMilliseconds:N0} ms = {count / total.Elapsed.TotalSeconds:N0} tx/s; " +
                              $"allocated {Mb(allocated)} ({(double)allocated / count:N0} B/tx); GC gen0/1/2 = {d0}/{d1}/{d2}; " +
                              $"working set before {Mb(wsBefore)}, peak {Mb(peak)}");
            Console.WriteLine($"       process CPU {cpu.TotalMilliseconds:N0} ms ({count / cpu.TotalSeconds:N0} tx per CPU-second), GC pauses {pause.TotalMilliseconds:N0} ms; " +
                              $"methods jitted {jitted}; page faults {os.MinorFaults:N0} minor, {os.MajorFaults} major; context switches {os.Voluntary} voluntary, {os.Involuntary} involuntary; load average {LoadAverage()}");
            if (run <= 0) continue;
            walls.Add(total.Elapsed.TotalMilliseconds);
            cpus.Add(cpu.TotalMilliseconds);
            if (run == runs)
                foreach (var (account, time, ledger) in perAccount)
                {
                    Console.WriteLine($"    {account.Name,-24} {account.Log.Count,9:N0} tx {time.TotalMilliseconds,8:N0} ms {account.Log.Count / time.TotalSeconds,12:N0} tx/s  " +
                                      $"open lots {ledger.OpenLots.Count(),7:N0}  realized pieces {ledger.Realized.Count,8:N0}  washed {ledger.Realized.Count(r => r.WashSaleDisallowed != 0),7:N0}  state {Fingerprint(ledger)}");
                }
        }
        if (walls.Count > 0)
            Console.WriteLine($"summary: {count:N0} tx, {walls.Count} counted runs after {warmups} warm-up: wall median {Median(walls):N0} ms (min {walls.Min():N0}, max {walls.Max():N0}); " +
                              $"CPU median {Median(cpus):N0} ms (min {cpus.Min():N0}, max {cpus.Max():N0})");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>This process's page faults (/proc/self/stat) and context switches (/proc/self/status); zero where there is no /proc.</summary>
    private readonly record struct OsCounters(long MinorFaults, long MajorFaults, long Voluntary, long Involuntary)
    {
        public static OsCounters operator -(OsCounters a, OsCounters b) =>
            new(a.MinorFaults - b.MinorFaults, a.MajorFaults - b.MajorFaults, a.Voluntary - b.Voluntary, a.Involuntary - b.Involuntary);

        public static OsCounters Read()
        {
            try
            {
                var stat = File.ReadAllText("/proc/self/stat");
                // Fields after the command name (which may hold spaces): state is field 3, minflt 10, majflt 12.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                long voluntary = 0, involuntary = 0;
                foreach (var line in File.ReadLines("/proc/self/status"))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal)) voluntary = long.Parse(line.AsSpan(24).Trim(), CultureInfo.InvariantCulture);
                    else if (line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal)) involuntary = long.Parse(line.AsSpan(27).Trim(), CultureInfo.InvariantCulture);
                }
                return new OsCounters(long.Parse(fields[7], CultureInfo.InvariantCulture), long.Parse(fields[9], CultureInfo.InvariantCulture), voluntary, involuntary);
            }
            catch (IOException) { return default; }
        }
    }

    /// <summary>A hash of the ledger's whole observable state, to check that a performance change books identically.</summary>
    public static string Fingerprint(AccountLedger ledger)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        void Add(object? o) => hash.AppendData(System.Text.Encoding.UTF8.GetBytes(o?.ToString() ?? "null"));
        Add(ledger.Cash); Add(ledger.FeesPaid); Add(ledger.LastTradeDate); Add(ledger.TransactionCount);
        foreach (var r in ledger.Realized) Add(r);
        foreach (var p in ledger.Positions.OrderBy(p => p.Symbol, StringComparer.Ordinal))
        {
            Add(p.Symbol); Add(p.Quantity); Add(p.CostBasis);
            foreach (var lot in p.Lots) Add(lot);
        }
        foreach (var i in ledger.Income) Add(i);
        return Convert.ToHexString(hash.GetHashAndReset())[..16];
    }

    private static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "n/a"; }
    }

    public static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N1", CultureInfo.InvariantCulture) + " MB";
}

public sealed class Args(string[] args)
{
    public string[] Raw { get; } = args;
    public bool Flag(string name) => Raw.Contains("--" + name);
    public string String(string name, string fallback)
    {
        var i = Array.IndexOf(Raw, "--" + name);
        return i >= 0 && i + 1 < Raw.Length ? Raw[i + 1] : fallback;
    }
    public int Int(string name, int fallback) => int.Parse(String(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
}
