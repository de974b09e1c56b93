using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Ledger;
using Portfolio.Application.Performance;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Domain;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Returns;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests;

/// <summary>One random step: a write, a back-dated write, a corporate action, a close or its correction, a day passing, an end-of-day run or a read.</summary>
public sealed record SeriesOp(int Kind, int A, int B, int C);

public sealed record SeriesScenario(AccountSettings Settings, IReadOnlyList<SeriesOp> Ops);

/// <summary>
/// GET performance composes its answer from the stored daily series; whatever happened before, the answer must be the
/// full recomputation from the log and every daily close (<see cref="PerformanceCalculator.Compute"/>), to the last
/// decimal: both reports are compared as JSON text, so even a decimal's scale must agree.
/// </summary>
public class PerformanceSeriesPropertyTests
{
    private static readonly string[] Symbols = ["AAA", "BBB", "CCC", "DDD"];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Stored_series_answers_equal_a_full_recomputation_after_random_writes_corrections_and_reads(bool sqlitePrices)
    {
        var ops = from kind in Gen.Frequency(
                (5, Gen.Constant(0)), (6, Gen.Constant(1)), (3, Gen.Constant(2)), (1, Gen.Constant(3)), (1, Gen.Constant(4)),
                (2, Gen.Constant(5)), (1, Gen.Constant(6)), (1, Gen.Constant(7)), (1, Gen.Constant(8)), (1, Gen.Constant(9)),
                (6, Gen.Constant(10)), (1, Gen.Constant(11)), (5, Gen.Constant(12)), (1, Gen.Constant(13)), (1, Gen.Constant(14)))
            from a in Gen.Choose(0, 100_000)
            from b in Gen.Choose(0, 100_000)
            from c in Gen.Choose(0, 100_000)
            select new SeriesOp(kind, a, b, c);
        var scenarios = from type in Gen.Elements(AccountType.Taxable, AccountType.Ira)
                        from method in Gen.Elements(LotMethod.Fifo, LotMethod.Lifo, LotMethod.AverageCost)
                        from cash in Gen.Elements(true, false)
                        from list in Gen.ListOf(ops)
                        select new SeriesScenario(new AccountSettings(type, "USD", method, cash), list);

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(PropertyCases.Or(40)),
            Prop.ForAll(Arb.From(scenarios), (SeriesScenario s) => { RunAsync(s, sqlitePrices).GetAwaiter().GetResult(); return true; }));
    }

    /// <param name="sqlitePrices">The SQLite price store (its own close versions) instead of the in-memory one.</param>
    private static async Task RunAsync(SeriesScenario scenario, bool sqlitePrices)
    {
        var memory = new InMemoryPriceStore();
        await using var harness = new Harness(services => { if (!sqlitePrices) services.AddSingleton<IPriceStore>(memory); });
        var prices = harness.Get<IPriceStore>();
        var account = await harness.AccountAsync(scenario.Settings);
        var quoteSecond = 0;
        foreach (var op in scenario.Ops.Append(new SeriesOp(12, 1, 1, 0)))
        {
            var today = Common.MarketClock.Today(harness.Clock);
            var ledger = (await harness.Get<LedgerReader>().LoadAsync(account, CancellationToken.None)).Ledger;
            var held = ledger.Positions.Where(p => p.Quantity > 0).Select(p => p.Symbol).OrderBy(s => s).ToList();
            var heldSymbol = held.Count == 0 ? null : held[op.A % held.Count];
            var backDays = op.A % 3 == 0 ? op.C % 30 : 0;
            var date = today.AddDays(-backDays);
            var price = 5 + op.B % 10_000 / 100m;
            Func<string, Transaction>? write = op.Kind switch
            {
                1 => id => new Buy(id, date, Symbols[op.A % 3], 1 + op.C % 40, price, op.C % 3 / 2m),
                2 when heldSymbol is not null => id => new Sell(id, date, heldSymbol, Math.Min(ledger.PositionOf(heldSymbol)!.Quantity, 1 + op.C % 25), price, op.C % 2 / 4m),
                3 when heldSymbol is not null => id => new CashDividend(id, date, heldSymbol, 1 + op.B % 500 / 100m),
                4 when heldSymbol is not null => id => new DividendReinvestment(id, date, heldSymbol, 1 + op.C % 3, price),
                5 => id => op.B % 2 == 0 ? new Deposit(id, date, 100 + op.C % 5000) : new Withdrawal(id, date, 1 + op.C % 300),
                6 => id => op.B % 2 == 0 ? new AccountFee(id, date, 1 + op.C % 900 / 100m) : new Interest(id, date, 1 + op.C % 900 / 100m),
                7 when heldSymbol is not null => id => new Split(id, date, heldSymbol, new[] { 2m, 3m, 1m }[op.B % 3], new[] { 1m, 2m, 2m }[op.B % 3], op.C % 2 == 0 ? price : null),
                8 when heldSymbol is not null && heldSymbol != "DDD" => id => new SpinOff(id, date, heldSymbol, "DDD", 0.5m, price, 1 + op.C % 2000 / 100m, op.C % 2 == 0 ? 3.5m : null),
                9 when op.B % 2 == 0 => id => new TransferIn(id, date, Symbols[op.A % 3], [new TransferredLot(1 + op.C % 30, 10 + op.C % 700, date.AddDays(-100))]),
                9 when heldSymbol is not null => id => new TransferOut(id, date, heldSymbol, Math.Min(ledger.PositionOf(heldSymbol)!.Quantity, 1 + op.C % 10)),
                13 when heldSymbol is not null => id => new StockDividend(id, date, heldSymbol, 0.1m, op.C % 2 == 0 ? price : null),
                _ => null,
            };
            if (write is not null)
            {
                try { await harness.RecordAsync(account, write); }
                catch (LedgerRuleViolation) { } // a back-dated write the later log does not allow is refused; nothing changed
                continue;
            }
            switch (op.Kind)
            {
                case 0:
                    harness.Clock.Advance(TimeSpan.FromDays(1 + op.A % 3));
                    break;
                case 10 or 14:
                    // A close of a past or present date; a second quote of a date already closed is a correction.
                    var closeDate = today.AddDays(-(op.C % 40));
                    var asOf = new DateTimeOffset(closeDate.ToDateTime(new TimeOnly(19, 0)), TimeSpan.Zero).AddSeconds(++quoteSecond);
                    if (asOf > harness.Clock.GetUtcNow()) asOf = harness.Clock.GetUtcNow().AddSeconds(-1);
                    await prices.SaveAsync([new Quote(Symbols[op.A % 4], price, asOf, "test", QuoteKind.RealTime)], CancellationToken.None);
                    break;
                case 11:
                    var state = await harness.Get<LedgerReader>().LoadAsync(account, CancellationToken.None);
                    await harness.Get<AccountSeries>().ExtendAsync(account, state, CancellationToken.None);
                    break;
                case 12:
                    DateOnly? from = op.A % 4 == 0 ? null : today.AddDays(-(op.A % 120));
                    DateOnly? to = op.B % 3 == 0 ? today.AddDays(-(op.B % 20)) : null;
                    if (from > (to ?? today)) (from, to) = (to, from);
                    await AssertSameAsFullRecomputationAsync(harness, prices, account, from, to, today);
                    break;
            }
        }
    }

    private static async Task AssertSameAsFullRecomputationAsync(
        Harness harness, IPriceStore prices, Account account, DateOnly? from, DateOnly? to, DateOnly today)
    {
        // Every close ever stored, looked up by a plain scan: the reference shares nothing with the series' close reads.
        var closes = (await prices.GetDailyClosesAsync(Symbols, new DateOnly(2000, 1, 1), today, CancellationToken.None)).Values.SelectMany(c => c).ToList();
        decimal? CloseOn(string symbol, DateOnly date) => closes.Where(c => c.Symbol == symbol && c.Date <= date).MaxBy(c => c.Date)?.Price;
        var entries = await harness.Get<ILedgerStore>().ReadAsync(account.Id, 0, CancellationToken.None);
        var log = TransactionOrder.InBookingOrder(entries.Select(e => e.Transaction)).ToList();
        var end = to ?? today;
        var start = from ?? (log.Count > 0 ? log[0].TradeDate : end);
        var service = harness.Get<PerformanceService>();
        if (start > end)
        {
            var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => service.ComputeAsync(harness.Alice, account.Id, from, to, CancellationToken.None));
            Assert.Equal("from", refused.Field);
            return;
        }
        var expected = PerformanceCalculator.Compute(account.Settings, log, CloseOn, start, end);

        var actual = await service.ComputeAsync(harness.Alice, account.Id, from, to, CancellationToken.None);

        Assert.Equal(JsonSerializer.Serialize(expected, Json), JsonSerializer.Serialize(actual, Json));
    }
}
