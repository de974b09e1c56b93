using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Domain.Tests.Properties;

/// <summary>One random instruction; its numbers are turned into a valid transaction against the ledger as it stands.</summary>
public sealed record Op(int Kind, int Pick, int A, int B, int Gap, int Method);

/// <summary>A random account and instructions. <see cref="Interpret"/> turns them into a valid transaction log.</summary>
public sealed record Scenario(AccountSettings Settings, IReadOnlyList<Op> Ops, int PriceSeed)
{
    public static readonly string[] Symbols = ["AAA", "BBB", "CCC"];

    public override string ToString()
    {
        var text = new StringBuilder().AppendLine(Settings.ToString());
        try
        {
            foreach (var step in Interpret()) text.AppendLine(step.Transaction.ToString());
        }
        catch (Exception e)
        {
            text.AppendLine("!! " + e.Message);
        }
        return text.ToString();
    }

    /// <summary>
    /// Books the instructions one by one (Apply), returning each transaction with its booking result and the open basis
    /// and realized basis just before it. Sells stay within holdings; specific-id sales name lots that add up exactly.
    /// </summary>
    public List<Step> Interpret() => Interpret(out _);

    public List<Step> Interpret(out AccountLedger ledger)
    {
        ledger = new AccountLedger(Settings);
        var steps = new List<Step>();
        var date = new DateOnly(2020, 1, 1);
        var spinOffs = 0;
        foreach (var op in Ops)
        {
            date = date.AddDays(op.Gap);
            var id = $"t{steps.Count + 1}";
            var held = ledger.Positions.OrderBy(p => p.Symbol, StringComparer.Ordinal).ToList();
            var position = held.Count == 0 ? null : held[op.Pick % held.Count];
            decimal? cashInLieu = op.Method % 2 == 0 ? op.B / 100m : null;
            Transaction? transaction = op.Kind switch
            {
                0 => new Buy(id, date, Symbols[op.Pick % Symbols.Length], op.A / 100m, op.B / 100m, op.A % 3 == 0 ? op.B % 700 / 100m : 0),
                1 when position is not null => SellFrom(id, date, position, op),
                2 when position is not null => new CashDividend(id, date, position.Symbol, op.B / 100m),
                3 when position is not null => new DividendReinvestment(id, date, position.Symbol, op.A / 1000m, op.B / 100m),
                4 when position is not null => SplitOf(id, date, position.Symbol, op, cashInLieu),
                5 when position is not null => new StockDividend(id, date, position.Symbol, new[] { 0.05m, 0.1m, 0.02m }[op.A % 3], cashInLieu),
                6 when position is not null => new SpinOff(id, date, position.Symbol, $"N{++spinOffs}",
                    new[] { 0.5m, 1m, 0.25m, 0.3333m }[op.A % 4], op.A / 100m, op.B / 100m, cashInLieu),
                7 => new Deposit(id, date, op.B),
                8 => new Withdrawal(id, date, op.B / 10m),
                9 => new AccountFee(id, date, op.B % 1000 / 100m + 0.01m),
                10 => new Interest(id, date, op.B % 1000 / 100m + 0.01m),
                _ => null,
            };
            if (transaction is null) continue;
            var openBasis = ledger.OpenLots.Sum(l => l.CostBasis);
            var result = ledger.Apply(transaction);
            steps.Add(new Step(transaction, result, openBasis));
        }
        return steps;
    }

    private static Transaction? SellFrom(string id, DateOnly date, Domain.Lots.Position position, Op op)
    {
        var percent = op.A % 100 + 1;
        var quantity = percent >= 95 ? position.Quantity : Quantities.RoundQuantity(position.Quantity * percent / 100);
        if (quantity <= 0) return null;
        var price = op.B / 100m;
        var fee = Math.Min(op.A % 500 / 100m, quantity * price);
        var methods = new LotMethod?[] { null, LotMethod.Fifo, LotMethod.Lifo, LotMethod.Hifo, LotMethod.AverageCost, LotMethod.SpecificId };
        var method = methods[op.Method % methods.Length];
        if (method != LotMethod.SpecificId) return new Sell(id, date, position.Symbol, quantity, price, fee, method);

        // Name lots starting from a random one, wrapping round, until the quantity is covered.
        var selections = new List<LotSelection>();
        var remaining = quantity;
        for (var i = 0; i < position.Lots.Count && remaining > 0; i++)
        {
            var lot = position.Lots[(op.Pick + i) % position.Lots.Count];
            var take = Math.Min(remaining, lot.Quantity);
            if (take <= 0) continue;
            selections.Add(new LotSelection(lot.Id, take));
            remaining -= take;
        }
        return new Sell(id, date, position.Symbol, quantity, price, fee, method, selections);
    }

    private static Split SplitOf(string id, DateOnly date, string symbol, Op op, decimal? cashInLieu)
    {
        var (newShares, oldShares) = new[] { (2m, 1m), (3m, 2m), (1m, 10m), (1m, 3m), (5m, 4m) }[op.A % 5];
        return new Split(id, date, symbol, newShares, oldShares, cashInLieu);
    }

    /// <summary>A price for every symbol that could be held, from the seed (any price map must satisfy the identities).</summary>
    public IReadOnlyDictionary<string, decimal> Prices(AccountLedger ledger) =>
        ledger.Positions.ToDictionary(p => p.Symbol, p => (Math.Abs(HashCode.Combine(p.Symbol, PriceSeed)) % 100_000 + 1) / 100m);
}

public sealed record Step(Transaction Transaction, BookingResult Result, decimal OpenBasisBefore);

public static class RandomLogs
{
    private static Gen<Op> OpGen =>
        from kind in Gen.Frequency((6, Gen.Constant(0)), (4, Gen.Constant(1)), (1, Gen.Constant(2)), (1, Gen.Constant(3)),
            (1, Gen.Constant(4)), (1, Gen.Constant(5)), (1, Gen.Constant(6)), (2, Gen.Constant(7)), (1, Gen.Constant(8)),
            (1, Gen.Constant(9)), (1, Gen.Constant(10)))
        from pick in Gen.Choose(0, 1000)
        from a in Gen.Choose(1, 100_000)
        from b in Gen.Choose(1, 50_000)
        from gap in Gen.Frequency((3, Gen.Constant(0)), (5, Gen.Choose(1, 45)))
        from method in Gen.Choose(0, 1000)
        select new Op(kind, pick, a, b, gap, method);

    public static Arbitrary<Scenario> Scenarios(bool? tracksCash = null) => Arb.From(
        from type in Gen.Elements(AccountType.Taxable, AccountType.Taxable, AccountType.Ira, AccountType.Roth, AccountType.Retirement401k)
        from method in Gen.Elements(LotMethod.Fifo, LotMethod.Lifo, LotMethod.Hifo, LotMethod.AverageCost)
        from cash in tracksCash is { } fixedCash ? Gen.Constant(fixedCash) : Gen.Elements(true, false)
        from ops in Gen.ListOf(OpGen)
        from seed in Gen.Choose(0, int.MaxValue)
        select new Scenario(new AccountSettings(type, "USD", method, cash), ops, seed));

    public static void Check(Arbitrary<Scenario> scenarios, Action<Scenario> property) =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(PropertyCases.Or(200)),
            Prop.ForAll(scenarios, (Scenario s) => { property(s); return true; }));
}
