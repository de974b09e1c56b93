using Portfolio.Domain.Accounts;
using Portfolio.Domain.Lots;
using Portfolio.Domain.Tests.Builders;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Tax;

public class WashSaleTests
{
    // Loss sale shared by most tests: t1 2024-01-02 buy 100 @ 50 (basis 5000); t2 2024-03-01 sell 100 @ 40
    // → proceeds 4000, loss 1000. Held 2024-01-02 → 2024-03-01 = 30 (Jan 2→Feb 1) + 29 (Feb 1→Mar 1, leap year) = 59 days.
    private static LedgerBuilder LossSale(AccountType type = AccountType.Taxable) => new LedgerBuilder().WithType(type)
        .Buy("2024-01-02", "XYZ", 100, 50)
        .Sell("2024-03-01", "XYZ", 100, 40);

    [Fact]
    public void Full_replacement_disallows_the_whole_loss_and_moves_it_into_the_replacement()
    {
        // t3 2024-03-15 buy 100 @ 42 (4200) within 30 days after: 100 of 100 sold shares replaced.
        // Disallowed 1000 → recognized 0; replacement basis 4200 + 1000 = 5200;
        // acquired 2024-03-15 − 59 days = 2024-01-16 (Jan 16→Feb 16 = 31, Feb 16→Mar 15 = 28).
        var ledger = LossSale().Buy("2024-03-15", "XYZ", 100, 42).Build();

        var piece = Assert.Single(ledger.Realized);
        Assert.Equal((-1000m, 1000m, 0m), (piece.Gain, piece.WashSaleDisallowed, piece.RecognizedGain));
        var lot = Assert.Single(ledger.OpenLots);
        Assert.Equal(("t3", 100m, 5200m, D("2024-01-16"), D("2024-03-15"), LotOrigin.WashSaleReplacement),
            (lot.Id, lot.Quantity, lot.CostBasis, lot.AcquiredOn, lot.OpenedOn, lot.Origin));
    }

    [Fact]
    public void Partial_replacement_disallows_the_loss_pro_rata_by_quantity()
    {
        // t3 buy 40 @ 42 (1680): 40 of 100 sold shares replaced → 40% of 1000 = 400 disallowed, recognized −600.
        // Replacement basis 1680 + 400 = 2080, acquired 2024-01-16.
        var ledger = LossSale().Buy("2024-03-15", "XYZ", 40, 42).Build();

        var piece = Assert.Single(ledger.Realized);
        Assert.Equal((-1000m, 400m, -600m), (piece.Gain, piece.WashSaleDisallowed, piece.RecognizedGain));
        var lot = Assert.Single(ledger.OpenLots);
        Assert.Equal(("t3", 40m, 2080m, D("2024-01-16")), (lot.Id, lot.Quantity, lot.CostBasis, lot.AcquiredOn));
    }

    [Fact]
    public void Two_partial_replacements_add_up_to_the_whole_loss()
    {
        // t3 40 @ 42 washes 400 (see above); t4 2024-03-20 60 @ 41 (2460) washes the last 60 shares: the remainder 600.
        // t4: basis 2460 + 600 = 3060, acquired 2024-03-20 − 59 days = 2024-01-21. Recognized 0.
        var ledger = LossSale().Buy("2024-03-15", "XYZ", 40, 42).Buy("2024-03-20", "XYZ", 60, 41).Build();

        var piece = Assert.Single(ledger.Realized);
        Assert.Equal((1000m, 0m), (piece.WashSaleDisallowed, piece.RecognizedGain));
        Assert.Equal([("t3", 40m, 2080m, D("2024-01-16")), ("t4", 60m, 3060m, D("2024-01-21"))],
            ledger.OpenLots.Select(l => (l.Id, l.Quantity, l.CostBasis, l.AcquiredOn)));
    }

