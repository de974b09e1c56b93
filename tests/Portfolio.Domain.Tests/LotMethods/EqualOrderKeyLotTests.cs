using Portfolio.Domain.Lots;
using Portfolio.Domain.Tests.Builders;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.LotMethods;

/// <summary>
/// One purchase washing several losses whose lots were bought the same day becomes several lots with the same
/// acquisition date and sequence; a sale naming any one of them changes that lot and no other.
/// </summary>
public class EqualOrderKeyLotTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void A_partial_sale_of_the_last_of_several_washed_parts_of_one_purchase_changes_only_that_lot(int lots)
    {
        // t1..tn buy 10 @ 50 on 2024-01-02; t(n+1) 2024-03-01 sells all 10n @ 40: n losses of 100, each held 59 days.
        // t(n+2) 2024-03-05 buys 10n @ 41: each 10 sh washes one loss, 410 + 100 = 510, acquired 2024-03-05 − 59 days =
        // 2024-01-06 — "p.w1" … "p.w(n−1)" and p itself (the last wash takes what is left). A sale of 4 of p @ 60:
        // basis 510 × 4 / 10 = 204, proceeds 240; p keeps 6 sh and 306, the other parts are untouched.
        var log = new LedgerBuilder();
        for (var i = 0; i < lots; i++) log.Buy("2024-01-02", "XYZ", 10, 50);
        log.Sell("2024-03-01", "XYZ", 10 * lots, 40);
        var purchase = log.NextId;
        log.Buy("2024-03-05", "XYZ", 10 * lots, 41);
        var sale = log.NextId;
        log.Sell("2024-03-10", "XYZ", 4, 60, 0, null, Pick(purchase, 4));

        var ledger = log.Build();

        var expected = Enumerable.Range(1, lots - 1).Select(n => ($"{purchase}.w{n}", 10m, 510m))
            .Append((purchase, 6m, 306m));
        Assert.Equal(expected, ledger.PositionOf("XYZ")!.Lots.Select(l => (l.Id, l.Quantity, l.CostBasis)));
        Assert.All(ledger.OpenLots, l => Assert.Equal((D("2024-01-06"), LotOrigin.WashSaleReplacement), (l.AcquiredOn, l.Origin)));
        var piece = ledger.Realized.Single(p => p.TransactionId == sale);
        Assert.Equal((purchase, 4m, 240m, 204m), (piece.LotId, piece.Quantity, piece.Proceeds, piece.CostBasis));
    }
}
