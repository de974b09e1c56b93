using System.Diagnostics;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Bench;

/// <summary>
/// `booking-speed`: one FIFO ledger of N trades booked by our core (in-process, warm, best of several runs) and by
/// Beancount's `bean-check` on the same ledger as Beancount text (whole process). Realized totals must be equal.
/// </summary>
public static class BookingSpeed
{
    public static int Run(Args args)
    {
        var trades = args.Int("trades", 100_000);
        var symbols = args.Int("symbols", 50);
        var seed = args.Int("seed", 11);
        var keep = args.String("keep", "");
        BeanLedger.EnsureBeancount();

        var account = BeanLedger.Generate(new Random(seed), "Fifo", LotMethod.Fifo, trades, symbols, sameDateLots: false, new DateOnly(2000, 1, 3));
        var dir = keep.Length > 0 ? keep : Path.Combine(Path.GetTempPath(), $"portfolio-booking-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "booking-speed.beancount");
        using (var w = new StreamWriter(file)) BeanLedger.Write(w, [account]);
        Console.WriteLine($"Booking speed: {trades:N0}-trade FIFO ledger, {symbols} symbols, {account.Log.OfType<Sell>().Count():N0} sales ({new FileInfo(file).Length / 1024:N0} KiB of Beancount text: {file})");

        var settings = new AccountSettings(AccountType.Ira, "USD", LotMethod.Fifo, TracksCash: true);
        for (var i = 0; i < 3; i++) AccountLedger.Replay(settings, account.Log); // warm-up
        var best = TimeSpan.MaxValue;
        AccountLedger ledger = null!;
        for (var i = 0; i < 5; i++)
        {
            var sw = Stopwatch.StartNew();
            ledger = AccountLedger.Replay(settings, account.Log);
            sw.Stop();
            if (sw.Elapsed < best) best = sw.Elapsed;
        }
        var ours = ledger.Realized.Sum(r => r.Gain);
        Console.WriteLine($"ours:      AccountLedger.Replay  {best.TotalMilliseconds,10:N1} ms (best of 5, warm)   realized {ours}");

        var beanTime = Stopwatch.StartNew();
        var rc = BeanLedger.Run("bean-check", [file], out _, out var err);
        beanTime.Stop();
        if (rc != 0) { Console.WriteLine($"bean-check failed ({rc}): {err}"); return 1; }
        var rows = BeanLedger.Query(file, "SELECT str(sum(number)) WHERE account = 'Income:Gains'");
        var theirs = -BeanLedger.Num(rows[0][0]);
        Console.WriteLine($"beancount: bean-check (process)  {beanTime.Elapsed.TotalMilliseconds,10:N1} ms                     realized {theirs}");

        var ratio = beanTime.Elapsed / best;
        Console.WriteLine($"ratio: ours is {ratio:N0}x faster (goal >= 100x); realized totals {(ours == theirs ? "equal" : "DIFFER")}");
        if (keep.Length == 0) Directory.Delete(dir, recursive: true);
        return ours == theirs && ratio >= 100 ? 0 : 1;
    }
}
