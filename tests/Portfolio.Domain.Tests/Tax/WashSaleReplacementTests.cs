using Portfolio.Domain.Lots;
using Portfolio.Domain.Tests.Builders;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Tax;

/// <summary>Which shares replace a loss sale, and in which order (IRS Pub. 550: replacements are matched in the order acquired).</summary>
public class WashSaleReplacementTests
{
    [Fact]
    public void Wash_sale_replacement_is_the_first_acquired_lot_within_the_window()
    {
        // t1 2024-01-02 100 @ 50 (5000). t2 2024-02-10 50 @ 45 (2250); t3 2024-02-20 50 @ 44 (2200).
        // t4 2024-03-01 sell 50 FIFO @ 40 → from t1: basis 2500, proceeds 2000, loss 500. Window 2024-01-31..2024-03-01
        // holds t2 and t3; the first acquired (t2) replaces all 50 sold shares: basis 2250 + 500 = 2750, acquired
        // 2024-02-10 − 59 days held (Jan 2 → Mar 1, 2024) = 2023-12-13. t3 stays a plain purchase.
        var ledger = new LedgerBuilder()
            .Buy("2024-01-02", "XYZ", 100, 50).Buy("2024-02-10", "XYZ", 50, 45).Buy("2024-02-20", "XYZ", 50, 44)
            .Sell("2024-03-01", "XYZ", 50, 40).Build();

        var piece = Assert.Single(ledger.Realized);
        Assert.Equal((-500m, 500m, 0m), (piece.Gain, piece.WashSaleDisallowed, piece.RecognizedGain));
        Assert.Equal(
            [("t1", 50m, 2500m, D("2024-01-02"), LotOrigin.Purchase), ("t2", 50m, 2750m, D("2023-12-13"), LotOrigin.WashSaleReplacement),
             ("t3", 50m, 2200m, D("2024-02-20"), LotOrigin.Purchase)],
            ledger.OpenLots.OrderBy(l => l.Id, StringComparer.Ordinal).Select(l => (l.Id, l.Quantity, l.CostBasis, l.AcquiredOn, l.Origin)));
    }

    [Fact]
    public void Wash_sale_replacement_among_lots_bought_the_same_day_is_the_one_booked_first()
    {
        // As above, but t2 (50 @ 45) and t3 (50 @ 44) are both bought on 2024-02-10: t2 was booked first, so it replaces.
        var ledger = new LedgerBuilder()
            .Buy("2024-01-02", "XYZ", 100, 50).Buy("2024-02-10", "XYZ", 50, 45).Buy("2024-02-10", "XYZ", 50, 44)
            .Sell("2024-03-01", "XYZ", 50, 40).Build();

        Assert.Equal(
            [("t1", 2500m, LotOrigin.Purchase), ("t2", 2750m, LotOrigin.WashSaleReplacement), ("t3", 2200m, LotOrigin.Purchase)],
            ledger.OpenLots.OrderBy(l => l.Id, StringComparer.Ordinal).Select(l => (l.Id, l.CostBasis, l.Origin)));
    }

    [Fact]
    public void A_lot_larger_than_the_loss_is_split_and_only_the_washed_part_moves_back()
    {
        // t1 2024-01-02 100 @ 50; t2 2024-02-10 80 @ 45 (3600); sell 50 of t1 @ 40 on 2024-03-01 → loss 500.
        // t2 replaces 50 of its 80: "t2.w1" 50 sh basis 3600×50/80 = 2250 + 500 = 2750 acquired 2023-12-13;
        // "t2" keeps 30 sh basis 1350 acquired 2024-02-10.
        var ledger = new LedgerBuilder()
            .Buy("2024-01-02", "XYZ", 100, 50).Buy("2024-02-10", "XYZ", 80, 45).Sell("2024-03-01", "XYZ", 50, 40).Build();

        Assert.Equal(
            [("t1", 50m, 2500m, D("2024-01-02")), ("t2", 30m, 1350m, D("2024-02-10")), ("t2.w1", 50m, 2750m, D("2023-12-13"))],
            ledger.OpenLots.OrderBy(l => l.Id, StringComparer.Ordinal).Select(l => (l.Id, l.Quantity, l.CostBasis, l.AcquiredOn)));
    }

