using Portfolio.Domain.Lots;
using Portfolio.Domain.Tests.Builders;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Tax;

/// <summary>The edges of the wash-sale rule: no loss at all, a purchase on the sale day, a loss already washed, rounding.</summary>
public class WashSaleEdgeTests
{
    [Fact]
    public void A_sale_at_exactly_its_basis_is_no_loss_and_leaves_a_purchase_in_its_window_alone()
    {
        // t1 2024-01-02 10 @ 10 (100); t2 2024-03-01 10 @ 12 (120); t3 2024-03-10 sells 10 @ 10 FIFO: t1, proceeds 100,
        // basis 100, gain 0. Nothing to wash: t2 keeps its own acquisition date and stays a purchase.
        var ledger = new LedgerBuilder()
            .Buy("2024-01-02", "XYZ", 10, 10).Buy("2024-03-01", "XYZ", 10, 12).Sell("2024-03-10", "XYZ", 10, 10).Build();

        Assert.Equal([("t1", 0m, 0m)], ledger.Realized.Select(p => (p.LotId, p.Gain, p.WashSaleDisallowed)));
        Assert.Equal([("t2", 10m, 120m, D("2024-03-01"), LotOrigin.Purchase)],
            ledger.OpenLots.Select(l => (l.Id, l.Quantity, l.CostBasis, l.AcquiredOn, l.Origin)));
    }

    [Fact]
    public void A_purchase_booked_earlier_on_the_day_of_the_loss_sale_replaces_it()
    {
        // t1 2024-01-02 10 @ 50 (500); t2 2024-03-10 10 @ 41 (410); t3 2024-03-10 sells 10 @ 40 FIFO: t1, loss 100, held
        // 2024-01-02 → 2024-03-10 = 31 + 29 + 8 = 68 days. The window includes the sale day, so t2 replaces it in full:
        // basis 410 + 100 = 510, acquired 2024-03-10 − 68 days = 2024-01-02.
        var ledger = new LedgerBuilder()
            .Buy("2024-01-02", "XYZ", 10, 50).Buy("2024-03-10", "XYZ", 10, 41).Sell("2024-03-10", "XYZ", 10, 40).Build();

        Assert.Equal([("t1", -100m, 100m)], ledger.Realized.Select(p => (p.LotId, p.Gain, p.WashSaleDisallowed)));
        Assert.Equal([("t2", 10m, 510m, D("2024-01-02"), LotOrigin.WashSaleReplacement)],
            ledger.OpenLots.Select(l => (l.Id, l.Quantity, l.CostBasis, l.AcquiredOn, l.Origin)));
    }

    [Fact]
    public void A_loss_washed_in_full_by_an_earlier_purchase_leaves_a_later_purchase_a_plain_lot()
    {
        // t1 2024-01-02 10 @ 50; t2 2024-03-01 10 @ 41 (410); t3 2024-03-10 sells t1 at 40: loss 100, held 68 days, all
        // of it washed by t2 (510, acquired 2024-03-01 − 68 days = 2023-12-24). t4 2024-03-20 buys 10 @ 42 inside the
        // window, but no share of the loss is left: t4 stays 10 sh at 420 acquired 2024-03-20, and no other lot appears.
        var ledger = new LedgerBuilder()
            .Buy("2024-01-02", "XYZ", 10, 50).Buy("2024-03-01", "XYZ", 10, 41).Sell("2024-03-10", "XYZ", 10, 40)
            .Buy("2024-03-20", "XYZ", 10, 42).Build();

        Assert.Equal([("t1", -100m, 100m)], ledger.Realized.Select(p => (p.LotId, p.Gain, p.WashSaleDisallowed)));
        Assert.Equal(
            [
                ("t2", 10m, 510m, D("2023-12-24"), LotOrigin.WashSaleReplacement),
                ("t4", 10m, 420m, D("2024-03-20"), LotOrigin.Purchase),
            ],
            ledger.PositionOf("XYZ")!.Lots.Select(l => (l.Id, l.Quantity, l.CostBasis, l.AcquiredOn, l.Origin)));
    }

    [Fact]
    public void Three_one_share_replacements_disallow_the_whole_loss_the_last_taking_what_rounding_left()
    {
        // t1 2024-01-02 3 @ 20 + fee 10 (basis 70); t2 2024-03-01 sells 3 @ 20: proceeds 60, loss 10, held 59 days.
        // t3, t4, t5 buy 1 @ 19 on 2024-03-05, -06, -07: each replaces one share. 10 / 3 = 3.3333333333 (amounts keep 10
        // decimals) for the first two; the last takes 10 − 6.6666666666 = 3.3333333334, so the whole 10 is disallowed.
        // Acquired 59 days back: 2024-01-06, -07, -08.
        var ledger = new LedgerBuilder()
            .Buy("2024-01-02", "XYZ", 3, 20, fee: 10).Sell("2024-03-01", "XYZ", 3, 20)
            .Buy("2024-03-05", "XYZ", 1, 19).Buy("2024-03-06", "XYZ", 1, 19).Buy("2024-03-07", "XYZ", 1, 19).Build();

        var piece = Assert.Single(ledger.Realized);
        Assert.Equal((-10m, 10m, 0m), (piece.Gain, piece.WashSaleDisallowed, piece.RecognizedGain));
        Assert.Equal(
            [
                ("t3", 22.3333333333m, D("2024-01-06")),
                ("t4", 22.3333333333m, D("2024-01-07")),
                ("t5", 22.3333333334m, D("2024-01-08")),
            ],
            ledger.OpenLots.Select(l => (l.Id, l.CostBasis, l.AcquiredOn)));
    }
}
