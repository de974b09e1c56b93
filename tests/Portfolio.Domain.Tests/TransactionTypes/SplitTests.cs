using Portfolio.Domain.Lots;
using Portfolio.Domain.Tests.Builders;

namespace Portfolio.Domain.Tests.TransactionTypes;

public class SplitTests
{
    private static (string, decimal, decimal, DateOnly)[] Lots(Ledger.AccountLedger ledger) =>
        ledger.PositionOf("XYZ")!.Lots.Select(l => (l.Id, l.Quantity, l.CostBasis, l.AcquiredOn)).ToArray();

    [Fact]
    public void Two_for_one_split_doubles_quantity_and_keeps_basis_and_dates()
    {
        // t1 100 @ 50 = 5000 → 200 sh basis 5000 (25/sh); t2 30 @ 60 = 1800 → 60 sh basis 1800 (30/sh). No cash moves.
        var ledger = new LedgerBuilder().Buy("2023-01-03", "XYZ", 100, 50).Buy("2024-01-02", "XYZ", 30, 60)
            .Split("2024-06-03", "XYZ", 2, 1).Build();

        Assert.Equal([("t1", 200m, 5000m, LedgerBuilder.D("2023-01-03")), ("t2", 60m, 1800m, LedgerBuilder.D("2024-01-02"))], Lots(ledger));
        Assert.Equal(25m, ledger.PositionOf("XYZ")!.Lots[0].CostPerShare);
        Assert.Equal(-6800m, ledger.Cash);
        Assert.Empty(ledger.Realized);
    }

    [Fact]
    public void Three_for_two_split_multiplies_by_one_and_a_half()
    {
        // t1 100 @ 30 = 3000 → 150 sh basis 3000 (20/sh); t2 50 @ 36 = 1800 → 75 sh basis 1800 (24/sh).
        var ledger = new LedgerBuilder().Buy("2023-01-03", "XYZ", 100, 30).Buy("2024-01-02", "XYZ", 50, 36)
            .Split("2024-06-03", "XYZ", 3, 2).Build();

        Assert.Equal([("t1", 150m, 3000m, LedgerBuilder.D("2023-01-03")), ("t2", 75m, 1800m, LedgerBuilder.D("2024-01-02"))], Lots(ledger));
        Assert.Equal(225m, ledger.PositionOf("XYZ")!.Quantity);
    }

    [Fact]
    public void Reverse_split_pays_cash_in_lieu_and_realizes_the_fractional_share()
    {
        // 105 sh @ 10 = basis 1050, bought 2023-01-03. 1:10 on 2024-06-03 → 10.5 sh, basis 1050 (100/sh).
        // Cash in lieu at 120 per new share: 0.5 sh sold → proceeds 60, basis 1050×0.5/10.5 = 50, gain 10, long-term.
        // Left: 10 sh basis 1000. Cash: −1050 + 60 = −990.
        var ledger = new LedgerBuilder().Buy("2023-01-03", "XYZ", 105, 10).Split("2024-06-03", "XYZ", 1, 10, 120).Build();

        var piece = Assert.Single(ledger.Realized);
        Assert.Equal(("t2", "t1", 0.5m, 60m, 50m, 10m, Term.LongTerm), (piece.TransactionId, piece.LotId, piece.Quantity, piece.Proceeds, piece.CostBasis, piece.Gain, piece.Term));
        Assert.Equal([("t1", 10m, 1000m, LedgerBuilder.D("2023-01-03"))], Lots(ledger));
        Assert.Equal(-990m, ledger.Cash);
    }

    [Fact]
    public void Reverse_split_cash_in_lieu_takes_the_fraction_from_the_oldest_lot()
    {
        // t1 100 @ 2 = 200 (2023-01-03), t2 5 @ 4 = 20 (2024-02-01). 1:10 → t1 10 sh basis 200, t2 0.5 sh basis 20.
        // Position 10.5: fraction 0.5 sold from the oldest lot t1 at 25: proceeds 12.5, basis 200×0.5/10 = 10, gain 2.5.
        // Left: t1 9.5 sh basis 190, t2 0.5 sh basis 20.
        var ledger = new LedgerBuilder().Buy("2023-01-03", "XYZ", 100, 2).Buy("2024-02-01", "XYZ", 5, 4)
            .Split("2024-06-03", "XYZ", 1, 10, 25).Build();

        var piece = Assert.Single(ledger.Realized);
        Assert.Equal(("t1", 0.5m, 12.5m, 10m, 2.5m), (piece.LotId, piece.Quantity, piece.Proceeds, piece.CostBasis, piece.Gain));
        Assert.Equal([("t1", 9.5m, 190m, LedgerBuilder.D("2023-01-03")), ("t2", 0.5m, 20m, LedgerBuilder.D("2024-02-01"))], Lots(ledger));
    }

