using Portfolio.Domain.Ledger;
using Portfolio.Domain.Lots;
using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Versions;

/// <summary>Losses still waiting for a replacement, and the numbering of washed lots, carry over into a new version.</summary>
public class WashSalesAcrossVersionsTests
{
    private static (string, decimal, decimal, DateOnly, LotOrigin)[] LotsOf(AccountLedger ledger, string symbol) =>
        ledger.PositionOf(symbol)!.Lots.Select(l => (l.Id, l.Quantity, l.CostBasis, l.AcquiredOn, l.Origin)).ToArray();

    [Fact]
    public void Two_losses_waiting_in_one_symbol_are_both_washed_by_a_purchase_booked_into_a_new_version()
    {
        // t1 2024-01-02 and t2 2024-01-03 buy 10 @ 50; t3 2024-03-01 sells 20 @ 40 FIFO: two pieces, each a loss of 100,
        // held 59 and 58 days, no purchase in their window. t4 2024-03-05 buys 20 @ 41 in a new version: 10 wash t1's
        // piece ("t4.w1", 410 + 100 = 510, acquired 2024-03-05 − 59 days = 2024-01-06), the other 10 wash t2's
        // ("t4", 510, acquired 2024-01-07). The same as replaying the whole log.
        var log = new LedgerBuilder()
            .Buy("2024-01-02", "XYZ", 10, 50).Buy("2024-01-03", "XYZ", 10, 50).Sell("2024-03-01", "XYZ", 20, 40);
        var next = log.Build().With(new Buy("t4", D("2024-03-05"), "XYZ", 20, 41));

        (string, decimal, decimal, DateOnly, LotOrigin)[] expected =
        [
            ("t4.w1", 10m, 510m, D("2024-01-06"), LotOrigin.WashSaleReplacement),
            ("t4", 10m, 510m, D("2024-01-07"), LotOrigin.WashSaleReplacement),
        ];
        Assert.Equal(expected, LotsOf(next, "XYZ"));
        Assert.Equal([("t1", 100m), ("t2", 100m)], next.Realized.Select(p => (p.LotId, p.WashSaleDisallowed)));
        Assert.Equal(expected, LotsOf(log.Buy("2024-03-05", "XYZ", 20, 41).Build(), "XYZ"));
    }

    [Fact]
    public void Washed_lots_are_numbered_on_across_versions_as_in_a_replay()
    {
        // Losses of 100 on ABC (t1, sold by t3) and DEF (t2, sold by t4), both sold 2024-03-01 after 59 days. t5 buys 20
        // ABC @ 41 in one version: 10 wash the loss ("t5.w1", 510, acquired 2024-01-06), 10 stay (410). t6 buys 20 DEF in
        // the next version: its washed part is the ledger's second, "t6.w2", as when the whole log is replayed.
        var log = new LedgerBuilder()
            .Buy("2024-01-02", "ABC", 10, 50).Buy("2024-01-02", "DEF", 10, 50)
            .Sell("2024-03-01", "ABC", 10, 40).Sell("2024-03-01", "DEF", 10, 40);
        var next = log.Build()
            .With(new Buy("t5", D("2024-03-05"), "ABC", 20, 41))
            .With(new Buy("t6", D("2024-03-05"), "DEF", 20, 41));
        var replayed = log.Buy("2024-03-05", "ABC", 20, 41).Buy("2024-03-05", "DEF", 20, 41).Build();

        Assert.Equal(
            [("t5.w1", 10m, 510m, D("2024-01-06"), LotOrigin.WashSaleReplacement), ("t5", 10m, 410m, D("2024-03-05"), LotOrigin.Purchase)],
            LotsOf(next, "ABC"));
        Assert.Equal(
            [("t6.w2", 10m, 510m, D("2024-01-06"), LotOrigin.WashSaleReplacement), ("t6", 10m, 410m, D("2024-03-05"), LotOrigin.Purchase)],
            LotsOf(next, "DEF"));
        Assert.Equal(LotsOf(replayed, "DEF"), LotsOf(next, "DEF"));
    }
}
