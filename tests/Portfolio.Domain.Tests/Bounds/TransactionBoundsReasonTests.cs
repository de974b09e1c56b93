using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Bounds;

/// <summary>What a refusal past a supported range says: the bound and the value given, so a user can correct the field.</summary>
public class TransactionBoundsReasonTests
{
    private static readonly DateOnly Day = D("2024-03-01");

    private static LedgerRuleViolation Refusal(Transaction transaction) =>
        Assert.Throws<LedgerRuleViolation>(() => TransactionBounds.Check(transaction));

    [Fact]
    public void A_price_over_one_billion_names_the_bound_and_the_price()
    {
        var error = Refusal(new Buy("b", Day, "X", 1, 1_000_000_000.01m));

        Assert.Equal("price", error.Field);
        Assert.Equal("must be at most 1000000000 per share, was 1000000000.01", error.Reason);
    }

    [Fact]
    public void A_split_term_over_one_million_names_the_bound_and_the_term()
    {
        var error = Refusal(new Split("s", Day, "X", 1_000_001m, 1m));

        Assert.Equal("newShares", error.Field);
        Assert.Equal("must be at most 1000000, was 1000001", error.Reason);
    }

    [Fact]
    public void A_trade_of_exactly_ten_to_the_twelve_shares_is_still_checked_for_its_gross()
    {
        // 10^12 shares (the largest quantity) × 1,000,001 = 1.000001 × 10^18, over the 10^18 one trade may move.
        var error = Refusal(new Buy("b", Day, "X", 1_000_000_000_000m, 1_000_001m));

        Assert.Equal("quantity", error.Field);
        Assert.Equal($"1000000000000 × 1000001 exceeds the supported {SupportedRanges.MaxBalance} for one trade", error.Reason);
    }
}
