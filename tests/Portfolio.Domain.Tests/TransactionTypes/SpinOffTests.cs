using Portfolio.Domain.Lots;
using Portfolio.Domain.Tests.Builders;

namespace Portfolio.Domain.Tests.TransactionTypes;

public class SpinOffTests
{
    [Fact]
    public void Spin_off_splits_basis_by_fair_market_value_and_keeps_the_holding_period()
    {
        // Parent PAR 100 sh basis 5000 bought 2022-03-01. One NEW per two PAR (0.5/sh). FMV: PAR 40, NEW 20.
        // Per parent share the distribution is worth 0.5 × 20 = 10; new share of basis = 10 / (40 + 10) = 20%.
        // NEW: 50 sh, basis 5000 × 0.2 = 1000 (20/sh), acquired 2022-03-01, id "t2/t1". PAR keeps 4000 (40/sh).
        var ledger = new LedgerBuilder().Buy("2022-03-01", "PAR", 100, 50).SpinOff("2024-06-03", "PAR", "NEW", 0.5m, 40, 20).Build();

        var parent = Assert.Single(ledger.PositionOf("PAR")!.Lots);
        var child = Assert.Single(ledger.PositionOf("NEW")!.Lots);
        Assert.Equal(("t1", 100m, 4000m), (parent.Id, parent.Quantity, parent.CostBasis));
        Assert.Equal(("t2/t1", 50m, 1000m, LedgerBuilder.D("2022-03-01"), LotOrigin.SpinOff, LedgerBuilder.D("2024-06-03")),
            (child.Id, child.Quantity, child.CostBasis, child.AcquiredOn, child.Origin, child.OpenedOn));
        Assert.Empty(ledger.Realized);
        Assert.Equal(-5000m, ledger.Cash);
    }

    [Fact]
    public void Spin_off_allocates_each_parent_lot_separately()
    {
        // Same 20% allocation: t1 100 sh basis 5000 → PAR 4000, NEW 50 sh 1000;
        //                      t2 60 sh @ 45 = 2700 → PAR 2160, NEW 30 sh 540.
        var ledger = new LedgerBuilder().Buy("2022-03-01", "PAR", 100, 50).Buy("2023-03-01", "PAR", 60, 45)
            .SpinOff("2024-06-03", "PAR", "NEW", 0.5m, 40, 20).Build();

        Assert.Equal([("t1", 4000m), ("t2", 2160m)], ledger.PositionOf("PAR")!.Lots.Select(l => (l.Id, l.CostBasis)));
        Assert.Equal([("t3/t1", 50m, 1000m), ("t3/t2", 30m, 540m)], ledger.PositionOf("NEW")!.Lots.Select(l => (l.Id, l.Quantity, l.CostBasis)));
        Assert.Equal(7700m, ledger.PositionOf("PAR")!.CostBasis + ledger.PositionOf("NEW")!.CostBasis);
    }

    [Fact]
    public void Spin_off_fraction_is_sold_for_cash_in_lieu()
    {
        // 101 sh @ 50 = 5050; 0.5 NEW per share at FMV PAR 40 / NEW 20 → NEW basis 5050 × 10/50 = 1010, PAR 4040.
        // NEW 50.5 sh (20/sh); 0.5 sh paid at 21: proceeds 10.5, basis 1010×0.5/50.5 = 10, gain 0.5, long-term
        // (holding period from 2022-03-01). NEW left 50 sh basis 1000. Cash −5050 + 10.5 = −5039.5.
        var ledger = new LedgerBuilder().Buy("2022-03-01", "PAR", 101, 50).SpinOff("2024-06-03", "PAR", "NEW", 0.5m, 40, 20, 21).Build();

        var piece = Assert.Single(ledger.Realized);
        Assert.Equal(("NEW", 0.5m, 10.5m, 10m, 0.5m, Term.LongTerm), (piece.Symbol, piece.Quantity, piece.Proceeds, piece.CostBasis, piece.Gain, piece.Term));
        Assert.Equal((50m, 1000m), (ledger.PositionOf("NEW")!.Quantity, ledger.PositionOf("NEW")!.CostBasis));
        Assert.Equal(4040m, ledger.PositionOf("PAR")!.CostBasis);
        Assert.Equal(-5039.5m, ledger.Cash);
    }

    [Fact]
    public void Parent_lot_too_small_to_receive_a_new_share_keeps_all_its_basis()
    {
        // Lot t1 0.000001 sh @ 1000 = basis 0.001; 0.5 NEW per share → 0.0000005 sh, below the 6-place minimum: no NEW lot.
        // Nothing was received, so nothing of the basis may leave: t1 keeps 0.001 (not 0.001 × 40/50 = 0.0008).
        // Lot t2 10 sh @ 50 = 500 gets the normal 20 %: PAR 400, NEW "t3/t2" 5 sh basis 100.
        var ledger = new LedgerBuilder().Buy("2022-03-01", "PAR", 0.000001m, 1000).Buy("2022-03-02", "PAR", 10, 50)
            .SpinOff("2024-06-03", "PAR", "NEW", 0.5m, 40, 20).Build();

        Assert.Equal([("t1", 0.001m), ("t2", 400m)], ledger.PositionOf("PAR")!.Lots.Select(l => (l.Id, l.CostBasis)));
        Assert.Equal([("t3/t2", 5m, 100m)], ledger.PositionOf("NEW")!.Lots.Select(l => (l.Id, l.Quantity, l.CostBasis)));
        Assert.Equal(500.001m, ledger.OpenLots.Sum(l => l.CostBasis));
    }

    [Fact]
    public void Spin_off_into_the_same_symbol_is_refused()
    {
        var ledger = new LedgerBuilder().Buy("2022-03-01", "PAR", 100, 50).Build();
        var before = LedgerSnapshot.Of(ledger);

        var error = Assert.Throws<LedgerRuleViolation>(() => ledger.Apply(
            new Domain.Transactions.SpinOff("x", LedgerBuilder.D("2024-06-03"), "PAR", "PAR", 1, 10, 10)));

        Assert.Equal("newSymbol", error.Field);
        LedgerSnapshot.Of(ledger).ShouldEqual(before);
    }
}
