using Portfolio.Domain.Ledger;
using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Transactions;
using Portfolio.Domain.Valuation;

namespace Portfolio.Domain.Tests.Properties;

/// <summary>Invariants over random logs of buys, sells within holdings, dividends, splits, spin-offs, deposits and fees.</summary>
public class LedgerPropertyTests
{
    [Fact]
    public void Quantities_are_never_negative_and_open_lots_add_up_to_their_position()
    {
        RandomLogs.Check(RandomLogs.Scenarios(), scenario =>
        {
            scenario.Interpret(out var ledger);
            foreach (var position in ledger.Positions)
            {
                Assert.True(position.Quantity >= 0, $"{position.Symbol} quantity {position.Quantity}");
                Assert.All(position.Lots, l => Assert.True(l.Quantity >= 0, $"lot {l.Id} quantity {l.Quantity}"));
                Assert.Equal(position.Lots.Sum(l => l.Quantity), position.Quantity);
                Assert.Equal(position.Lots.Sum(l => l.CostBasis), position.CostBasis);
            }
            Assert.All(ledger.Realized, p => Assert.True(p.Quantity >= 0));
        });
    }

    [Fact]
    public void Splits_stock_dividends_and_spin_offs_conserve_total_basis()
    {
        // Open basis before = open basis after + basis of any fraction sold for cash in lieu.
        RandomLogs.Check(RandomLogs.Scenarios(), scenario =>
        {
            var steps = scenario.Interpret(out var ledger);
            for (var i = 0; i < steps.Count; i++)
            {
                if (steps[i].Transaction is not (Split or StockDividend or SpinOff)) continue;
                var after = i + 1 < steps.Count ? steps[i + 1].OpenBasisBefore : ledger.OpenLots.Sum(l => l.CostBasis);
                Assert.Equal(steps[i].OpenBasisBefore, after + steps[i].Result.Realized.Sum(p => p.CostBasis));
            }
        });
    }

    [Fact]
    public void Cash_plus_market_value_less_net_deposits_equals_recognized_gains_unrealized_income_less_fees()
    {
        // cash + MV − (deposits − withdrawals) == Σ RecognizedGain + unrealized + income − fees, exactly, at any prices.
        RandomLogs.Check(RandomLogs.Scenarios(tracksCash: true), scenario =>
        {
            var steps = scenario.Interpret(out var ledger);
            var log = steps.Select(s => s.Transaction).ToList();
            var valuation = Valuator.Value(ledger, scenario.Prices(ledger), new DateOnly(2030, 1, 1));
            var netDeposits = log.OfType<Deposit>().Sum(d => d.Amount) - log.OfType<Withdrawal>().Sum(w => w.Amount);

            var left = ledger.Cash + valuation.SecuritiesValue - netDeposits;
            var right = ledger.Realized.Sum(p => p.RecognizedGain) + valuation.UnrealizedGain + ledger.Income.Sum(i => i.Amount) - ledger.FeesPaid;

            Assert.Empty(valuation.UnpricedSymbols);
            Assert.Equal(left, right);
        });
    }

    [Fact]
    public void Applying_a_date_ordered_log_one_by_one_equals_replaying_it()
    {
        RandomLogs.Check(RandomLogs.Scenarios(), scenario =>
        {
            var steps = scenario.Interpret(out var applied);
            var replayed = AccountLedger.Replay(scenario.Settings, steps.Select(s => s.Transaction));

            LedgerSnapshot.Of(replayed).ShouldEqual(LedgerSnapshot.Of(applied));
            Assert.Equal(applied.Positions.Select(p => (p.Symbol, p.Quantity, p.CostBasis)).Order(),
                replayed.Positions.Select(p => (p.Symbol, p.Quantity, p.CostBasis)).Order());
        });
    }

    [Fact]
    public void Replaying_the_log_recorded_in_any_order_of_dates_equals_booking_it_in_date_order()
    {
        // Whole days are shuffled; transactions of one date keep their recorded order (the booking order of a date).
        RandomLogs.Check(RandomLogs.Scenarios(), scenario =>
        {
            var steps = scenario.Interpret(out var applied);
            var random = new Random(scenario.PriceSeed);
            var shuffled = steps.Select(s => s.Transaction).GroupBy(t => t.TradeDate)
                .OrderBy(_ => random.Next()).SelectMany(g => g).ToList();

            var replayed = AccountLedger.Replay(scenario.Settings, shuffled);

            LedgerSnapshot.Of(replayed).ShouldEqual(LedgerSnapshot.Of(applied));
        });
    }
}
