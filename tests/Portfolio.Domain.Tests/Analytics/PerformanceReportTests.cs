using Portfolio.Domain.Returns;
using Portfolio.Domain.Tests.Builders;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Analytics;

/// <summary>A performance report's figures worked by hand: the period's own gains, income and fees; inception-to-date simple return.</summary>
public class PerformanceReportTests
{
    private static decimal? At55(string symbol, DateOnly day) => 55m;

    // Deposit 10,000; buy 100 X @ 50 (2024-01-02); sell 40 @ 60 (2024-01-10: proceeds 2,400, basis 2,000, gain 400);
    // dividend 30 (2024-01-15); account fee 10 (2024-01-20). X closes at 55 every day.
    private static LedgerBuilder Log() => new LedgerBuilder()
        .Deposit("2024-01-02", 10_000).Buy("2024-01-02", "X", 100, 50).Sell("2024-01-10", "X", 40, 60)
        .Dividend("2024-01-15", "X", 30).Fee("2024-01-20", 10);

    [Fact]
    public void A_report_counts_the_periods_income_and_fees_from_its_first_day_and_the_simple_return_since_inception()
    {
        var log = Log();

        var report = PerformanceCalculator.Compute(log.Settings, log.Log, At55, D("2024-01-15"), D("2024-01-31"));

        // Cash 10,000 − 5,000 + 2,400 + 30 − 10 = 7,420; X 60 × 55 = 3,300; value 10,720; basis 3,000; unrealized 300.
        Assert.Equal((10_720m, 3_000m, 300m), (report.Value, report.CostBasis, report.UnrealizedGain));
        // The sale (2024-01-10) is before the period; the dividend is on its first day.
        Assert.Equal((0m, 30m, 10m), (report.RealizedGain, report.Income, report.Fees));
        // (300 + 400 + 30 − 10) / (3,000 open + 2,000 closed basis) = 720 / 5,000.
        Assert.Equal(0.144m, report.SimpleReturn);
        // Money-weighted: 10,700 at the close of 2024-01-14 (7,400 + 3,300), 10,720 on 2024-01-31, 17 days later; the
        // rate is kept to 10 decimals.
        var mwr = Math.Pow(10_720.0 / 10_700, 365.0 / 17) - 1;
        Assert.InRange((double)report.MoneyWeightedReturn!.Value, mwr - 1e-9, mwr + 1e-9);
    }

    [Fact]
    public void Composing_needs_every_day_from_the_day_before_the_period()
    {
        var log = Log();
        var days = PerformanceCalculator.DailyValues(log.Settings, log.Log, At55, D("2024-01-14"), D("2024-01-31"), out var ledger);
        var shifted = days.Select((d, i) => i == 0 ? d with { Date = D("2024-01-13") } : d).ToList();

        var error = Assert.Throws<ArgumentException>(() =>
            PerformanceCalculator.Compose(ledger, log.Log, shifted, D("2024-01-15"), D("2024-01-31")));
        Assert.Equal("days", error.ParamName);
    }

    [Fact]
    public void The_base_days_flow_is_no_part_of_the_period()
    {
        var log = Log();
        var days = PerformanceCalculator.DailyValues(log.Settings, log.Log, At55, D("2024-01-14"), D("2024-01-31"), out var ledger);
        var withBaseFlow = days.Select((d, i) => i == 0 ? d with { NetFlow = 500 } : d).ToList();

        var plain = PerformanceCalculator.Compose(ledger, log.Log, days, D("2024-01-15"), D("2024-01-31"));
        var report = PerformanceCalculator.Compose(ledger, log.Log, withBaseFlow, D("2024-01-15"), D("2024-01-31"));

        Assert.Equal(17, report.Daily.Count);
        Assert.Equal(plain.Daily.Select(d => (d.Date, d.Value, d.NetFlow, d.CumulativeTwr)), report.Daily.Select(d => (d.Date, d.Value, d.NetFlow, d.CumulativeTwr)));
        Assert.Equal((plain.TimeWeightedReturn, plain.MoneyWeightedReturn), (report.TimeWeightedReturn, report.MoneyWeightedReturn));
    }

    [Fact]
    public void The_base_day_of_a_daily_series_carries_no_flow()
    {
        // 2024-01-02: the deposit of 10,000 and the buy are booked, the base day is valued (5,000 + 100 × 55), its flow 0.
        var log = Log();

        var days = PerformanceCalculator.DailyValues(log.Settings, log.Log, At55, D("2024-01-02"), D("2024-01-03"), out _);

        Assert.Equal([new DailyValue(D("2024-01-02"), 10_500m, 0m), new DailyValue(D("2024-01-03"), 10_500m, 0m)], days);
    }
}
