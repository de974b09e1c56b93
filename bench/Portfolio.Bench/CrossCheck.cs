using System.Diagnostics;
using System.Globalization;
using System.Text;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Bench;

/// <summary>A randomized trades-only ledger for the Beancount cross-check: integer quantities, 2-decimal prices, no fees.</summary>
public sealed record BeanAccount(string Name, LotMethod Method, List<Transaction> Log);

public static class BeanLedger
{
    /// <summary>
    /// Buys and sells over several symbols, dates advancing 0–2 days a trade. Unless <paramref name="sameDateLots"/>,
    /// no symbol is bought twice on one date in one account: Beancount orders lots of one date by appearance even for
    /// LIFO (a stable sort on the date, reversed), while our LIFO closes the later one first.
    /// </summary>
    public static BeanAccount Generate(Random random, string name, LotMethod method, int trades, int symbols, bool sameDateLots, DateOnly start)
    {
        var log = new List<Transaction>(trades);
        var held = new Dictionary<string, int>();
        var lastBuy = new Dictionary<string, DateOnly>();
        var prices = Enumerable.Range(0, symbols).Select(_ => Math.Round(5m + (decimal)random.NextDouble() * 200, 2)).ToArray();
        var date = start;
        for (var i = 0; i < trades; i++)
        {
            date = date.AddDays(random.Next(3));
            var s = random.Next(symbols);
            var symbol = LogGenerator.SymbolName(s);
            prices[s] = Math.Max(0.01m, Math.Round(prices[s] * (decimal)(0.93 + random.NextDouble() * 0.14), 2));
            var h = held.GetValueOrDefault(symbol);
            var id = $"{name}{i}";
            if (h > 0 && random.Next(100) < 45)
            {
                var q = random.Next(5) == 0 ? h : random.Next(1, h + 1);
                log.Add(new Sell(id, date, symbol, q, prices[s]));
                held[symbol] = h - q;
            }
            else
            {
                if (!sameDateLots && lastBuy.TryGetValue(symbol, out var d) && d == date) date = date.AddDays(1);
                var q = random.Next(1, 200);
                log.Add(new Buy(id, date, symbol, q, prices[s]));
                held[symbol] = h + q;
                lastBuy[symbol] = date;
            }
        }
        return new BeanAccount(name, method, log);
    }

    public static string Account(BeanAccount account, string symbol) => $"Assets:{account.Name}:{symbol}";

    public static string Money(decimal value) => value.ToString("0.00##########", CultureInfo.InvariantCulture);

    /// <summary>Beancount text: one "Assets:{account}:{SYM}" account per symbol, opened with the account's booking method.</summary>
    public static void Write(TextWriter w, IReadOnlyList<BeanAccount> accounts)
    {
        w.WriteLine("option \"title\" \"Portfolio cross-check\"");
        w.WriteLine("option \"operating_currency\" \"USD\"");
        w.WriteLine();
        w.WriteLine("1990-01-01 open Assets:Cash USD");
        w.WriteLine("1990-01-01 open Income:Gains USD");
        foreach (var a in accounts)
        {
            var booking = a.Method switch { LotMethod.Fifo => "FIFO", LotMethod.Lifo => "LIFO", _ => throw new NotSupportedException($"Beancount 2 has no {a.Method} booking") };
            foreach (var symbol in a.Log.OfType<Buy>().Select(b => b.Symbol).Distinct().Order(StringComparer.Ordinal))
                w.WriteLine($"1990-01-01 open {Account(a, symbol)} {symbol} \"{booking}\"");
        }
        w.WriteLine();

        // Merge the accounts' logs by date (Beancount sorts by date, keeping file order within a date).
        var merged = accounts.SelectMany((a, ai) => a.Log.Select((t, ti) => (a, ai, ti, t)))
            .OrderBy(x => x.t.TradeDate).ThenBy(x => x.ai).ThenBy(x => x.ti);
        var sb = new StringBuilder();
        foreach (var (a, _, _, t) in merged)
        {
            sb.Clear();
            switch (t)
            {
                case Buy b:
                    sb.Append($"{b.TradeDate:yyyy-MM-dd} * \"{b.Id}\"\n");
                    sb.Append($"  {Account(a, b.Symbol)}  {b.Quantity} {b.Symbol} {{{Money(b.Price)} USD}}\n");
                    sb.Append($"  Assets:Cash  {Money(-b.Quantity * b.Price)} USD\n");
                    break;
                case Sell s:
                    sb.Append($"{s.TradeDate:yyyy-MM-dd} * \"{s.Id}\"\n");
                    sb.Append($"  {Account(a, s.Symbol)}  -{s.Quantity} {s.Symbol} {{}} @ {Money(s.Price)} USD\n");
                    sb.Append($"  Assets:Cash  {Money(s.Quantity * s.Price)} USD\n");
                    sb.Append("  Income:Gains\n");
                    break;
                default: throw new NotSupportedException(t.GetType().Name);
            }
            sb.Append('\n');
            w.Write(sb);
        }
    }

