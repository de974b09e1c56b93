using BenchmarkDotNet.Attributes;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;

namespace Portfolio.Bench;

/// <summary>BenchmarkDotNet: replay of one generated account per lot method, and the mixed-method big account.</summary>
[MemoryDiagnoser]
public class ReplayBenchmarks
{
    private GeneratedAccount account = null!;

    [Params(10_000, 100_000)]
    public int Transactions { get; set; }

    [Params("Fifo", "Lifo", "Hifo", "AverageCost", "SpecificId", "Mixed")]
    public string Method { get; set; } = "Fifo";

    [GlobalSetup]
    public void Setup()
    {
        var symbols = Math.Max(10, Transactions / 1_000);
        account = Method == "Mixed"
            ? LogGenerator.BigAccount(Transactions, symbols, 42)
            : new LogGenerator(42).Generate(Method, LogGenerator.SettingsFor(Enum.Parse<LotMethod>(Method), AccountType.Taxable),
                Transactions, symbols, new DateOnly(2006, 1, 3), 20);
    }

    [Benchmark]
    public AccountLedger Replay() => AccountLedger.Replay(account.Settings, account.Log);
}

/// <summary>A single case for profiling: `bdn --filter *ReplayProfile* --job short --profiler EP` (CPU sampling, speedscope output).</summary>
[MemoryDiagnoser]
public class ReplayProfile
{
    private List<GeneratedAccount> accounts = null!;

    [GlobalSetup]
    public void Setup()
    {
        // PORTFOLIO_PROFILE=split|big|all (default all) chooses the scenario.
        var scenario = Environment.GetEnvironmentVariable("PORTFOLIO_PROFILE") ?? "all";
        accounts = scenario == "big" ? [] : LogGenerator.PerMethodAccounts(200_000, 200, 42);
        if (scenario != "split") accounts.Add(LogGenerator.BigAccount(200_000, 200, 43));
    }

    [Benchmark]
    public int ReplayAll()
    {
        var n = 0;
        foreach (var a in accounts) n += AccountLedger.Replay(a.Settings, a.Log).Realized.Count;
        return n;
    }
}
