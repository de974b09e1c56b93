using System.Globalization;
using Portfolio.Application.Exports;
using Portfolio.Domain;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Bench;

/// <summary>
/// The product's Beancount export (<see cref="BeancountFormat"/>) of randomized accounts with fees, fractional
/// quantities, splits (forward and reverse), same-day lots and taxable accounts (wash sales), checked by Beancount:
/// bean-check accepts each file, and per sale the gain Beancount books (Income:…:Gains, interpolated by Beancount from
/// the lots it chose) equals ours, as do the open lots (label, quantity and date exactly; cost) and the total disallowed
/// by wash sales. Money agrees to 10^-9 USD: see <c>Same</c>.
/// </summary>
public static class ExportCrossCheck
{
    /// <summary>A mixed log: buys and sells with fees and fractional quantities, now and then two buys on one date and a split.</summary>
    public static List<Transaction> Generate(Random random, AccountSettings settings, string prefix, int trades, int symbols, DateOnly start)
    {
        var shadow = new LedgerReplay(settings);
        var log = new List<Transaction>(trades);
        var prices = Enumerable.Range(0, symbols).Select(_ => Math.Round(5m + (decimal)random.NextDouble() * 200, 2)).ToArray();
        var date = start;
        for (var i = 0; i < trades; i++)
        {
            if (random.Next(4) != 0) date = date.AddDays(random.Next(1, 4)); // a quarter of trades share the previous date
            var s = random.Next(symbols);
            var symbol = LogGenerator.SymbolName(s);
            prices[s] = Math.Max(0.01m, Math.Round(prices[s] * (decimal)(0.9 + random.NextDouble() * 0.2), 2));
            var held = shadow.Current.PositionOf(symbol)?.Quantity ?? 0;
            var fee = random.Next(2) == 0 ? 0 : Math.Round((decimal)random.NextDouble() * 9.99m, 2);
            var id = $"{prefix}{i}";
            Transaction t;
            if (held > 0 && random.Next(60) == 0)
                t = random.Next(3) == 0 ? new Split(id, date, symbol, 1, 2) : new Split(id, date, symbol, random.Next(2, 4), random.Next(1, 3));
            else if (held > 0 && random.Next(100) < 45)
            {
                var q = random.Next(5) == 0 ? held : Math.Max(0.001m, Math.Round(held * (decimal)random.NextDouble(), 3));
                if (q > held) q = held;
                t = new Sell(id, date, symbol, q, prices[s], Math.Min(fee, q * prices[s]));
            }
            else
                t = new Buy(id, date, symbol, Math.Round(0.5m + (decimal)random.NextDouble() * 150, random.Next(4)), prices[s], fee);
            try { shadow.Book(t); }
            catch (LedgerRuleViolation) { continue; } // e.g. a split that would leave a lot with no shares
            log.Add(t);
        }
        return log;
    }

    public static int Run(Args args)
    {
        var isShort = args.Flag("short");
        var ledgers = args.Int("ledgers", isShort ? 3 : 20);
        var trades = args.Int("trades", isShort ? 300 : 2_000);
        var symbols = args.Int("symbols", 6);
        var seed = args.Int("seed", 7);
        var keep = args.String("keep", "");
        var maxReport = args.Int("max-report", 20);
        var from = args.Int("from", 0);
        var only = args.String("only", "");

        BeanLedger.EnsureBeancount();
        var dir = keep.Length > 0 ? keep : Path.Combine(Path.GetTempPath(), $"portfolio-export-crosscheck-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        var kinds = new (string Name, AccountSettings Settings)[]
        {
            ("FifoIra", new AccountSettings(AccountType.Ira, "USD", LotMethod.Fifo, TracksCash: false)),
            ("LifoIra", new AccountSettings(AccountType.Ira, "USD", LotMethod.Lifo, TracksCash: false)),
            ("FifoTaxable", new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: false)),
            ("LifoTaxable", new AccountSettings(AccountType.Taxable, "USD", LotMethod.Lifo, TracksCash: false)),
            ("HifoTaxable", new AccountSettings(AccountType.Taxable, "USD", LotMethod.Hifo, TracksCash: false)),
        };
        Console.WriteLine($"Export cross-check vs Beancount: {ledgers} ledgers x {kinds.Length} accounts ({string.Join(", ", kinds.Select(k => k.Name))}) x {trades} trades, " +
                          $"{symbols} symbols, seed {seed}: fees, fractional quantities, splits, same-day lots, wash sales");

        int files = 0, sales = 0, beancountBooked = 0, named = 0, lots = 0, splits = 0, washed = 0, mismatches = 0;
        for (var k = from; k < from + ledgers; k++)
            foreach (var (name, settings) in kinds)
            {
                if (only.Length > 0 && name != only) continue;
                var random = new Random(seed * 1_000 + k * 10 + Array.FindIndex(kinds, x => x.Name == name));
                var log = Generate(random, settings, $"{name}{k}-", trades, symbols, new DateOnly(2015, 1, 2).AddDays(random.Next(1000)));
                var file = Path.Combine(dir, $"{name}-{k:D3}.beancount");
                var text = string.Concat(BeancountFormat.Write(name, settings, log, []));
                File.WriteAllText(file, text);
                files++;
                var issues = Compare(file, name, settings, log, out var counted);
                sales += counted.Sales; lots += counted.Lots; splits += log.Count(t => t is Split); washed += counted.Washed;
                var auto = text.Split('\n').Count(l => l.Contains(" {} @ ", StringComparison.Ordinal));
                beancountBooked += auto; named += counted.Sales - auto;
                mismatches += issues.Count;
                foreach (var issue in issues.Take(Math.Max(0, maxReport))) Console.WriteLine($"  MISMATCH {file}: {issue}");
                Console.WriteLine($"{name,-12} {k,3}: {log.Count,5} transactions, {counted.Sales,4} sales ({auto} booked by Beancount), " +
                                  $"{counted.Lots,4} open lots, {counted.Washed,3} wash-sale pieces: {(issues.Count == 0 ? "agree" : $"{issues.Count} MISMATCHES")}");
            }

        Console.WriteLine();
        Console.WriteLine($"{files} exported ledgers, {sales:N0} sales ({beancountBooked:N0} booked by Beancount's FIFO/LIFO, {named:N0} naming their lots), " +
                          $"{splits} splits, {washed} wash-sale pieces, {lots:N0} open lots: {mismatches} mismatches");
        if (keep.Length == 0 && mismatches == 0) Directory.Delete(dir, recursive: true);
        return mismatches == 0 ? 0 : 1;
    }