    public static void EnsureBeancount()
    {
        if (Which("bean-check") && Which("bean-query")) return;
        Console.Error.WriteLine("beancount not found: installing Debian's package (apt-get install beancount)");
        Shell("sh", "-c \"apt-get update -qq && apt-get install -y -qq beancount\"", out _, out var err);
        if (!Which("bean-check")) throw new InvalidOperationException("could not install beancount: " + err);
    }

    private static bool Which(string tool) => Shell("sh", $"-c \"command -v {tool}\"", out _, out _) == 0;

    public static int Shell(string file, string arguments, out string stdout, out string stderr)
    {
        var psi = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var errTask = p.StandardError.ReadToEndAsync();
        stdout = p.StandardOutput.ReadToEnd();
        stderr = errTask.Result;
        p.WaitForExit();
        return p.ExitCode;
    }

    public static int Run(string file, IEnumerable<string> arguments, out string stdout, out string stderr)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var errTask = p.StandardError.ReadToEndAsync();
        stdout = p.StandardOutput.ReadToEnd();
        stderr = errTask.Result;
        p.WaitForExit();
        return p.ExitCode;
    }

    /// <summary>
    /// Runs bean-query with CSV output. Beware: bean-query renders a Decimal column at the most frequent number of
    /// fractional digits in that column (DecimalRenderer uses the mode), so a USD amount in a column of mostly integer
    /// share counts prints rounded. Query str(number) to get exact values.
    /// </summary>
    /// <summary>Runs bean-query with CSV output; returns the rows (header dropped), fields trimmed.</summary>
    public static List<string[]> Query(string file, string query)
    {
        var rc = Run("bean-query", ["-f", "csv", file, query], out var stdout, out var stderr);
        if (rc != 0 || stderr.Length > 0)
            throw new InvalidOperationException($"bean-query failed ({rc}): {stderr}");
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split(',').Select(f => f.Trim()).ToArray()).ToList();
    }

    /// <summary>Parses a bean-query number, plain ("12.34") or as str() renders it ("Decimal('12.34')").</summary>
    public static decimal Num(string s)
    {
        if (s.StartsWith("Decimal('", StringComparison.Ordinal)) s = s[9..^2];
        return decimal.Parse(s, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
    }
}

