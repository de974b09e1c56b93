using System.Diagnostics;
using Portfolio.Application.Exports;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;

namespace Portfolio.Bench;

/// <summary>
/// `export-speed`: the time and size of each export of one generated account (default 100,000 transactions), against
/// replaying the same log in the same run (the baseline: every read of an account replays or loads its ledger).
/// </summary>
public static class ExportSpeed
{
    public static int Run(Args args)
    {
        var count = args.Int("transactions", 100_000);
        var symbols = args.Int("symbols", 20);
        var seed = args.Int("seed", 11);
        var settings = new AccountSettings(args.Flag("taxable") ? AccountType.Taxable : AccountType.Ira, "USD", LotMethod.Fifo, TracksCash: true, AllowsFractionalShares: true, MarginAllowance: 1_000_000_000_000m);
        var account = new LogGenerator(seed).Generate("Big", settings, count, symbols, new DateOnly(2000, 1, 3), 20);
        var log = account.Log;
        Console.WriteLine($"Export speed: {log.Count:N0} transactions, {symbols} symbols, {settings.Type} FIFO");

        var replay = Time(() => { AccountLedger.Replay(settings, log); return 0L; }, out _);
        Console.WriteLine($"baseline: replay the log                 {replay,8:F0} ms");
        foreach (var (name, pieces) in new (string, Func<IEnumerable<string>>)[]
        {
            ("csv", () => ExportService.CsvPieces(log)),
            ("beancount", () => BeancountFormat.Write("Big", settings, log, [])),
            ("ghostfolio", () => GhostfolioFormat.Write("acc", "Big", settings, 0, log, DateTimeOffset.UnixEpoch)),
        })
        {
            long largest = 0;
            var ms = Time(() =>
            {
                long bytes = 0;
                foreach (var piece in pieces()) { bytes += piece.Length; largest = Math.Max(largest, piece.Length); }
                return bytes;
            }, out var size);
            Console.WriteLine($"{name,-10} {size / 1048576.0,7:F1} MiB in {ms,8:F0} ms ({ms / replay:F1}x the replay), largest piece {largest:N0} chars");
        }
        return 0;
    }

    private static double Time(Func<long> work, out long result)
    {
        result = work(); // warm-up
        var sw = Stopwatch.StartNew();
        result = work();
        return sw.Elapsed.TotalMilliseconds;
    }
}
