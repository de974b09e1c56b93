using Portfolio.Domain.Accounts;
using static Portfolio.Domain.Tests.LotMethods.ThreeLots;

namespace Portfolio.Domain.Tests.LotMethods;

public class LotMethodOverrideTests
{
    [Fact]
    public void A_sale_method_overrides_the_account_method_for_that_sale_only()
    {
        // Account HIFO. Sale 1 (override FIFO) 50 @ 25: t1 50 sh, basis 500, gain 750.
        // Sale 2 (account HIFO) 50 @ 25: t2 (30/sh) 50 sh, basis 1500, gain −250.
        var ledger = Builder(LotMethod.Hifo)
            .Sell("2024-06-03", "XYZ", 50, 25, 0, LotMethod.Fifo)
            .Sell("2024-06-04", "XYZ", 50, 25)
            .Build();

        Assert.Equal([("t1", 50m, 1250m, 500m, 750m), ("t2", 50m, 1250m, 1500m, -250m)], ledger.Realized.Select(Row));
        Assert.Equal([("t1", 50m, 500m), ("t2", 50m, 1500m), ("t3", 100m, 2000m)], Open(ledger));
    }
}