    [Fact]
    public void Larger_replacement_splits_off_the_washed_shares_into_their_own_lot()
    {
        // t3 buy 150 @ 42 (6300): 100 shares replace → lot "t3.w1" 100 sh basis 4200 + 1000 = 5200 acquired 2024-01-16;
        // the other 50 stay "t3", basis 2100, acquired 2024-03-15, still a plain purchase.
        var ledger = LossSale().Buy("2024-03-15", "XYZ", 150, 42).Build();

        Assert.Equal([("t3.w1", 100m, 5200m, D("2024-01-16"), LotOrigin.WashSaleReplacement), ("t3", 50m, 2100m, D("2024-03-15"), LotOrigin.Purchase)],
            ledger.OpenLots.Select(l => (l.Id, l.Quantity, l.CostBasis, l.AcquiredOn, l.Origin)));
        Assert.Equal(7300m, ledger.PositionOf("XYZ")!.CostBasis); // 6300 + 1000
    }

    [Theory]
    [InlineData("2024-05-31", true)]  // 2024-06-30 − 30 days
    [InlineData("2024-05-30", false)] // 31 days before
    public void Purchase_up_to_30_days_before_the_loss_sale_is_a_replacement(string boughtOn, bool washed)
    {
        // t1 2024-01-02 100 @ 50; t2 bought 100 @ 41 (4100); t3 2024-06-30 sell 100 @ 40 FIFO → sells t1, loss 1000.
        // Held 2024-01-02 → 2024-06-30 = 180 days. Washed: t2 basis 4100 + 1000 = 5100, acquired 2024-05-31 − 180 d = 2023-12-03.
        var ledger = new LedgerBuilder()
            .Buy("2024-01-02", "XYZ", 100, 50).Buy(boughtOn, "XYZ", 100, 41).Sell("2024-06-30", "XYZ", 100, 40).Build();

        var piece = Assert.Single(ledger.Realized);
        var replacement = Assert.Single(ledger.OpenLots);
        if (washed)
        {
            Assert.Equal((1000m, 0m), (piece.WashSaleDisallowed, piece.RecognizedGain));
            Assert.Equal((5100m, D("2023-12-03")), (replacement.CostBasis, replacement.AcquiredOn));
        }
        else
        {
            Assert.Equal((0m, -1000m), (piece.WashSaleDisallowed, piece.RecognizedGain));
            Assert.Equal((4100m, D(boughtOn)), (replacement.CostBasis, replacement.AcquiredOn));
        }
    }

    [Theory]
    [InlineData("2024-07-30", true)]  // 2024-06-30 + 30 days
    [InlineData("2024-07-31", false)] // 31 days after
    public void Purchase_up_to_30_days_after_the_loss_sale_is_a_replacement(string boughtOn, bool washed)
    {
        // t1 2024-01-02 100 @ 50; t2 2024-06-30 sell 100 @ 40 (loss 1000, held 180 days); t3 buy 100 @ 42 (4200).
        // Washed: basis 5200, acquired 2024-07-30 − 180 d = 2024-02-01 (Feb 1→Jul 30: 29+31+30+31+30+29 = 180).
        var ledger = new LedgerBuilder()
            .Buy("2024-01-02", "XYZ", 100, 50).Sell("2024-06-30", "XYZ", 100, 40).Buy(boughtOn, "XYZ", 100, 42).Build();

        var piece = Assert.Single(ledger.Realized);
        var replacement = Assert.Single(ledger.OpenLots);
        Assert.Equal(washed ? (1000m, 0m) : (0m, -1000m), (piece.WashSaleDisallowed, piece.RecognizedGain));
        Assert.Equal(washed ? (5200m, D("2024-02-01")) : (4200m, D(boughtOn)), (replacement.CostBasis, replacement.AcquiredOn));
    }

    [Theory]
    [InlineData(AccountType.Ira)]
    [InlineData(AccountType.Roth)]
    [InlineData(AccountType.Retirement401k)]
    public void Tax_advantaged_accounts_never_apply_the_wash_sale_rule(AccountType type)
    {
        var ledger = LossSale(type).Buy("2024-03-15", "XYZ", 100, 42).Build();

        var piece = Assert.Single(ledger.Realized);
        Assert.Equal((0m, -1000m), (piece.WashSaleDisallowed, piece.RecognizedGain));
        var lot = Assert.Single(ledger.OpenLots);
        Assert.Equal((4200m, D("2024-03-15"), LotOrigin.Purchase), (lot.CostBasis, lot.AcquiredOn, lot.Origin));
    }

