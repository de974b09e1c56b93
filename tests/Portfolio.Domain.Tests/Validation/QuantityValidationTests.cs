using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Validation;

public class QuantityValidationTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.0000001")]    // 7 decimal places
    [InlineData("0.0000001")]
    public void Buy_quantity_must_be_positive_with_at_most_six_decimals(string quantity)
    {
        var ledger = new LedgerBuilder().Deposit("2024-01-02", 100).Build();
        var before = LedgerSnapshot.Of(ledger);

        var error = Assert.Throws<LedgerRuleViolation>(() =>
            ledger.Apply(new Buy("b", D("2024-01-03"), "XYZ", decimal.Parse(quantity), 10)));

        Assert.Equal("quantity", error.Field);
        LedgerSnapshot.Of(ledger).ShouldEqual(before);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("0.12345678")]
    public void Sell_quantity_must_be_positive_with_at_most_six_decimals(string quantity)
    {
        var ledger = new LedgerBuilder().Buy("2024-01-02", "XYZ", 10, 10).Build();

        var error = Assert.Throws<LedgerRuleViolation>(() =>
            ledger.Apply(new Sell("s", D("2024-01-03"), "XYZ", decimal.Parse(quantity), 10)));

        Assert.Equal("quantity", error.Field);
        Assert.Empty(ledger.Realized);
    }

    [Fact]
    public void Trailing_zeros_beyond_six_places_are_not_extra_decimals()
    {
        // 1.50000000 has one significant decimal place: accepted, lot of 1.5 sh, basis 1.5 × 10 = 15.
        var ledger = new LedgerBuilder().Buy("2024-01-02", "XYZ", 1.50000000m, 10).Build();

        Assert.Equal(1.5m, Assert.Single(ledger.OpenLots).Quantity);
        Assert.Equal(15m, ledger.OpenLots.Single().CostBasis);
    }

    [Fact]
    public void Six_decimal_places_are_accepted()
    {
        // 0.123456 @ 100 → basis 12.3456
        var ledger = new LedgerBuilder().Buy("2024-01-02", "XYZ", 0.123456m, 100).Build();

        Assert.Equal(12.3456m, Assert.Single(ledger.OpenLots).CostBasis);
    }

    [Theory]
    [InlineData("price")]
    [InlineData("fee")]
    public void Negative_price_or_fee_is_refused(string field)
    {
        var ledger = new LedgerBuilder().Build();
        var buy = field == "price"
            ? new Buy("b", D("2024-01-02"), "XYZ", 1, -1)
            : new Buy("b", D("2024-01-02"), "XYZ", 1, 10, -1);

        Assert.Equal(field, Assert.Throws<LedgerRuleViolation>(() => ledger.Apply(buy)).Field);
        Assert.Empty(ledger.OpenLots);
        Assert.Equal(0m, ledger.Cash);
    }
}
