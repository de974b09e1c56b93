using Portfolio.Domain.Tests.Builders;
using static Portfolio.Domain.Tests.LotMethods.ThreeLots;

namespace Portfolio.Domain.Tests.LotMethods;

public class TradeFeeTests
{
    [Fact]
    public void Buy_fee_is_part_of_the_lot_basis_and_of_the_cash_paid()
    {
        // Deposit 2000; buy 100 @ 10 fee 5 → basis 100×10 + 5 = 1005; cash 2000 − 1005 = 995.
        var ledger = new LedgerBuilder().Deposit("2024-01-02", 2000).Buy("2024-01-02", "XYZ", 100, 10, 5).Build();

        Assert.Equal(1005m, Assert.Single(ledger.OpenLots).CostBasis);
        Assert.Equal(995m, ledger.Cash);
        Assert.Equal(0m, ledger.FeesPaid); // a commission is not an account fee
    }

    [Fact]
    public void Sell_fee_is_shared_pro_rata_by_quantity_across_the_pieces()
    {
        // t1 100 @ 10 (1000), t2 50 @ 12 (600). Sell 150 @ 20 fee 9.99, FIFO:
        // t1 piece fee 9.99×100/150 = 6.66 → proceeds 2000 − 6.66 = 1993.34, gain 993.34
        // t2 piece fee (remainder) 9.99 − 6.66 = 3.33 → proceeds 1000 − 3.33 = 996.67, gain 396.67
        // cash: −1000 − 600 + 3000 − 9.99 = 1390.01
        var ledger = new LedgerBuilder()
            .Buy("2024-01-02", "XYZ", 100, 10)
            .Buy("2024-02-01", "XYZ", 50, 12)
            .Sell("2024-06-03", "XYZ", 150, 20, 9.99m)
            .Build();

        Assert.Equal([("t1", 100m, 1993.34m, 1000m, 993.34m), ("t2", 50m, 996.67m, 600m, 396.67m)], ledger.Realized.Select(Row));
        Assert.Equal(1390.01m, ledger.Cash);
    }

    [Fact]
    public void Sell_fee_that_does_not_divide_evenly_leaves_the_remainder_on_the_last_piece()
    {
        // Three 1-share lots @ 90; sell 3 @ 100 fee 10:
        // pieces 1, 2: fee 10×1/3 = 3.3333333333 (pro-rata amounts keep 10 places) → proceeds 100 − 3.3333333333 = 96.6666666667
        // piece 3 takes what is left of the net proceeds: 290 − 193.3333333334 = 96.6666666666 (its fee is 3.3333333334)
        // Σ proceeds = 3×100 − 10 = 290 exactly,
        // which is what the sale put in cash: −3×90 + 290 = 20.
        var ledger = new LedgerBuilder()
            .Buy("2024-01-02", "XYZ", 1, 90).Buy("2024-01-03", "XYZ", 1, 90).Buy("2024-01-04", "XYZ", 1, 90)
            .Sell("2024-06-03", "XYZ", 3, 100, 10)
            .Build();

        Assert.Equal(290m, ledger.Realized.Sum(p => p.Proceeds));
        Assert.Equal([96.6666666667m, 96.6666666667m, 96.6666666666m], ledger.Realized.Select(p => p.Proceeds));
        Assert.Equal(-270m + 290m, ledger.Cash);
    }

    [Fact]
    public void Sell_fee_larger_than_the_proceeds_is_refused()
    {
        var ledger = new LedgerBuilder().Buy("2024-01-02", "XYZ", 1, 10).Build();
        var before = LedgerSnapshot.Of(ledger);

        var error = Assert.Throws<LedgerRuleViolation>(() =>
            ledger.Apply(new Transactions.Sell("s", LedgerBuilder.D("2024-06-03"), "XYZ", 1, 5, 6)));

        Assert.Equal("fee", error.Field);
        LedgerSnapshot.Of(ledger).ShouldEqual(before);
    }
}
