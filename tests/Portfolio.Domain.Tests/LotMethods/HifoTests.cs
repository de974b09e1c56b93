using Portfolio.Domain.Accounts;
using static Portfolio.Domain.Tests.LotMethods.ThreeLots;

namespace Portfolio.Domain.Tests.LotMethods;

public class HifoTests
{
    [Fact]
    public void Hifo_sell_takes_highest_cost_lot_first()
    {
        // Costs per share: t1 10, t2 30, t3 20. Sell 150 @ 25:
        // t2 100 sh: proceeds 2500, basis 3000, gain −500; t3 50 sh: proceeds 1250, basis 1000, gain 250.
        // left: t1 100 sh basis 1000, t3 50 sh basis 1000.
        var ledger = Builder(LotMethod.Hifo).Sell("2024-06-03", "XYZ", 150, 25).Build();

        Assert.Equal([("t2", 100m, 2500m, 3000m, -500m), ("t3", 50m, 1250m, 1000m, 250m)], ledger.Realized.Select(Row));
        Assert.Equal([("t1", 100m, 1000m), ("t3", 50m, 1000m)], Open(ledger));
    }

    [Fact]
    public void Hifo_ties_on_cost_per_share_go_to_the_older_lot()
    {
        // t1 10 sh @ 20 and t2 10 sh @ 20 (same cost): sell 10 @ 25 → t1, basis 200, gain 50.
        var ledger = new Builders.LedgerBuilder().WithMethod(LotMethod.Hifo)
            .Buy("2023-01-03", "XYZ", 10, 20).Buy("2023-06-01", "XYZ", 10, 20).Sell("2024-06-03", "XYZ", 10, 25).Build();

        Assert.Equal([("t1", 10m, 250m, 200m, 50m)], ledger.Realized.Select(Row));
    }
}
