namespace Portfolio.Domain;

/// <summary>Precision rules shared by every transaction.</summary>
public static class Quantities
{
    public const int MaxQuantityDecimals = 6;

    public static int DecimalPlaces(decimal value) => (decimal.GetBits(value)[3] >> 16) & 0xFF;

    /// <summary>Scale after trailing zeros are removed: 1.500 has 1 significant decimal place.</summary>
    public static int SignificantDecimalPlaces(decimal value)
    {
        var normalized = value / 1.000000000000000000000000000000000m;
        return DecimalPlaces(normalized);
    }

    public static decimal RoundQuantity(decimal value) =>
        Math.Round(value, MaxQuantityDecimals, MidpointRounding.ToZero);

    public static void RequirePositive(decimal value, string field)
    {
        if (value <= 0) throw new LedgerRuleViolation(field, $"must be greater than zero, was {value}");
    }

    public static void RequireNonNegative(decimal value, string field)
    {
        if (value < 0) throw new LedgerRuleViolation(field, $"must not be negative, was {value}");
    }

    public static void RequireQuantity(decimal value, string field)
    {
        RequirePositive(value, field);
        if (SignificantDecimalPlaces(value) > MaxQuantityDecimals)
            throw new LedgerRuleViolation(field, $"has more than {MaxQuantityDecimals} decimal places: {value}");
    }
}
