using Portfolio.Domain.Lots;
using static Portfolio.Domain.Tests.LotMethods.ThreeLots;

namespace Portfolio.Domain.Tests.LotMethods;

public class FifoTests
{
    [Fact]
    public void Fifo_sell_takes_oldest_lots_first_and_leaves_the_rest_of_a_partly_sold_lot()
    {
        // Sell 150 @ 25 on 2024-06-03:
        // t1 100 sh: proceeds 100×25 = 2500, basis 1000, gain 1500 (2023-01-03 → 2024-06-03: long-term)
        // t2  50 sh: proceeds  50×25 = 1250, basis 3000×50/100 = 1500, gain −250 (2023-06-01 → 2024-06-03: long-term)
        // left: t2 50 sh basis 1500, t3 100 sh basis 2000.
        var ledger = Builder().Sell("2024-06-03", "XYZ", 150, 25).Build();

        Assert.Equal([("t1", 100m, 2500m, 1000m, 1500m), ("t2", 50m, 1250m, 1500m, -250m)], ledger.Realized.Select(Row));
        Assert.All(ledger.Realized, p => Assert.Equal(Term.LongTerm, p.Term));
        Assert.Equal([("t2", 50m, 1500m), ("t3", 100m, 2000m)], Open(ledger));
        Assert.Equal(150m, ledger.PositionOf("XYZ")!.Quantity);
        Assert.Equal(3500m, ledger.PositionOf("XYZ")!.CostBasis);
    }
}
