using Portfolio.Domain.Tests.Builders;

namespace Portfolio.Domain.Tests.LotMethods;

public class PartialLotTests
{
    [Fact]
    public void Partial_sale_of_a_lot_moves_basis_with_quantity_and_conserves_it()
    {
        // One lot of 3 sh, basis 10 (3 @ 3.333… is not representable, so buy 3 @ 3 fee 1 → basis 10).
        // Sell 1 @ 5: piece basis 10×1/3 = 3.3333333333 (pro-rata amounts keep 10 places);
        // lot keeps 2 sh and 10 − 3.3333333333 = 6.6666666667. Together exactly 10.
        var ledger = new LedgerBuilder().Buy("2024-01-02", "XYZ", 3, 3, 1).Sell("2024-06-03", "XYZ", 1, 5).Build();

        var piece = Assert.Single(ledger.Realized);
        var lot = Assert.Single(ledger.OpenLots);
        Assert.Equal(3.3333333333m, piece.CostBasis);
        Assert.Equal(("t1", 2m, 6.6666666667m), (lot.Id, lot.Quantity, lot.CostBasis));
        Assert.Equal(10m, piece.CostBasis + lot.CostBasis);
    }

    [Fact]
    public void Selling_the_rest_of_a_lot_takes_all_of_its_remaining_basis()
    {
        // Continue: sell the last 2 @ 5 → basis 6.6666666667, all 3 pieces add up to 10; position gone.
        var ledger = new LedgerBuilder().Buy("2024-01-02", "XYZ", 3, 3, 1)
            .Sell("2024-06-03", "XYZ", 1, 5).Sell("2024-06-04", "XYZ", 2, 5).Build();

        Assert.Equal(10m, ledger.Realized.Sum(p => p.CostBasis));
        Assert.Null(ledger.PositionOf("XYZ"));
        Assert.Empty(ledger.OpenLots);
    }
}
