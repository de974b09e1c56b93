using Portfolio.Domain.Accounts;
using static Portfolio.Domain.Tests.LotMethods.ThreeLots;

namespace Portfolio.Domain.Tests.LotMethods;

public class LifoTests
{
    [Fact]
    public void Lifo_sell_takes_newest_lots_first()
    {
        // Sell 150 @ 25: t3 100 sh: proceeds 2500, basis 2000, gain 500;
        //                t2  50 sh: proceeds 1250, basis 1500, gain −250.
        // left: t1 100 sh basis 1000, t2 50 sh basis 1500.
        var ledger = Builder(LotMethod.Lifo).Sell("2024-06-03", "XYZ", 150, 25).Build();

        Assert.Equal([("t3", 100m, 2500m, 2000m, 500m), ("t2", 50m, 1250m, 1500m, -250m)], ledger.Realized.Select(Row));
        Assert.Equal([("t1", 100m, 1000m), ("t2", 50m, 1500m)], Open(ledger));
    }
}