    private readonly record struct Counts(int Sales, int Lots, int Washed);

    private static List<string> Compare(string file, string name, AccountSettings settings, List<Transaction> log, out Counts counts)
    {
        var issues = new List<string>();
        var ledger = AccountLedger.Replay(settings, log);
        counts = new Counts(log.Count(t => t is Sell), ledger.OpenLots.Count(), ledger.Realized.Count(p => p.WashSaleDisallowed != 0));
        if (BeanLedger.Run("bean-check", [file], out _, out var checkErr) != 0 || checkErr.Trim().Length > 0)
        {
            issues.Add("bean-check: " + string.Join(" | ", checkErr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(3)));
            return issues;
        }
        var rows = BeanLedger.Query(file, "SELECT entry_meta('id'), account, str(number), cost_label, cost_date, str(cost_number)");

        var gains = new Dictionary<string, decimal>(StringComparer.Ordinal);
        decimal washSales = 0;
        var units = new Dictionary<(string Label, string Date, decimal PerUnit), decimal>();
        foreach (var r in rows)
        {
            var number = BeanLedger.Num(r[2]);
            if (r[1] == $"Income:{name}:Gains") gains[r[0]] = gains.GetValueOrDefault(r[0]) - number;
            else if (r[1] == $"Income:{name}:WashSales") washSales -= number;
            else if (r[3].Length > 0)
            {
                var key = (r[3], r[4], BeanLedger.Num(r[5]));
                units[key] = units.GetValueOrDefault(key) + number;
            }
        }

        // Our amounts keep 10 decimal places, Beancount's cost per unit 28 significant digits: a lot sold in several
        // pieces leaves remainders that differ in the 10th decimal. Amounts agree when within a billionth of a dollar.
        static bool Same(decimal a, decimal b) => Math.Abs(a - b) <= 0.000000001m;
        var ours = ledger.Realized.GroupBy(p => p.TransactionId).ToDictionary(g => g.Key, g => g.Sum(p => p.Gain), StringComparer.Ordinal);
        foreach (var id in ours.Keys.Union(gains.Keys))
            if (!Same(ours.GetValueOrDefault(id), gains.GetValueOrDefault(id)))
                issues.Add($"sale {id}: gain ours {ours.GetValueOrDefault(id)} vs beancount {gains.GetValueOrDefault(id)}");
        var disallowed = ledger.Realized.Sum(p => p.WashSaleDisallowed);
        if (disallowed != washSales) issues.Add($"wash sales: ours {disallowed} vs beancount {washSales}");

        var theirLots = units.Where(kv => kv.Value != 0).ToDictionary(kv => kv.Key.Label, kv => (Quantity: kv.Value, Cost: kv.Value * kv.Key.PerUnit, kv.Key.Date), StringComparer.Ordinal);
        foreach (var lot in ledger.OpenLots)
        {
            var mine = (lot.Quantity, lot.CostBasis, Date: lot.AcquiredOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (!theirLots.Remove(lot.Id, out var theirs) || theirs.Quantity != mine.Quantity || theirs.Date != mine.Date || !Same(theirs.Cost, mine.CostBasis))
                issues.Add($"open lot {lot.Id}: ours {mine} vs beancount {theirs}");
        }
        foreach (var (label, theirs) in theirLots) issues.Add($"open lot {label}: beancount {theirs}, none of ours");
        return issues;
    }
}
