namespace Portfolio.Application.Tests;

/// <summary>
/// How many random cases a property test runs: its own default, or <c>PORTFOLIO_PROPERTY_CASES</c> when set (as in
/// tests/Portfolio.Domain.Tests). The mutation script sets it low, because Stryker reruns the covering tests for every
/// mutant; ordinary and CI runs leave it unset and keep the defaults.
/// </summary>
internal static class PropertyCases
{
    public const string Variable = "PORTFOLIO_PROPERTY_CASES";

    public static int Or(int standard) =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), out var cases) && cases > 0 ? cases : standard;
}
