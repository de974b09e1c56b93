using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.TransactionTypes;

/// <summary>A booking that leaves a symbol with no shares removes its position: the account no longer lists it.</summary>
public class EmptiedPositionTests
{
    [Fact]
    public void A_reverse_split_that_pays_cash_for_the_whole_holding_removes_the_position()
    {
        // t2 buys 1 XYZ @ 30. 1-for-2: 0.5 sh, a fraction only, sold for cash in lieu at 70: 35 of proceeds against the
        // basis 30, a gain of 5. Cash 100 − 30 + 35 = 105; nothing of XYZ is left.
        var ledger = new LedgerBuilder().Deposit("2024-01-02", 100).Buy("2024-01-03", "XYZ", 1, 30)
            .Split("2024-02-01", "XYZ", 1, 2, cashInLieuPrice: 70).Build();

        Assert.Equal([("t2", 0.5m, 35m, 30m, 5m)], ledger.Realized.Select(p => (p.LotId, p.Quantity, p.Proceeds, p.CostBasis, p.Gain)));
        Assert.Equal(105m, ledger.Cash);
        Assert.Null(ledger.PositionOf("XYZ"));
        Assert.Empty(ledger.Positions);
    }

    [Fact]
    public void Transferring_out_every_share_removes_the_position()
    {
        var ledger = new LedgerBuilder().Buy("2023-01-03", "XYZ", 100, 10).Buy("2023-01-04", "ABC", 5, 20)
            .TransferOut("2024-06-03", "XYZ", 100).Build();

        Assert.Null(ledger.PositionOf("XYZ"));
        Assert.Equal(["ABC"], ledger.Positions.Select(p => p.Symbol));
        Assert.Equal(-1100m, ledger.Cash);
    }

    [Fact]
    public void A_spin_off_that_pays_cash_for_every_new_share_leaves_no_position_of_the_new_symbol()
    {
        // t2 buys 2 XYZ @ 30 (basis 60). t3 spins off 0.25 NEW a share: 0.5 NEW, a fraction only, sold for cash in lieu
        // at 20: proceeds 10. Cash 100 − 60 + 10 = 50; the spun-off basis leaves XYZ and is realized, so XYZ's basis plus
        // the realized basis is still 60; nothing of NEW is left.
        var ledger = new LedgerBuilder().Deposit("2024-01-02", 100).Buy("2024-01-03", "XYZ", 2, 30)
            .SpinOff("2024-02-01", "XYZ", "NEW", 0.25m, 40, 20, cashInLieuPrice: 20).Build();

        var piece = Assert.Single(ledger.Realized);
        Assert.Equal(("t3/t2", 0.5m, 10m), (piece.LotId, piece.Quantity, piece.Proceeds));
        Assert.Equal(50m, ledger.Cash);
        Assert.Null(ledger.PositionOf("NEW"));
        Assert.Equal(["XYZ"], ledger.Positions.Select(p => p.Symbol));
        Assert.Equal(60m, ledger.PositionOf("XYZ")!.CostBasis + piece.CostBasis);
    }
}
