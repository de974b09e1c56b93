using Portfolio.Domain.Lots;
using Portfolio.Domain.Tests.Builders;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Tax;

/// <summary>A loss finds its replacements among the lots acquired in its window only; which of those may replace it.</summary>
public class WashSaleWindowTests
{
    [Fact]
    public void Only_a_purchase_in_the_window_replaces_a_loss_not_older_lots_a_lot_transferred_in_with_a_date_in_the_window_or_a_lot_already_washed()
    {
        // t1 2024-01-02 10 @ 50 and t2 2024-01-03 10 @ 50 are older than the window of a sale on 2024-06-30 (2024-05-31 on).
        // t3 2024-06-10 buys 100 @ 41 (4100). t4 2024-06-20 transfers in 50 acquired 2024-06-01 (basis 2000): acquired in
        // the window, but not bought, so no replacement. t5 2024-06-30 sells 20 @ 40 FIFO: t1 and t2, each a loss of
        // 400 − 500 = −100.
        // t1's piece (held 2024-01-02 → 2024-06-30 = 180 days) washes 10 of t3: "t3.w1", 10 sh, 410 + 100 = 510, acquired
        // 2024-06-10 − 180 days = 2023-12-13. t2's piece (179 days) washes the next 10 of t3, not t3.w1 (a lot washes
        // one loss only): "t3.w2", 510, acquired 2023-12-14. t3 keeps 80 sh at 4100 − 820 = 3280.
        var ledger = new LedgerBuilder()
            .Buy("2024-01-02", "XYZ", 10, 50).Buy("2024-01-03", "XYZ", 10, 50).Buy("2024-06-10", "XYZ", 100, 41)
            .TransferIn("2024-06-20", "XYZ", Lot(50, 2000, "2024-06-01"))
            .Sell("2024-06-30", "XYZ", 20, 40)
            .Build();

        Assert.Equal([("t1", -100m, 100m), ("t2", -100m, 100m)],
            ledger.Realized.Select(p => (p.LotId, p.Gain, p.WashSaleDisallowed)));
        Assert.Equal(
            [
                ("t3.w1", 10m, 510m, D("2023-12-13"), LotOrigin.WashSaleReplacement),
                ("t3.w2", 10m, 510m, D("2023-12-14"), LotOrigin.WashSaleReplacement),
                ("t4/0", 50m, 2000m, D("2024-06-01"), LotOrigin.Transfer),
                ("t3", 80m, 3280m, D("2024-06-10"), LotOrigin.Purchase),
            ],
            ledger.PositionOf("XYZ")!.Lots.Select(l => (l.Id, l.Quantity, l.CostBasis, l.AcquiredOn, l.Origin)));
    }
}
