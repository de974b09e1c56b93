using Portfolio.Domain.Ledger;
using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Bounds;

/// <summary>A write may not leave a lot that holds a basis but no shares (a replay of a stored log still books it).</summary>
public class ZeroShareLotBoundTests
{
    [Fact]
    public void A_reverse_split_rounding_a_lot_to_zero_shares_is_refused_naming_the_lot_and_its_basis()
    {
        // t2 0.000001 sh @ 100 (basis 0.000001 × 100 = 0.000100) and t3 10 sh @ 10. 1-for-10 makes t2 0.0000001 sh,
        // which rounds toward zero to 0 at 6 decimals.
        var log = new LedgerBuilder().Deposit("2024-01-02", 1_000)
            .Buy("2024-01-02", "X", 0.000001m, 100).Buy("2024-01-03", "X", 10, 10);
        var split = new Split("s", D("2024-02-01"), "X", 1, 10);
        var after = log.Build().With(split);

        var error = Assert.Throws<LedgerRuleViolation>(() => LedgerBounds.Check(split, after));

        Assert.Equal("newShares", error.Field);
        Assert.Equal("would leave lot 't2' of X with zero shares but a basis of 0.000100 (quantities keep 6 decimal places)", error.Reason);
    }

    [Fact]
    public void A_reverse_split_leaving_every_lot_at_least_a_millionth_of_a_share_is_within_bounds()
    {
        // t2 0.00001 sh becomes 0.000001 at 1-for-10: the smallest quantity kept, still a share count.
        var log = new LedgerBuilder().Deposit("2024-01-02", 1_000)
            .Buy("2024-01-02", "X", 0.00001m, 100).Buy("2024-01-03", "X", 10, 10);
        var split = new Split("s", D("2024-02-01"), "X", 1, 10);
        var after = log.Build().With(split);

        LedgerBounds.Check(split, after);

        Assert.Equal([0.000001m, 1m], after.PositionOf("X")!.Lots.Select(l => l.Quantity));
    }
}
