using Portfolio.Domain.Lots;
using Portfolio.Domain.Tests.Builders;

namespace Portfolio.Domain.Tests;

public class FifoSmokeTests
{
    [Fact]
    public void Fifo_sell_consumes_oldest_lot_first()
    {
        // 100 @ 10 (basis 1000) then 100 @ 20 (basis 2000); sell 150 @ 30:
        // piece 1: 100 of t1, proceeds 3000, basis 1000, gain 2000; piece 2: 50 of t2, proceeds 1500, basis 1000, gain 500.
        var ledger = new LedgerBuilder()
            .Buy("2024-01-02", "AAPL", 100, 10)
            .Buy("2024-02-01", "AAPL", 100, 20)
            .Sell("2024-03-01", "AAPL", 150, 30)
            .Build();

        Assert.Collection(ledger.Realized,
            p => Assert.Equal(("t1", 100m, 3000m, 1000m, 2000m, Term.ShortTerm), (p.LotId, p.Quantity, p.Proceeds, p.CostBasis, p.Gain, p.Term)),
            p => Assert.Equal(("t2", 50m, 1500m, 1000m, 500m, Term.ShortTerm), (p.LotId, p.Quantity, p.Proceeds, p.CostBasis, p.Gain, p.Term)));
        var lot = Assert.Single(ledger.PositionOf("AAPL")!.Lots);
        Assert.Equal(("t2", 50m, 1000m), (lot.Id, lot.Quantity, lot.CostBasis));
    }
}
