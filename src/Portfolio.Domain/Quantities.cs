namespace Portfolio.Domain;

/// <summary>Precision rules shared by every transaction.</summary>
public static class Quantities
{
    public const int MaxQuantityDecimals = 6;

    public static int DecimalPlaces(decimal value) => value.Scale;

    /// <summary>Scale after trailing zeros are removed: 1.500 has 1 significant decimal place.</summary>
    public static int SignificantDecimalPlaces(decimal value)
    {
        var normalized = value / 1.000000000000000000000000000000000m;
        return DecimalPlaces(normalized);
    }

    public static decimal RoundQuantity(decimal value) =>
        Math.Round(value, MaxQuantityDecimals, MidpointRounding.ToZero);

    /// <summary>Decimal places kept by a money amount derived pro rata (a basis, fee or loss share).</summary>
    public const int AmountDecimals = 10;

    /// <summary>
    /// Rounds a pro-rata share of an amount. A share such as 1050 × 0.5 / 10.5 can need more than decimal's 28-29
    /// digits; if it kept them, subtracting it from a larger amount would round in the last digit and basis would not
    /// be conserved. At 10 decimal places every later sum and difference of amounts is exact, and the remainder
    /// conventions (the last piece takes what is left) then conserve totals exactly.
    /// </summary>
    public static decimal RoundAmount(decimal value) =>
        Math.Round(value, AmountDecimals, MidpointRounding.ToEven);

    /// <summary>
    /// <paramref name="amount"/> × <paramref name="part"/> / <paramref name="whole"/> rounded as <see cref="RoundAmount"/>.
    /// The product comes first (it keeps the most digits); only when it would leave decimal's range is the ratio taken
    /// first, which differs at most in the last of the kept decimal places.
    /// </summary>
    public static decimal ProRata(decimal amount, decimal part, decimal whole)
    {
        try { return RoundAmount(amount * part / whole); }
        catch (OverflowException) { return RoundAmount(amount * (part / whole)); }
    }

    /// <summary>
    /// The largest quantity, price, amount or ratio one transaction may carry (10^12). decimal ends near 7.9 × 10^28, so
    /// without a bound a product such as quantity × price, or a ledger's running cash, overflows: a 500 at once, and — when
    /// the value itself was stored — on every later read of that account.
    /// </summary>
    public const decimal MaxMagnitude = 1_000_000_000_000m;

    public static void RequirePositive(decimal value, string field)
    {
        if (value <= 0) throw new LedgerRuleViolation(field, $"must be greater than zero, was {value}");
        RequireAtMostMaxMagnitude(value, field);
    }

    public static void RequireNonNegative(decimal value, string field)
    {
        if (value < 0) throw new LedgerRuleViolation(field, $"must not be negative, was {value}");
        RequireAtMostMaxMagnitude(value, field);
    }

    private static void RequireAtMostMaxMagnitude(decimal value, string field)
    {
        if (value > MaxMagnitude) throw new LedgerRuleViolation(field, $"must be at most {MaxMagnitude}, was {value}");
    }

    public static void RequireQuantity(decimal value, string field)
    {
        RequirePositive(value, field);
        // Significant places never exceed the scale, so the normalizing division is only needed above the limit.
        if (value.Scale > MaxQuantityDecimals && SignificantDecimalPlaces(value) > MaxQuantityDecimals)
            throw new LedgerRuleViolation(field, $"has more than {MaxQuantityDecimals} decimal places: {value}");
    }
}
