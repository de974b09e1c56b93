using Portfolio.Domain.Tests.Builders;

namespace Portfolio.Domain.Tests.TransactionTypes;

/// <summary>
/// A stored log may hold a reverse split that rounds a tiny lot to zero shares (writes are refused that far at the door,
/// by LedgerBounds, but a replay books what is stored): such a lot still answers a cost per share, 0, instead of failing.
/// </summary>
public class ZeroShareLotTests
{
    [Fact]
    public void A_lot_a_stored_reverse_split_rounds_to_no_shares_has_a_cost_per_share_of_zero()
    {
        // 0.000001 sh at 100 (basis 0.0001) and 10 sh at 10; 1-for-10: 0.0000001 rounds toward zero to 0, the newest lot
        // takes the rounded total 1.000000.
        var ledger = new LedgerBuilder().Deposit("2024-01-02", 1_000)
            .Buy("2024-01-02", "X", 0.000001m, 100).Buy("2024-01-03", "X", 10, 10).Split("2024-02-01", "X", 1, 10).Build();

        var tiny = ledger.PositionOf("X")!.Lots[0];
        Assert.Equal((0m, 0.0001m), (tiny.Quantity, tiny.CostBasis));
        Assert.Equal(0m, tiny.CostPerShare);
        Assert.Equal(100m, ledger.PositionOf("X")!.Lots[1].CostPerShare); // 100 of basis for 1 share
    }
}
