using Portfolio.Domain.Rebalancing;
using Portfolio.Domain.Returns;
using Portfolio.Domain.Tests.Builders;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Analytics;

/// <summary>Targets and tolerances are percentages from 0 to 100 inclusive; a refusal names the field and says why.</summary>
public class TargetAllocationRulesTests
{
    public static TheoryData<string, Dictionary<string, decimal>, decimal, string, string> Refusals => new()
    {
        { "tolerance below 0", new() { ["A"] = 50 }, -0.01m, "tolerance", "must be between 0 and 100 percentage points, was -0.01" },
        { "tolerance above 100", new() { ["A"] = 50 }, 100.01m, "tolerance", "must be between 0 and 100 percentage points, was 100.01" },
        { "blank symbol", new() { [" "] = 50 }, 5, "targets", "a target needs a symbol" },
        { "negative target", new() { ["A"] = -0.01m }, 5, "targets.A", "must be between 0 and 100 percent, was -0.01" },
        { "target above 100", new() { ["A"] = 100.01m }, 5, "targets.A", "must be between 0 and 100 percent, was 100.01" },
        { "targets above 100 together", new() { ["A"] = 60, ["B"] = 40.5m }, 5, "targets", "add up to 100.5 percent, more than 100" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void An_allocation_outside_0_to_100_percent_is_refused_with_its_field_and_reason(
        string rule, Dictionary<string, decimal> targets, decimal tolerance, string field, string reason)
    {
        var error = Assert.Throws<LedgerRuleViolation>(() => new TargetAllocation(targets, tolerance).Validate());

        Assert.True(field == error.Field && reason == error.Reason, $"{rule}: {error.Field}: {error.Reason}");
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(100, 0, 100)]
    [InlineData(60, 40, 0)]
    [InlineData(0, 100, 100)]
    public void Targets_and_tolerances_at_0_and_100_are_accepted(decimal a, decimal b, decimal tolerance)
    {
        new TargetAllocation(new Dictionary<string, decimal> { ["A"] = a, ["B"] = b }, tolerance).Validate();
    }

    [Fact]
    public void A_performance_period_ending_before_it_starts_is_refused_on_to()
    {
        var account = new LedgerBuilder().Deposit("2024-01-02", 100);

        var error = Assert.Throws<LedgerRuleViolation>(() =>
            PerformanceCalculator.Compute(account.Settings, account.Log, (_, _) => null, D("2024-01-05"), D("2024-01-04")));

        Assert.Equal(("to", "must not be before from"), (error.Field, error.Reason));
        // A period of one day is not refused: from = to.
        Assert.Equal(100m, PerformanceCalculator.Compute(account.Settings, account.Log, (_, _) => null, D("2024-01-04"), D("2024-01-04")).Value);
    }

    [Fact]
    public void Composing_a_report_needs_every_day_from_the_day_before_the_period_to_its_end()
    {
        var account = new LedgerBuilder().Deposit("2024-01-02", 100);
        var days = PerformanceCalculator.DailyValues(account.Settings, account.Log, (_, _) => null, D("2024-01-03"), D("2024-01-06"), out var ledger);

        var missingLast = Assert.Throws<ArgumentException>(() => PerformanceCalculator.Compose(ledger, account.Log, days.Take(3).ToList(), D("2024-01-04"), D("2024-01-06")));
        var shifted = Assert.Throws<ArgumentException>(() => PerformanceCalculator.Compose(ledger, account.Log, days, D("2024-01-05"), D("2024-01-07")));
        var wrongEnd = Assert.Throws<ArgumentException>(() => PerformanceCalculator.Compose(ledger, account.Log, [days[0], days[1], days[2], days[2]], D("2024-01-04"), D("2024-01-06")));

        foreach (var error in new[] { missingLast, shifted, wrongEnd })
            Assert.Equal("every day from the day before from to to is needed (Parameter 'days')", error.Message);
        Assert.Equal(100m, PerformanceCalculator.Compose(ledger, account.Log, days, D("2024-01-04"), D("2024-01-06")).Value);
    }
}