/// <summary>`crosscheck`: realized gains per sale and open lots, ours versus Beancount's FIFO/LIFO booking, on randomized ledgers.</summary>
public static class CrossCheck
{
    public static int Run(Args args)
    {
        var isShort = args.Flag("short");
        var ledgers = args.Int("ledgers", isShort ? 3 : 20);
        var trades = args.Int("trades", isShort ? 300 : 2_000);
        var symbols = args.Int("symbols", 6);
        var seed = args.Int("seed", 7);
        var sameDateLots = args.Flag("same-date-lots");
        var keep = args.String("keep", "");
        var maxReport = args.Int("max-report", 20);

        BeanLedger.EnsureBeancount();
        var dir = keep.Length > 0 ? keep : Path.Combine(Path.GetTempPath(), $"portfolio-crosscheck-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        Console.WriteLine($"Cross-check vs Beancount ({Version()}): {ledgers} ledgers x {trades} trades (FIFO + LIFO accounts), {symbols} symbols, seed {seed}, same-date lots {(sameDateLots ? "allowed" : "avoided")}");

        var totalTrades = 0; var totalSales = 0; var totalLots = 0; var mismatches = 0;
        var sw = Stopwatch.StartNew();
        for (var k = 0; k < ledgers; k++)
        {
            var random = new Random(seed * 1_000 + k);
            var start = new DateOnly(2015, 1, 2).AddDays(random.Next(1000));
            var accounts = new List<BeanAccount>
            {
                BeanLedger.Generate(random, "Fifo", LotMethod.Fifo, trades / 2, symbols, sameDateLots, start),
                BeanLedger.Generate(random, "Lifo", LotMethod.Lifo, trades - trades / 2, symbols, sameDateLots, start),
            };
            var file = Path.Combine(dir, $"ledger-{k:D3}.beancount");
            using (var w = new StreamWriter(file)) BeanLedger.Write(w, accounts);

            var rc = BeanLedger.Run("bean-check", [file], out _, out var checkErr);
            if (rc != 0) { Console.WriteLine($"ledger {k}: bean-check failed: {checkErr}"); mismatches++; continue; }
            var rows = BeanLedger.Query(file, "SELECT narration, account, currency, str(number), str(cost_number), cost_date");

            var found = Compare(k, accounts, rows, maxReport - mismatches, out var sales, out var lots);
            mismatches += found;
            totalTrades += accounts.Sum(a => a.Log.Count); totalSales += sales; totalLots += lots;
            Console.WriteLine($"ledger {k,3}: {accounts.Sum(a => a.Log.Count),6} trades, {sales,5} sales, {lots,4} open lots: {(found == 0 ? "agree" : $"{found} MISMATCHES")}  ({file})");
        }

        Console.WriteLine();
        Console.WriteLine($"{ledgers} ledgers, {totalTrades:N0} trades, {totalSales:N0} sales, {totalLots:N0} open lots compared in {sw.Elapsed.TotalSeconds:F1} s: {mismatches} mismatches");
        if (keep.Length == 0 && mismatches == 0) Directory.Delete(dir, recursive: true);
        return mismatches == 0 ? 0 : 1;
    }

    private static string Version()
    {
        BeanLedger.Run("bean-check", ["--version"], out var o, out var e);
        return (o + e).Trim();
    }

    private static int Compare(int k, List<BeanAccount> accounts, List<string[]> rows, int budget, out int sales, out int openLots)
    {
        var issues = new List<string>();

        // Beancount: gains per sale (Income:Gains is credited with a gain), open lots per (account, currency, cost date, cost).
        var beanGain = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var beanLots = new Dictionary<(string Account, string Symbol, string Date, decimal Cost), decimal>();
        var beanPicks = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            var (narration, account, currency, number) = (r[0], r[1], r[2], BeanLedger.Num(r[3]));
            if (account == "Income:Gains") beanGain[narration] = beanGain.GetValueOrDefault(narration) - number;
            else if (account.StartsWith("Assets:", StringComparison.Ordinal) && account != "Assets:Cash")
            {
                var key = (account, currency, r[5], BeanLedger.Num(r[4]));
                beanLots[key] = beanLots.GetValueOrDefault(key) + number;
                if (number < 0)
                {
                    if (!beanPicks.TryGetValue(narration, out var l)) beanPicks[narration] = l = [];
                    l.Add($"{-number}@{BeanLedger.Num(r[4])}/{r[5]}");
                }
            }
        }

        // Ours.
        var ourLots = new Dictionary<(string Account, string Symbol, string Date, decimal Cost), decimal>();
        sales = 0;
        foreach (var a in accounts)
        {
            var ledger = AccountLedger.Replay(new AccountSettings(AccountType.Ira, "USD", a.Method, TracksCash: true), a.Log);
            var gains = new Dictionary<string, decimal>(StringComparer.Ordinal);
            var picks = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var piece in ledger.Realized)
            {
                gains[piece.TransactionId] = gains.GetValueOrDefault(piece.TransactionId) + piece.Gain;
                if (!picks.TryGetValue(piece.TransactionId, out var l)) picks[piece.TransactionId] = l = [];
                l.Add($"{piece.Quantity}@{piece.CostBasis / piece.Quantity:0.##########}/{piece.AcquiredOn:yyyy-MM-dd}");
            }
            foreach (var sell in a.Log.OfType<Sell>())
            {
                sales++;
                var ours = gains.GetValueOrDefault(sell.Id);
                var theirs = beanGain.GetValueOrDefault(sell.Id);
                if (ours != theirs || !beanGain.ContainsKey(sell.Id) && ours != 0)
                    issues.Add($"{a.Name} sale {sell.Id} {sell.TradeDate:yyyy-MM-dd} -{sell.Quantity} {sell.Symbol} @ {sell.Price}: gain ours {ours} vs beancount {theirs}; " +
                               $"lots ours [{string.Join(", ", picks.GetValueOrDefault(sell.Id) ?? [])}] vs beancount [{string.Join(", ", beanPicks.GetValueOrDefault(sell.Id) ?? [])}]");
            }
            foreach (var lot in ledger.OpenLots)
            {
                var key = (BeanLedger.Account(a, lot.Symbol), lot.Symbol, lot.AcquiredOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), lot.CostBasis / lot.Quantity);
                ourLots[key] = ourLots.GetValueOrDefault(key) + lot.Quantity;
            }
        }

        // Beancount merges lots with the same cost and date; compare quantities per (account, symbol, date, cost per unit).
        var openBean = beanLots.Where(kv => kv.Value != 0).ToDictionary(kv => kv.Key, kv => kv.Value);
        openLots = ourLots.Count;
        foreach (var key in ourLots.Keys.Union(openBean.Keys).OrderBy(x => x.Account, StringComparer.Ordinal).ThenBy(x => x.Date, StringComparer.Ordinal))
        {
            var ours = ourLots.GetValueOrDefault(key);
            var theirs = openBean.GetValueOrDefault(key);
            if (ours != theirs)
                issues.Add($"open lot {key.Account} {key.Date} {{{key.Cost} USD}}: ours {ours} vs beancount {theirs}");
        }

        foreach (var issue in issues.Take(Math.Max(0, budget))) Console.WriteLine($"  MISMATCH ledger {k}: {issue}");
        return issues.Count;
    }
}
