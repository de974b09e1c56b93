namespace Portfolio.Domain.Tests.Bounds;

/// <summary>Calendar steps that stop at the calendar's ends, and the precision rules of quantities and amounts.</summary>
public class CalendarAndQuantityRulesTests
{
    [Fact]
    public void Stepping_thirty_days_inside_the_calendar_lands_on_the_calendar_date()
    {
        Assert.Equal(new DateOnly(2024, 3, 1), new DateOnly(2024, 1, 31).AddDaysWithinCalendar(30)); // 2024 is a leap year
        Assert.Equal(new DateOnly(2023, 12, 2), new DateOnly(2024, 1, 1).AddDaysWithinCalendar(-30));
    }

    [Fact]
    public void Stepping_past_either_end_of_the_calendar_stops_at_that_end()
    {
        Assert.Equal(DateOnly.MinValue, new DateOnly(1, 1, 10).AddDaysWithinCalendar(-30));
        Assert.Equal(DateOnly.MinValue, DateOnly.MinValue.AddDaysWithinCalendar(-1));
        Assert.Equal(new DateOnly(1, 1, 1), new DateOnly(1, 1, 31).AddDaysWithinCalendar(-30)); // exactly the first day
        Assert.Equal(DateOnly.MaxValue, new DateOnly(9999, 12, 20).AddDaysWithinCalendar(30));
        Assert.Equal(DateOnly.MaxValue, new DateOnly(9999, 12, 1).AddDaysWithinCalendar(30)); // exactly the last day
    }

    [Fact]
    public void Significant_decimal_places_ignore_trailing_zeros()
    {
        Assert.Equal(1, Quantities.SignificantDecimalPlaces(1.500m));
        Assert.Equal(0, Quantities.SignificantDecimalPlaces(2.000000m));
        Assert.Equal(7, Quantities.SignificantDecimalPlaces(0.0000001m));
    }

    [Fact]
    public void A_quantity_is_rounded_toward_zero_at_six_places()
    {
        Assert.Equal(1.234567m, Quantities.RoundQuantity(1.2345679m));
        Assert.Equal(-1.234567m, Quantities.RoundQuantity(-1.2345679m));
    }

    [Fact]
    public void An_amount_is_rounded_to_ten_places_half_to_even()
    {
        Assert.Equal(0.0000000000m, Quantities.RoundAmount(0.00000000005m));
        Assert.Equal(0.0000000002m, Quantities.RoundAmount(0.00000000015m));
        Assert.Equal(0.3333333333m, Quantities.RoundAmount(1m / 3m));
    }

    [Fact]
    public void A_pro_rata_share_takes_the_product_first_and_the_ratio_first_only_when_the_product_would_overflow()
    {
        Assert.Equal(33.3333333333m, Quantities.ProRata(100m, 1m, 3m));
        // 10^18 × 10^12 leaves decimal's range; (10^12 / 3 × 10^12) × 10^18 = 10^18 / 3, rounded to 10 places.
        Assert.Equal(333_333_333_333_333_333.3333333333m, Quantities.ProRata(1_000_000_000_000_000_000m, 1_000_000_000_000m, 3_000_000_000_000m));
    }

    [Fact]
    public void Positive_and_non_negative_values_are_bounded_by_ten_to_the_twelve()
    {
        Quantities.RequirePositive(1_000_000_000_000m, "amount");
        Quantities.RequireNonNegative(0m, "fee");
        Quantities.RequireNonNegative(1_000_000_000_000m, "fee");

        Assert.Equal("must be greater than zero, was 0", Assert.Throws<LedgerRuleViolation>(() => Quantities.RequirePositive(0m, "amount")).Reason);
        Assert.Equal("must not be negative, was -0.01", Assert.Throws<LedgerRuleViolation>(() => Quantities.RequireNonNegative(-0.01m, "fee")).Reason);
        var tooLarge = Assert.Throws<LedgerRuleViolation>(() => Quantities.RequireNonNegative(1_000_000_000_000.01m, "fee"));
        Assert.Equal("fee", tooLarge.Field);
        Assert.Equal("must be at most 1000000000000, was 1000000000000.01", tooLarge.Reason);
        Assert.Equal("amount", Assert.Throws<LedgerRuleViolation>(() => Quantities.RequirePositive(1_000_000_000_000.01m, "amount")).Field);
    }

    [Fact]
    public void A_quantity_written_with_trailing_zeros_past_six_places_is_still_six_places()
    {
        Quantities.RequireQuantity(1.12345600m, "quantity");
        var error = Assert.Throws<LedgerRuleViolation>(() => Quantities.RequireQuantity(1.1234567m, "quantity"));
        Assert.Equal("has more than 6 decimal places: 1.1234567", error.Reason);
    }
}