    [Fact]
    public void A_sale_at_a_gain_is_never_washed()
    {
        // Sell 100 @ 60 → gain 1000; rebuy 100 @ 58 two weeks later: nothing moves.
        var ledger = new LedgerBuilder()
            .Buy("2024-01-02", "XYZ", 100, 50).Sell("2024-03-01", "XYZ", 100, 60).Buy("2024-03-15", "XYZ", 100, 58).Build();

        Assert.Equal((1000m, 0m, 1000m), (ledger.Realized[0].Gain, ledger.Realized[0].WashSaleDisallowed, ledger.Realized[0].RecognizedGain));
        Assert.Equal((5800m, D("2024-03-15")), (ledger.OpenLots.Single().CostBasis, ledger.OpenLots.Single().AcquiredOn));
    }

    [Fact]
    public void A_replacement_lot_cannot_wash_a_second_loss()
    {
        // t1 2024-01-02 200 @ 50 (10000). t2 2024-03-01 sell 100 @ 40 → t1 piece loss 1000 (t1's own rest is no replacement).
        // t3 2024-03-05 buy 100 @ 41 washes it: basis 4100 + 1000 = 5100, acquired 2024-03-05 − 59 d = 2024-01-06.
        // t4 2024-03-10 sell the other 100 of t1 @ 38 → loss 1200; t3 is already a replacement, so nothing washes it.
        var ledger = new LedgerBuilder()
            .Buy("2024-01-02", "XYZ", 200, 50)
            .Sell("2024-03-01", "XYZ", 100, 40)
            .Buy("2024-03-05", "XYZ", 100, 41)
            .Sell("2024-03-10", "XYZ", 100, 38, 0, null, Pick("t1", 100))
            .Build();

        Assert.Equal([(-1000m, 1000m, 0m), (-1200m, 0m, -1200m)], ledger.Realized.Select(p => (p.Gain, p.WashSaleDisallowed, p.RecognizedGain)));
        var lot = Assert.Single(ledger.OpenLots);
        Assert.Equal(("t3", 5100m, D("2024-01-06")), (lot.Id, lot.CostBasis, lot.AcquiredOn));
    }

    [Fact]
    public void Selling_part_of_a_lot_bought_within_30_days_is_not_washed_by_the_rest_of_that_lot()
    {
        // Rev. Rul. 56-602: t1 2024-03-01 buy 100 @ 50; t2 2024-03-10 sell 50 @ 40 → loss 500. The 50 shares kept were
        // bought in the same lot, not to replace the ones sold: loss recognized −500; t1 keeps 50 sh basis 2500, 2024-03-01.
        var ledger = new LedgerBuilder().Buy("2024-03-01", "XYZ", 100, 50).Sell("2024-03-10", "XYZ", 50, 40).Build();

        var piece = Assert.Single(ledger.Realized);
        Assert.Equal((-500m, 0m, -500m), (piece.Gain, piece.WashSaleDisallowed, piece.RecognizedGain));
        var lot = Assert.Single(ledger.OpenLots);
        Assert.Equal(("t1", 50m, 2500m, D("2024-03-01"), LotOrigin.Purchase), (lot.Id, lot.Quantity, lot.CostBasis, lot.AcquiredOn, lot.Origin));
    }

    [Fact]
    public void Reinvested_dividend_within_30_days_is_a_replacement()
    {
        // Loss 1000 on 100 sold shares; DRIP 2 sh @ 41 (82) on 2024-03-20: 2 of 100 replaced → 1000×2/100 = 20 disallowed;
        // DRIP lot basis 82 + 20 = 102, acquired 2024-03-20 − 59 d = 2024-01-21. Recognized −980.
        var ledger = LossSale().Reinvest("2024-03-20", "XYZ", 2, 41).Build();

        Assert.Equal((20m, -980m), (ledger.Realized[0].WashSaleDisallowed, ledger.Realized[0].RecognizedGain));
        Assert.Equal((102m, D("2024-01-21")), (ledger.OpenLots.Single().CostBasis, ledger.OpenLots.Single().AcquiredOn));
    }
}
