using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Domain.Tests.Properties;

/// <summary>One random request; its numbers become a transaction against the log as written so far (it may be refused).</summary>
public sealed record Request(int Kind, int Pick, int A, int B, int Gap, int BackDays, int Method);

/// <summary>
/// Random logs written the way users write them: back-dated entries, several lots on one day, fractional quantities,
/// oversells, transfers in and out, specific-identification sales and accounts, each booked by replaying the whole
/// log (as the application does) and compared with <see cref="ReferenceLedger"/>, an independent naive model. The
/// accounts are tax-advantaged: the model knows no wash sales (WashSaleTests and WashSaleReplacementTests work those by hand).
/// </summary>
public class ReferenceModelPropertyTests
{
    private static readonly string[] Symbols = ["AAA", "BBB", "CCC"];
    private static readonly DateOnly Start = new(2020, 1, 1);

    private static Gen<Request> RequestGen =>
        from kind in Gen.Frequency((6, Gen.Constant(0)), (5, Gen.Constant(1)), (2, Gen.Constant(2)), (2, Gen.Constant(3)),
            (1, Gen.Constant(4)), (1, Gen.Constant(5)), (1, Gen.Constant(6)), (1, Gen.Constant(7)), (1, Gen.Constant(8)))
        from pick in Gen.Choose(0, 1000)
        from a in Gen.Choose(1, 100_000)
        from b in Gen.Choose(1, 50_000)
        from gap in Gen.Frequency((4, Gen.Constant(0)), (5, Gen.Choose(1, 40)))
        from back in Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Choose(1, 90)))
        from method in Gen.Choose(0, 1000)
        select new Request(kind, pick, a, b, gap, back, method);

    private static Arbitrary<(AccountSettings Settings, List<Request> Requests)> Scenarios => Arb.From(
        from type in Gen.Elements(AccountType.Ira, AccountType.Roth, AccountType.Retirement401k)
        from method in Gen.Elements(LotMethod.Fifo, LotMethod.Lifo, LotMethod.Hifo, LotMethod.AverageCost, LotMethod.SpecificId)
        from cash in Gen.Elements(true, false)
        from requests in Gen.ListOf(RequestGen)
        select (new AccountSettings(type, "USD", method, cash, AllowsFractionalShares: true), requests.ToList()));

    [Fact]
    public void Every_write_is_accepted_or_refused_as_the_reference_model_says_and_books_the_same_lots_cash_and_gains()
    {
        var reached = new Dictionary<string, int>();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(PropertyCases.Or(150)), Prop.ForAll(Scenarios, scenario =>
        {
            var (settings, requests) = scenario;
            // Cash is ample so that no cash rule can refuse a buy or a withdrawal: only the lot rules decide here.
            var log = new List<Transaction> { new Deposit("t0", Start.AddDays(-1), 1_000_000_000m) };
            var date = Start;
            var trace = new StringBuilder().AppendLine(settings.ToString());
            var written = 0;
            foreach (var request in requests)
            {
                date = date.AddDays(request.Gap);
                var model = ReferenceLedger.Book(settings, log)!;
                var transaction = Write(request, $"t{++written}", date, model, settings);
                var at = transaction.TradeDate < date ? "back-dated " : "";
                trace.AppendLine(Describe(transaction));

                var candidate = new List<Transaction>(log) { transaction };
                var expected = ReferenceLedger.Book(settings, candidate);
                AccountLedger? actual;
                var refusal = "";
                try { actual = AccountLedger.Replay(settings, candidate); }
                catch (LedgerRuleViolation e) { actual = null; refusal = $"{e.Field}: {e.Message}"; }

                Assert.True((expected is null) == (actual is null),
                    $"model {(expected is null ? "refuses" : "accepts")} and ledger {(actual is null ? "refuses" : "accepts")} {refusal} the last of:\n{trace}");
                Count(reached, $"{at}{transaction.GetType().Name}{(expected is null ? " refused" : "")}");
                if (actual is null) { trace.AppendLine("  (refused)"); continue; }
                log = candidate;
                Compare(expected!, actual, trace);
            }
            return true;
        }));

        // The generator reaches what the review found missing: back-dating, refused oversells, transfers, specific id.
        // A statement about the full case count; a lowered one (mutation runs) may legitimately miss a rare kind.
        if (PropertyCases.Lowered) return;
        foreach (var kind in new[] { "back-dated Buy", "back-dated Sell", "Sell refused", "TransferOut refused", "TransferIn", "TransferOut", "back-dated TransferIn" })
            Assert.True(reached.GetValueOrDefault(kind) > 0, $"no '{kind}' generated: {string.Join(", ", reached.Select(kv => $"{kv.Key} {kv.Value}"))}");
    }

    private static string Describe(Transaction transaction) => transaction switch
    {
        Sell s when s.Lots is not null => $"{s} [{string.Join(", ", s.Lots)}]",
        TransferOut t when t.Lots is not null => $"{t} [{string.Join(", ", t.Lots)}]",
        TransferIn t => $"{t} [{string.Join(", ", t.Lots)}]",
        _ => transaction.ToString(),
    };

    private static void Count(Dictionary<string, int> reached, string key) => reached[key] = reached.GetValueOrDefault(key) + 1;

    /// <summary>Turns a request into a transaction; sales and transfers out usually stay within holdings and name real lots, sometimes not.</summary>
    private static Transaction Write(Request r, string id, DateOnly cursor, ReferenceLedger model, AccountSettings settings)
    {
        var date = cursor.AddDays(-r.BackDays) < Start ? Start : cursor.AddDays(-r.BackDays);
        var held = Symbols.Where(s => model.QuantityOf(s) > 0).ToList();
        var symbol = held.Count > 0 && r.Pick % 5 != 0 ? held[r.Pick % held.Count] : Symbols[r.Pick % Symbols.Length];
        // Fractional quantities on three places half the time; whole shares otherwise.
        var quantity = r.A % 2 == 0 ? r.A % 5000 / 1000m + 0.001m : r.A % 300 + 1;
        var price = r.B / 100m;
        switch (r.Kind)
        {
            case 0:
                return new Buy(id, date, symbol, quantity, price, r.A % 3 == 0 ? r.B % 900 / 100m : 0);
            case 1:
            {
                var (amount, method, lots) = Disposal(r, symbol, model, settings);
                var fee = r.A % 4 == 0 ? Math.Min(r.B % 900 / 100m, amount * price) : 0;
                return new Sell(id, date, symbol, amount, price, fee, method, lots);
            }
            case 2:
                return new TransferIn(id, date, symbol, Enumerable.Range(0, 1 + r.Method % 2)
                    .Select(i => new TransferredLot(quantity + i, r.B / 10m + i, date.AddDays(r.Method % 7 == 0 ? 3 : -(r.A % 800) - i))).ToList());
            case 3:
            {
                var (amount, method, lots) = Disposal(r, symbol, model, settings);
                return new TransferOut(id, date, symbol, amount, method, lots);
            }
            case 4: return new Deposit(id, date, r.B / 10m + 1);
            case 5: return new Withdrawal(id, date, r.B % 1000 / 10m + 0.1m);
            case 6: return new AccountFee(id, date, r.B % 500 / 100m + 0.01m);
            case 7: return new Interest(id, date, r.B % 500 / 100m + 0.01m);
            default: return new CashDividend(id, date, symbol, r.B / 100m);
        }
    }

    /// <summary>
    /// A quantity (most often within the holding, sometimes the whole of it, sometimes more: an oversell) and a method
    /// (the account's, an override, or specific lots named from a random one on; sometimes a lot that does not exist).
    /// </summary>
    private static (decimal Quantity, LotMethod? Method, IReadOnlyList<LotSelection>? Lots) Disposal(Request r, string symbol, ReferenceLedger model, AccountSettings settings)
    {
        var held = model.QuantityOf(symbol);
        var percent = r.A % 120 + 1;
        var quantity = held == 0 || percent > 110 ? Math.Max(held, 0) + 1 + r.A % 3
            : percent >= 95 ? held : Math.Max(Math.Round(held * percent / 100, 3, MidpointRounding.ToZero), 0.001m);
        var methods = new LotMethod?[] { null, null, LotMethod.Fifo, LotMethod.Lifo, LotMethod.Hifo, LotMethod.AverageCost, LotMethod.SpecificId };
        var method = methods[r.Method % methods.Length];
        if (method != LotMethod.SpecificId && (method is not null || settings.LotMethod != LotMethod.SpecificId || r.Method % 10 == 0))
            return (quantity, method, null);

        if (r.Method % 13 == 0) return (quantity, method, [new LotSelection("no-such-lot", quantity)]);
        var lots = model.HoldingOrder(symbol);
        var selections = new List<LotSelection>();
        var remaining = quantity;
        for (var i = 0; i < lots.Count && remaining > 0; i++)
        {
            var lot = lots[(r.Pick + i) % lots.Count];
            var take = Math.Min(remaining, lot.Quantity);
            selections.Add(new LotSelection(lot.Id, take));
            remaining -= take;
        }
        return (quantity, method, selections.Count == 0 ? [new LotSelection("t0", quantity)] : selections);
    }

    private static void Compare(ReferenceLedger expected, AccountLedger actual, StringBuilder trace)
    {
        var context = $"after:\n{trace}";
        Assert.True(expected.Cash == actual.Cash, $"cash {actual.Cash}, model {expected.Cash}, {context}");
        foreach (var symbol in Symbols)
            Assert.True(expected.QuantityOf(symbol) == (actual.PositionOf(symbol)?.Quantity ?? 0),
                $"{symbol} quantity {actual.PositionOf(symbol)?.Quantity ?? 0}, model {expected.QuantityOf(symbol)}, {context}");
        // Per sale: shares sold and net proceeds do not depend on the lots chosen.
        Assert.Equal(
            expected.Realized.GroupBy(p => p.SaleId).Select(g => (g.Key, g.Sum(p => p.Quantity), g.Sum(p => p.Proceeds))).ToList(),
            actual.Realized.GroupBy(p => p.TransactionId).Select(g => (g.Key, g.Sum(p => p.Quantity), g.Sum(p => p.Proceeds))).ToList());

        // Every lot and every realized piece is the model's, to the last decimal.
        Assert.Equal(
            expected.Lots.OrderBy(l => l.Symbol, StringComparer.Ordinal).ThenBy(l => l.Id, StringComparer.Ordinal)
                .Select(l => (l.Id, l.Symbol, l.Quantity, l.Basis, l.AcquiredOn)).ToList(),
            actual.OpenLots.OrderBy(l => l.Symbol, StringComparer.Ordinal).ThenBy(l => l.Id, StringComparer.Ordinal)
                .Select(l => (l.Id, l.Symbol, l.Quantity, l.CostBasis, l.AcquiredOn)).ToList());
        Assert.Equal(
            expected.Realized.Select(p => (p.SaleId, p.LotId, p.Quantity, p.Proceeds, p.Basis, p.Term)).ToList(),
            actual.Realized.Select(p => (p.TransactionId, p.LotId, p.Quantity, p.Proceeds, p.CostBasis, p.Term)).ToList());
    }
}