    [Fact]
    public void Reverse_split_without_cash_in_lieu_keeps_the_fractional_share()
    {
        // 105 sh 1:10 → 10.5 sh, basis 1050, nothing realized.
        var ledger = new LedgerBuilder().Buy("2023-01-03", "XYZ", 105, 10).Split("2024-06-03", "XYZ", 1, 10).Build();

        Assert.Equal(10.5m, ledger.PositionOf("XYZ")!.Quantity);
        Assert.Equal(1050m, ledger.PositionOf("XYZ")!.CostBasis);
        Assert.Empty(ledger.Realized);
    }

    [Fact]
    public void Split_quantities_round_toward_zero_at_six_decimals()
    {
        // 1:3 on 100 sh → 33.333333… rounds toward zero to 33.333333; basis 999 kept.
        var ledger = new LedgerBuilder().Buy("2023-01-03", "XYZ", 100, 9.99m).Split("2024-06-03", "XYZ", 1, 3).Build();

        Assert.Equal(33.333333m, ledger.PositionOf("XYZ")!.Quantity);
        Assert.Equal(999m, ledger.PositionOf("XYZ")!.CostBasis);
    }

    [Fact]
    public void One_for_three_reverse_split_of_30_shares_gives_exactly_10()
    {
        // 30 × 1 / 3 = 10 (not 30 × 0.333…3 = 9.999…9 → 9.999999). Basis 30 × 12 = 360 kept; no fraction, no cash in lieu.
        var ledger = new LedgerBuilder().Buy("2023-01-03", "XYZ", 30, 12).Split("2024-06-03", "XYZ", 1, 3, 40).Build();

        Assert.Equal([("t1", 10m, 360m, LedgerBuilder.D("2023-01-03"))], Lots(ledger));
        Assert.Empty(ledger.Realized);
    }

    [Fact]
    public void Reverse_split_of_several_lots_keeps_the_whole_shares_the_position_is_entitled_to()
    {
        // Three DRIP-like lots of 10 sh: t1 @ 9 = 90, t2 @ 12 = 120, t3 @ 15 = 150. 1:3 → 30 / 3 = exactly 10 sh.
        // Each lot alone is 3.333333… → 3.333333 toward zero; the 0.000001 the three roundings lose together goes to the
        // newest lot: t3 3.333334. Nothing is fractional, so no cash in lieu is paid even though a price is given.
        var ledger = new LedgerBuilder().Buy("2023-01-03", "XYZ", 10, 9).Buy("2023-02-01", "XYZ", 10, 12).Buy("2023-03-01", "XYZ", 10, 15)
            .Split("2024-06-03", "XYZ", 1, 3, 40).Build();

        Assert.Equal(10m, ledger.PositionOf("XYZ")!.Quantity);
        Assert.Equal([("t1", 3.333333m, 90m, LedgerBuilder.D("2023-01-03")), ("t2", 3.333333m, 120m, LedgerBuilder.D("2023-02-01")), ("t3", 3.333334m, 150m, LedgerBuilder.D("2023-03-01"))], Lots(ledger));
        Assert.Empty(ledger.Realized);
        Assert.Equal(-360m, ledger.Cash);
    }

    [Fact]
    public void Split_of_a_symbol_not_held_changes_nothing()
    {
        var ledger = new LedgerBuilder().Buy("2023-01-03", "XYZ", 100, 10).Split("2024-06-03", "ABC", 2, 1).Build();

        Assert.Equal(100m, ledger.PositionOf("XYZ")!.Quantity);
        Assert.Null(ledger.PositionOf("ABC"));
    }
}
