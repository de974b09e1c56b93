using Portfolio.Domain.Accounts;
using Portfolio.Domain.Tests.Builders;
using static Portfolio.Domain.Tests.LotMethods.ThreeLots;

namespace Portfolio.Domain.Tests.LotMethods;

public class AverageCostTests
{
    [Fact]
    public void Average_cost_restates_every_lot_at_the_average_then_closes_oldest_first()
    {
        // t1 100 @ 10 = 1000, t2 200 @ 11.5 = 2300: total 3300 / 300 sh = 11 per share.
        // Restated: t1 100 sh basis 1100, t2 200 sh basis 2200. Sell 150 @ 12:
        // t1 100 sh: proceeds 1200, basis 1100, gain 100; t2 50 sh: proceeds 600, basis 550, gain 50.
        // left: t2 150 sh basis 1650 (still 11 per share).
        var ledger = new LedgerBuilder().WithMethod(LotMethod.AverageCost)
            .Buy("2023-01-03", "XYZ", 100, 10)
            .Buy("2023-06-01", "XYZ", 200, 11.5m)
            .Sell("2024-06-03", "XYZ", 150, 12)
            .Build();

        Assert.Equal([("t1", 100m, 1200m, 1100m, 100m), ("t2", 50m, 600m, 550m, 50m)], ledger.Realized.Select(Row));
        Assert.Equal([("t2", 150m, 1650m)], Open(ledger));
    }

    [Fact]
    public void Average_cost_with_a_non_terminating_average_conserves_basis_exactly()
    {
        // 1 @ 10 + 1 @ 10 + 1 @ 11 = 31 over 3 shares: 10.333… per share, which no decimal holds exactly.
        // Restated (pro-rata amounts kept to 10 places): t1 = 31×1/3 = 10.3333333333, t2 the same,
        //           t3 = the remainder 31 − 20.6666666666 = 10.3333333334.
        // Sell 2 @ 12 closes t1 and t2: realized basis 20.6666666666, t3 keeps 10.3333333334.
        // Conservation: 20.6666666666 + 10.3333333334 = 31 exactly.
        var ledger = new LedgerBuilder().WithMethod(LotMethod.AverageCost)
            .Buy("2023-01-03", "XYZ", 1, 10)
            .Buy("2023-02-01", "XYZ", 1, 10)
            .Buy("2023-03-01", "XYZ", 1, 11)
            .Sell("2024-06-03", "XYZ", 2, 12)
            .Build();

        var realizedBasis = ledger.Realized.Sum(p => p.CostBasis);
        var remaining = ledger.PositionOf("XYZ")!;
        Assert.Equal(31m, realizedBasis + remaining.CostBasis);
        Assert.Equal(31m, realizedBasis + remaining.Lots.Sum(l => l.CostBasis));
        Assert.Equal(20.6666666666m, realizedBasis);
        Assert.Equal(10.3333333334m, Assert.Single(remaining.Lots).CostBasis);
        // Gain: proceeds 24 − 20.6666666666 = 3.3333333334
        Assert.Equal(3.3333333334m, ledger.Realized.Sum(p => p.Gain));
    }
}
