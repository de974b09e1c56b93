using Portfolio.Domain.Accounts;
using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Validation;

public class OversellTests
{
    [Theory]
    [InlineData(LotMethod.Fifo)]
    [InlineData(LotMethod.Lifo)]
    [InlineData(LotMethod.Hifo)]
    [InlineData(LotMethod.AverageCost)]
    public void Selling_more_than_held_is_refused_on_quantity_and_changes_nothing(LotMethod method)
    {
        // Held: 100 + 50 = 150; selling 150.000001 is one millionth too many.
        var ledger = new LedgerBuilder().WithMethod(method).Deposit("2024-01-02", 5000)
            .Buy("2024-01-02", "XYZ", 100, 10).Buy("2024-02-01", "XYZ", 50, 13).Build();
        var before = LedgerSnapshot.Of(ledger);

        var error = Assert.Throws<LedgerRuleViolation>(() => ledger.Apply(new Sell("s", D("2024-06-03"), "XYZ", 150.000001m, 20)));

        Assert.Equal("quantity", error.Field);
        LedgerSnapshot.Of(ledger).ShouldEqual(before);
        Assert.Equal(3350m, ledger.Cash); // 5000 − 1000 − 650
    }

    [Fact]
    public void Selling_a_symbol_not_held_is_refused_on_quantity()
    {
        var ledger = new LedgerBuilder().Buy("2024-01-02", "XYZ", 100, 10).Build();

        var error = Assert.Throws<LedgerRuleViolation>(() => ledger.Apply(new Sell("s", D("2024-06-03"), "ABC", 1, 20)));

        Assert.Equal("quantity", error.Field);
        Assert.Empty(ledger.Realized);
    }

    [Fact]
    public void Transferring_out_more_than_held_is_refused_on_quantity()
    {
        var ledger = new LedgerBuilder().Buy("2024-01-02", "XYZ", 100, 10).Build();
        var before = LedgerSnapshot.Of(ledger);

        var error = Assert.Throws<LedgerRuleViolation>(() => ledger.Apply(new TransferOut("x", D("2024-06-03"), "XYZ", 101)));

        Assert.Equal("quantity", error.Field);
        LedgerSnapshot.Of(ledger).ShouldEqual(before);
    }
}
