using Portfolio.Domain.Tests.Builders;

namespace Portfolio.Domain.Tests.TransactionTypes;

public class StockDividendTests
{
    [Fact]
    public void Five_percent_stock_dividend_is_a_1_05_for_1_split_with_basis_spread()
    {
        // 200 sh @ 20 = basis 4000 → 200 × 1.05 = 210 sh, basis 4000 (19.047…/sh); no income, no cash.
        var ledger = new LedgerBuilder().Buy("2023-01-03", "XYZ", 200, 20).StockDividend("2024-06-03", "XYZ", 0.05m).Build();

        var lot = Assert.Single(ledger.OpenLots);
        Assert.Equal(("t1", 210m, 4000m, LedgerBuilder.D("2023-01-03")), (lot.Id, lot.Quantity, lot.CostBasis, lot.AcquiredOn));
        Assert.Empty(ledger.Income);
        Assert.Equal(-4000m, ledger.Cash);
    }

    [Fact]
    public void Stock_dividend_fraction_is_paid_in_cash_when_a_cash_in_lieu_price_is_given()
    {
        // 30 sh @ 21 = basis 630 → 31.5 sh basis 630 (20/sh). Fraction 0.5 at 40: proceeds 20, basis 630×0.5/31.5 = 10, gain 10.
        // Left 31 sh basis 620. Cash −630 + 20 = −610.
        var ledger = new LedgerBuilder().Buy("2023-01-03", "XYZ", 30, 21).StockDividend("2024-06-03", "XYZ", 0.05m, 40).Build();

        var piece = Assert.Single(ledger.Realized);
        Assert.Equal((0.5m, 20m, 10m, 10m), (piece.Quantity, piece.Proceeds, piece.CostBasis, piece.Gain));
        Assert.Equal((31m, 620m), (ledger.PositionOf("XYZ")!.Quantity, ledger.PositionOf("XYZ")!.CostBasis));
        Assert.Equal(-610m, ledger.Cash);
    }
}
