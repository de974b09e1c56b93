namespace Portfolio.Domain.Tests.Properties;

/// <summary>
/// How many random cases a property test runs: its own default, or <c>PORTFOLIO_PROPERTY_CASES</c> when set.
/// The mutation script sets it low, because Stryker reruns the covering tests for every mutant and the property tests
/// cover all booking code; ordinary and CI runs leave it unset and keep the defaults.
/// </summary>
public static class PropertyCases
{
    public const string Variable = "PORTFOLIO_PROPERTY_CASES";

    /// <summary>Whether the environment sets the case count (then checks of what the generators reach are skipped).</summary>
    public static bool Lowered => Or(0) > 0;

    public static int Or(int standard) =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), out var cases) && cases > 0 ? cases : standard;
}
