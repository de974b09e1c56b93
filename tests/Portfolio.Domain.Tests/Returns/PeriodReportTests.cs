using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Returns;
using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Returns;

/// <summary>The period report: what counts inside [from, to], the simple return's parts, and the flows the rates are built from.</summary>
public class PeriodReportTests
{
    private static readonly AccountSettings WithCash = new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true);
    private static readonly AccountSettings NoCash = WithCash with { TracksCash = false };
    private static decimal? NoCloses(string symbol, DateOnly day) => null;

    [Fact]
    public void Compose_refuses_daily_values_that_skip_a_day_even_when_both_ends_are_right()
    {
        // from 2024-01-02 to 2024-01-04 needs 2024-01-01 (the base) to 2024-01-04: four days. 2024-01-03 is missing.
        IReadOnlyList<DailyValue> days = [new(D("2024-01-01"), 100, 0), new(D("2024-01-02"), 100, 0), new(D("2024-01-04"), 100, 0)];

        Assert.Throws<ArgumentException>(() => PerformanceCalculator.Compose(new AccountLedger(WithCash), [], days, D("2024-01-02"), D("2024-01-04")));
    }

    [Fact]
    public void The_base_days_own_flow_is_not_part_of_the_period()
    {
        // Base 1000 (of which 1000 came in that day), then 1100 and 1210 with no flows: TWR 1.1 × 1.1 − 1 = 21 %, two days reported.
        IReadOnlyList<DailyValue> days = [new(D("2024-01-01"), 1_000, 1_000), new(D("2024-01-02"), 1_100, 0), new(D("2024-01-03"), 1_210, 0)];

        var report = PerformanceCalculator.Compose(new AccountLedger(WithCash), [], days, D("2024-01-02"), D("2024-01-03"));

        Assert.Equal(0.21m, report.TimeWeightedReturn);
        Assert.Equal([(D("2024-01-02"), 1_100m, 0m, 0.1m), (D("2024-01-03"), 1_210m, 0m, 0.21m)],
            report.Daily.Select(d => (d.Date, d.Value, d.NetFlow, d.CumulativeTwr)));
    }

    [Fact]
    public void The_money_weighted_return_takes_the_closing_value_as_the_last_flow()
    {
        // 1000 at the base (2023-01-01), 1100 at the close 365 days later, nothing in between: XIRR of −1000 and +1100 is 10 %,
        // as is the TWR, annualized over exactly a year.
        var from = D("2023-01-02");
        var to = D("2024-01-01");
        var days = Enumerable.Range(0, 366).Select(i => new DailyValue(from.AddDays(i - 1), i == 365 ? 1_100 : 1_000, 0)).ToList();

        var report = PerformanceCalculator.Compose(new AccountLedger(WithCash), [], days, from, to);

        Assert.Equal(0.1m, report.MoneyWeightedReturn);
        Assert.Equal(0.1m, report.TimeWeightedReturn);
        Assert.Equal(0.1, (double)report.AnnualizedTimeWeightedReturn!.Value, 12);
    }

    [Fact]
    public void Fees_realized_gains_and_income_count_from_the_first_day_of_the_period_to_its_last()
    {
        // Before from (2024-01-01): fee 1, sale of 2 X at 110 (gain 20), dividend 3. On from (01-02): fee 2, sale of 2 at 120
        // (gain 40), dividend 5. On to (01-03): fee 4. After to: fee 8 (not booked into the period's ledger at all).
        var log = new LedgerBuilder().Deposit("2024-01-01", 10_000).Buy("2024-01-01", "X", 10, 100)
            .Fee("2024-01-01", 1).Sell("2024-01-01", "X", 2, 110).Dividend("2024-01-01", "X", 3)
            .Fee("2024-01-02", 2).Sell("2024-01-02", "X", 2, 120).Dividend("2024-01-02", "X", 5)
            .Fee("2024-01-03", 4).Fee("2024-01-04", 8);

        var report = PerformanceCalculator.Compute(log.Settings, log.Log, NoCloses, D("2024-01-02"), D("2024-01-03"));

        Assert.Equal((6m, 40m, 5m), (report.Fees, report.RealizedGain, report.Income));
    }

    [Fact]
    public void Unrealized_gain_and_simple_return_are_built_from_cash_basis_realized_income_and_fees()
    {
        // Deposit 10000; A 10 @ 100 (basis 1000); B 10 @ 50 then sold at 60 (gain 100, closed basis 500); A dividend 20; fee 5.
        // Cash 10000 − 1000 − 500 + 600 + 20 − 5 = 9115. A closes at 120 on 01-05: value 9115 + 1200 = 10315.
        // Unrealized 10315 − 9115 − 1000 = 200. Simple return (200 + 100 + 20 − 5) / (1000 + 500) = 315 / 1500 = 0.21.
        var log = new LedgerBuilder().Deposit("2024-01-02", 10_000).Buy("2024-01-02", "A", 10, 100).Buy("2024-01-02", "B", 10, 50)
            .Sell("2024-01-03", "B", 10, 60).Dividend("2024-01-04", "A", 20).Fee("2024-01-04", 5);

        var report = PerformanceCalculator.Compute(log.Settings, log.Log, (s, d) => s == "A" && d == D("2024-01-05") ? 120m : null, D("2024-01-02"), D("2024-01-05"));

        Assert.Equal((10_315m, 1_000m, 200m, 100m, 20m, 5m), (report.Value, report.CostBasis, report.UnrealizedGain, report.RealizedGain, report.Income, report.Fees));
        Assert.Equal(0.21m, report.SimpleReturn);
    }

    [Fact]
    public void The_base_day_of_the_daily_values_carries_no_flow()
    {
        // A deposit on the base day is the base value, not a flow into the period.
        var log = new LedgerBuilder().Deposit("2024-01-02", 1_000).Deposit("2024-01-03", 500);

        var days = PerformanceCalculator.DailyValues(log.Settings, log.Log, NoCloses, D("2024-01-02"), D("2024-01-03"), out _);

        Assert.Equal([new DailyValue(D("2024-01-02"), 1_000, 0), new DailyValue(D("2024-01-03"), 1_500, 500)], days);
    }

    [Fact]
    public void Trades_before_the_base_day_still_set_the_last_trade_price_used_without_a_close()
    {
        // Bought 10 X at 50, sold 2 at 60 before the base day: no closes, so the 8 left are valued at the last trade, 60.
        // Cash 1000 − 500 + 120 = 620; value 620 + 8 × 60 = 1100 (at cost it would be 620 + 400 = 1020).
        var log = new LedgerBuilder().Deposit("2024-01-01", 1_000).Buy("2024-01-01", "X", 10, 50).Sell("2024-01-02", "X", 2, 60);

        var days = PerformanceCalculator.DailyValues(log.Settings, log.Log, NoCloses, D("2024-01-05"), D("2024-01-05"), out _);

        Assert.Equal(1_100m, Assert.Single(days).Value);
    }

    [Fact]
    public void Shares_transferred_in_flow_in_at_that_days_close()
    {
        // 4 T with basis 120 (30 a share) arrive on a day T closes at 45: the flow is 4 × 45 = 180, not the basis.
        var log = new LedgerBuilder().TransferIn("2024-01-04", "T", Lot(4, 120, "2023-05-01"));
        var walk = new DailyValuation(log.Settings, log.Log);

        Assert.Equal(new DailyValue(D("2024-01-04"), 180, 180), walk.Close(D("2024-01-04"), (s, d) => s == "T" && d == D("2024-01-04") ? 45m : null));
    }

    [Fact]
    public void A_position_left_with_no_shares_adds_nothing_to_the_value_even_without_any_price()
    {
        // 0.000001 Z, then a stored 1-for-10 rounds its only lot to 0 shares (basis 0.0001 kept). No close and no trade price:
        // the value is the cash alone, 1000 − 0.0001.
        var ledger = new LedgerBuilder().Deposit("2024-01-02", 1_000).Buy("2024-01-02", "Z", 0.000001m, 100).Split("2024-02-01", "Z", 1, 10).Build();
        Assert.Equal(0m, ledger.PositionOf("Z")!.Quantity);

        Assert.Equal(999.9999m, DailyValuation.ValueAt(ledger, D("2024-02-01"), NoCloses, _ => null));
    }

    [Fact]
    public void Every_lot_of_a_transfer_counts_in_its_flow_in_and_out()
    {
        // Two lots, 4 and 6 shares, valued at 7: 70 in; moving all 10 out again is −70.
        var ledger = new AccountLedger(WithCash);
        var transferIn = new TransferIn("in", D("2024-01-02"), "T", [Lot(4, 40, "2023-01-03"), Lot(6, 90, "2023-02-01")]);
        var transferOut = new TransferOut("out", D("2024-01-03"), "T", 10);
        decimal AtSeven(string symbol, decimal quantity, decimal costPerShare) => quantity * 7;

        Assert.Equal(70m, PerformanceCalculator.ExternalFlow(WithCash, transferIn, ledger.Apply(transferIn), AtSeven));
        Assert.Equal(-70m, PerformanceCalculator.ExternalFlow(WithCash, transferOut, ledger.Apply(transferOut), AtSeven));
    }

    [Fact]
    public void Without_cash_the_cash_in_lieu_of_every_lot_leaves_the_account()
    {
        // 1 X then 104 X at 10; 1-for-10 → lots of 0.1 and 10.4: the fraction 0.5 is paid at 120, taken FIFO as 0.1 (12) and 0.4 (48).
        // Without cash, the 60 paid leaves the account: flow −60.
        var ledger = new AccountLedger(NoCash);
        ledger.Apply(new Buy("b1", D("2023-01-03"), "X", 1, 10, 0));
        ledger.Apply(new Buy("b2", D("2023-01-04"), "X", 104, 10, 0));
        var split = new Split("s", D("2024-06-03"), "X", 1, 10, 120);
        var booking = ledger.Apply(split);

        Assert.Equal([12m, 48m], booking.Realized.Select(r => r.Proceeds));
        Assert.Equal(-60m, PerformanceCalculator.ExternalFlow(NoCash, split, booking, (_, q, price) => q * price));
    }
}