    [Fact]
    public void Loss_sales_are_washed_in_the_order_they_were_sold()
    {
        // t1 2024-01-02 100 @ 50. t2 2024-03-01 sell 50 @ 40 → loss 500 (held 59 d). t3 2024-03-05 sell 50 @ 45 → loss 250
        // (held 63 d). t4 2024-03-10 buy 50 @ 46 (2300): it washes the first loss only: basis 2300 + 500 = 2800,
        // acquired 2024-03-10 − 59 d = 2024-01-11; the second loss stays recognized.
        var ledger = new LedgerBuilder()
            .Buy("2024-01-02", "XYZ", 100, 50).Sell("2024-03-01", "XYZ", 50, 40).Sell("2024-03-05", "XYZ", 50, 45)
            .Buy("2024-03-10", "XYZ", 50, 46).Build();

        Assert.Equal([(-500m, 500m, 0m), (-250m, 0m, -250m)], ledger.Realized.Select(p => (p.Gain, p.WashSaleDisallowed, p.RecognizedGain)));
        var lot = Assert.Single(ledger.OpenLots);
        Assert.Equal(("t4", 2800m, D("2024-01-11")), (lot.Id, lot.CostBasis, lot.AcquiredOn));
    }

    [Fact]
    public void Transferred_in_lots_do_not_replace_shares_sold_at_a_loss()
    {
        // t1 2024-01-02 buy 100 @ 50. t2 2024-02-15 transfer in 100 sh (basis 4000, acquired 2023-06-01): opened inside the
        // window but not bought, so not a replacement. t3 2024-03-01 sell t1's 100 @ 40 → loss 1000, all of it recognized.
        var ledger = new LedgerBuilder()
            .Buy("2024-01-02", "XYZ", 100, 50).TransferIn("2024-02-15", "XYZ", Lot(100, 4000, "2023-06-01"))
            .Sell("2024-03-01", "XYZ", 100, 40, 0, null, Pick("t1", 100)).Build();

        var piece = Assert.Single(ledger.Realized);
        Assert.Equal((-1000m, 0m, -1000m), (piece.Gain, piece.WashSaleDisallowed, piece.RecognizedGain));
        var lot = Assert.Single(ledger.OpenLots);
        Assert.Equal(("t2/0", 4000m, D("2023-06-01"), LotOrigin.Transfer), (lot.Id, lot.CostBasis, lot.AcquiredOn, lot.Origin));
    }

    [Fact]
    public void A_transfer_in_after_a_loss_sale_does_not_replace_it()
    {
        // Loss 1000 on 2024-03-01 (100 @ 50 bought 2024-01-02, sold @ 40); 100 sh transferred in 2024-03-10: loss stands.
        var ledger = new LedgerBuilder()
            .Buy("2024-01-02", "XYZ", 100, 50).Sell("2024-03-01", "XYZ", 100, 40)
            .TransferIn("2024-03-10", "XYZ", Lot(100, 4000, "2023-06-01")).Build();

        Assert.Equal((0m, -1000m), (ledger.Realized[0].WashSaleDisallowed, ledger.Realized[0].RecognizedGain));
        Assert.Equal((4000m, D("2023-06-01"), LotOrigin.Transfer), (ledger.OpenLots.Single().CostBasis, ledger.OpenLots.Single().AcquiredOn, ledger.OpenLots.Single().Origin));
    }

