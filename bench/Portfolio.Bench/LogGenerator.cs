using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Bench;

/// <summary>One generated account: its settings and its log, already in booking order.</summary>
public sealed record GeneratedAccount(string Name, AccountSettings Settings, IReadOnlyList<Transaction> Log);

/// <summary>
/// Deterministic (seeded) generator of realistic account logs. Holdings are simulated by booking every generated
/// transaction on a shadow <see cref="AccountLedger"/>, so sells never exceed holdings and specific-identification
/// sells name lots that are really open (including wash-sale split lots such as "b12.w3").
/// </summary>
public sealed class LogGenerator
{
    private readonly Random random;

    public LogGenerator(int seed) => random = new Random(seed);

    public static string SymbolName(int index)
    {
        // 3–4 upper-case letters, valid both as a ticker and as a Beancount commodity.
        Span<char> chars = stackalloc char[4];
        var n = index;
        for (var i = 3; i >= 0; i--) { chars[i] = (char)('A' + n % 26); n /= 26; }
        return "S" + new string(chars[1..]);
    }

    /// <param name="overrideMethods">When set, each sell picks one of these methods per sale (SpecificId names lots).</param>
    public GeneratedAccount Generate(
        string name, AccountSettings settings, int count, int symbols, DateOnly start, int years,
        LotMethod[]? overrideMethods = null)
    {
        var shadow = new AccountLedger(settings);
        var log = new List<Transaction>(count);
        var prices = new decimal[symbols];
        var names = new string[symbols];
        for (var s = 0; s < symbols; s++)
        {
            prices[s] = Math.Round(10m + (decimal)(random.NextDouble() * 290), 2);
            names[s] = SymbolName(s);
        }

        var totalDays = years * 365;
        var lastDate = start;
        var selections = new List<LotSelection>();
        for (var i = 0; i < count; i++)
        {
            var date = start.AddDays((int)((long)i * totalDays / count));
            var id = $"{name}-{i}";
            var s = random.Next(symbols);
            var symbol = names[s];
            // Random walk, about ±2 % a step, never below 1.
            prices[s] = Math.Max(1m, Math.Round(prices[s] * (decimal)(0.98 + random.NextDouble() * 0.04), 2));
            var price = prices[s];
            var position = shadow.PositionOf(symbol);
            var held = position?.Quantity ?? 0;

            var roll = random.Next(1000);
            Transaction tx;
            if (roll < 420 || held == 0 && roll < 800)
            {
                var quantity = random.Next(8) == 0 ? Math.Round((decimal)random.NextDouble() * 50 + 0.5m, 3) : random.Next(1, 101);
                tx = new Buy(id, date, symbol, quantity, price, random.Next(4) == 0 ? 0 : 1.00m);
            }
            else if (roll < 720 && held > 0)
            {
                var method = overrideMethods is null ? (LotMethod?)null : overrideMethods[random.Next(overrideMethods.Length)];
                var effective = method ?? settings.LotMethod;
                if (effective == LotMethod.SpecificId)
                {
                    selections.Clear();
                    var lots = position!.Lots;
                    var picks = Math.Min(lots.Count, random.Next(1, 4));
                    var first = random.Next(lots.Count);
                    decimal total = 0;
                    for (var k = 0; k < picks; k++)
                    {
                        var lot = lots[(first + k) % lots.Count];
                        var take = lot.Quantity <= 1 || random.Next(2) == 0 ? lot.Quantity : random.Next(1, (int)decimal.Floor(lot.Quantity) + 1);
                        if (take > lot.Quantity) take = lot.Quantity;
                        selections.Add(new LotSelection(lot.Id, take));
                        total += take;
                    }
                    tx = new Sell(id, date, symbol, total, price, total * price >= 1 && random.Next(4) != 0 ? 1.00m : 0, method, selections.ToArray());
                }
                else
                {
                    var quantity = held <= 1 || random.Next(10) == 0
                        ? held
                        : Math.Max(1, decimal.Floor(held * (decimal)(0.05 + random.NextDouble() * 0.5)));
                    tx = new Sell(id, date, symbol, quantity, price, quantity * price >= 1 && random.Next(4) != 0 ? 1.00m : 0, method);
                }
            }
            else if (roll < 840 && held > 0)
                tx = new CashDividend(id, date, symbol, Math.Max(0.01m, Math.Round(held * price * 0.005m, 2)));
            else if (roll < 860 && held > 0)
                tx = new DividendReinvestment(id, date, symbol, Math.Round((decimal)random.NextDouble() * 2 + 0.01m, 4), price);
            else if (roll < 862 && held > 0 && date > lastDate)
            {
                // Splits are rare; keep quantities to 6 decimals (2:1, 3:1, 3:2).
                var (n, o) = random.Next(3) switch { 0 => (2m, 1m), 1 => (3m, 1m), _ => (3m, 2m) };
                tx = new Split(id, date, symbol, n, o);
                prices[s] = Math.Max(1m, Math.Round(price * o / n, 2));
            }
            else if (roll < 940)
                tx = new Deposit(id, date, Math.Round(100m + (decimal)random.NextDouble() * 5000, 2));
            else if (roll < 975)
                tx = new AccountFee(id, date, Math.Round(1m + (decimal)random.NextDouble() * 20, 2));
            else
                tx = new Interest(id, date, Math.Round(0.01m + (decimal)random.NextDouble() * 10, 2));

            shadow.Apply(tx);
            log.Add(tx);
            lastDate = date;
        }
        return new GeneratedAccount(name, settings, log);
    }

    public static AccountSettings SettingsFor(LotMethod method, AccountType type) => new(type, "USD", method, TracksCash: true, AllowsFractionalShares: true);

    /// <summary>The 1M "split" scenario: one account per lot method (taxable with wash sales, or IRA), total <paramref name="total"/>.</summary>
    public static List<GeneratedAccount> PerMethodAccounts(int total, int symbols, int seed)
    {
        var methods = Enum.GetValues<LotMethod>();
        var list = new List<GeneratedAccount>();
        for (var m = 0; m < methods.Length; m++)
        {
            var type = m % 2 == 0 ? AccountType.Taxable : AccountType.Ira;
            var gen = new LogGenerator(seed + m);
            var count = total / methods.Length + (m < total % methods.Length ? 1 : 0);
            list.Add(gen.Generate($"{methods[m]}-{type}", SettingsFor(methods[m], type), count, symbols, new DateOnly(2006, 1, 3), 20));
        }
        return list;
    }

    /// <summary>The 1M "big account" scenario: one taxable FIFO account whose sells override the lot method (all five).</summary>
    public static GeneratedAccount BigAccount(int total, int symbols, int seed) =>
        new LogGenerator(seed).Generate("Big-Taxable", SettingsFor(LotMethod.Fifo, AccountType.Taxable), total, symbols,
            new DateOnly(2006, 1, 3), 20, Enum.GetValues<LotMethod>());
}
