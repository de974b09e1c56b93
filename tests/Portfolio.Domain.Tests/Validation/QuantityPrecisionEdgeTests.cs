using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Validation;

/// <summary>Six significant decimal places are the limit, however many trailing zeros a quantity is written with.</summary>
public class QuantityPrecisionEdgeTests
{
    [Fact]
    public void Six_significant_places_written_with_a_trailing_zero_are_accepted()
    {
        // 1.1234560 has scale 7 but six significant places: a lot of 1.123456 sh at 10, basis 11.23456.
        var ledger = new LedgerBuilder().Buy("2024-01-02", "XYZ", 1.1234560m, 10).Build();

        Assert.Equal(11.23456m, Assert.Single(ledger.OpenLots).CostBasis);
    }

    [Fact]
    public void Seven_significant_places_written_with_a_trailing_zero_are_refused()
    {
        var ledger = new LedgerBuilder().Build();

        var error = Assert.Throws<LedgerRuleViolation>(() => ledger.Apply(new Buy("b", D("2024-01-02"), "XYZ", 1.12345670m, 10)));

        Assert.Equal(("quantity", "has more than 6 decimal places: 1.12345670"), (error.Field, error.Reason));
        Assert.Equal(7, Quantities.SignificantDecimalPlaces(1.12345670m));
        Assert.Equal(8, Quantities.DecimalPlaces(1.12345670m));
    }
}