    [Fact]
    public void Spun_off_lots_do_not_replace_shares_sold_at_a_loss()
    {
        // t1 2024-01-02 buy 100 PAR @ 30 (3000). t2 2024-01-05 buy 100 NEW @ 20 (2000).
        // t3 2024-02-20 PAR spins off 0.5 NEW per share (PAR 25, NEW 10): 50 NEW in lot "t3/t1", basis share
        // 0.5×10 / (25 + 0.5×10) = 1/6 of 3000 = 500, opened 2024-02-20 inside the window of the sale below.
        // t4 2024-03-01 sell t2's 100 NEW @ 15 → loss 500; the spun-off shares were not bought: all of it recognized.
        var ledger = new LedgerBuilder()
            .Buy("2024-01-02", "PAR", 100, 30).Buy("2024-01-05", "NEW", 100, 20)
            .SpinOff("2024-02-20", "PAR", "NEW", 0.5m, 25, 10)
            .Sell("2024-03-01", "NEW", 100, 15, 0, null, Pick("t2", 100)).Build();

        var piece = Assert.Single(ledger.Realized);
        Assert.Equal((-500m, 0m, -500m), (piece.Gain, piece.WashSaleDisallowed, piece.RecognizedGain));
        var child = Assert.Single(ledger.PositionOf("NEW")!.Lots);
        Assert.Equal(("t3/t1", 50m, 500m, D("2024-01-02"), LotOrigin.SpinOff), (child.Id, child.Quantity, child.CostBasis, child.AcquiredOn, child.Origin));
    }

    [Fact]
    public void Spun_off_lots_acquired_inside_the_window_do_not_replace_shares_sold_at_a_loss()
    {
        // As above, but the parent is bought inside the window, so the spun-off lot is acquired (2024-02-10, its parent's
        // date) and opened (2024-02-20) within 30 days before the sale: still not bought, so not a replacement.
        // t1 2024-01-05 buy 100 NEW @ 20 (2000). t2 2024-02-10 buy 100 PAR @ 30 (3000). t3 2024-02-20 PAR spins off 0.5 NEW
        // per share (PAR 25, NEW 10): 50 NEW in lot "t3/t2", basis 1/6 of 3000 = 500. t4 2024-03-01 sell t1's 100 NEW @ 15 → loss 500.
        var ledger = new LedgerBuilder()
            .Buy("2024-01-05", "NEW", 100, 20).Buy("2024-02-10", "PAR", 100, 30)
            .SpinOff("2024-02-20", "PAR", "NEW", 0.5m, 25, 10)
            .Sell("2024-03-01", "NEW", 100, 15, 0, null, Pick("t1", 100)).Build();

        var piece = Assert.Single(ledger.Realized);
        Assert.Equal((-500m, 0m, -500m), (piece.Gain, piece.WashSaleDisallowed, piece.RecognizedGain));
        var child = Assert.Single(ledger.PositionOf("NEW")!.Lots);
        Assert.Equal(("t3/t2", 50m, 500m, D("2024-02-10"), LotOrigin.SpinOff), (child.Id, child.Quantity, child.CostBasis, child.AcquiredOn, child.Origin));
    }

    [Fact]
    public void A_whole_purchase_washed_back_before_an_older_lot_is_sold_first_by_fifo()
    {
        // t1 2024-01-02 buy 100 @ 50; t2 2024-01-15 buy 10 @ 50 (before the window of the sale below, so no replacement).
        // t3 2024-03-01 sell t1's 100 @ 40 → loss 1000 (held 59 d). t4 2024-03-10 buy 100 @ 46 replaces all of it: basis
        // 4600 + 1000 = 5600, acquired 2024-03-10 − 59 d = 2024-01-11, before t2. t5 2024-04-01 FIFO sale of 10 @ 50
        // takes t4's first: proceeds 500, basis 560, acquired 2024-01-11.
        var ledger = new LedgerBuilder()
            .Buy("2024-01-02", "XYZ", 100, 50).Buy("2024-01-15", "XYZ", 10, 50)
            .Sell("2024-03-01", "XYZ", 100, 40, 0, null, Pick("t1", 100))
            .Buy("2024-03-10", "XYZ", 100, 46).Sell("2024-04-01", "XYZ", 10, 50).Build();

        Assert.Equal(["t4", "t2"], ledger.PositionOf("XYZ")!.Lots.Select(l => l.Id));
        var sale = ledger.Realized[^1];
        Assert.Equal(("t4", 500m, 560m, D("2024-01-11")), (sale.LotId, sale.Proceeds, sale.CostBasis, sale.AcquiredOn));
    }
}
