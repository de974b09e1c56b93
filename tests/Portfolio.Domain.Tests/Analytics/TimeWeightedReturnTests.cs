using Portfolio.Domain.Returns;
using Portfolio.Domain.Tests.Builders;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Analytics;

public class TimeWeightedReturnTests
{
    [Fact]
    public void Daily_twr_with_a_deposit_mid_period_counts_the_flow_at_the_end_of_its_day()
    {
        // Cash account. 2024-01-01: deposit 1000, buy 10 X @ 100 → base value at the close 10 × 100 = 1000 (cash 0).
        // 01-02: X 110 → V = 1100, F = 0:   r = 1100 / 1000 − 1 = 0.10
        // 01-03: X 121, deposit 500 → V = 1210 + 500 = 1710, F = 500: r = (1710 − 500) / 1100 − 1 = 0.10
        // 01-04: X 103.9 → V = 1039 + 500 = 1539, F = 0: r = 1539 / 1710 − 1 = −0.10
        // cumulative after each day: 0.10, 1.1 × 1.1 − 1 = 0.21, 1.21 × 0.9 − 1 = 0.089
        var builder = new LedgerBuilder()
            .Deposit("2024-01-01", 1000).Buy("2024-01-01", "X", 10, 100).Deposit("2024-01-03", 500);
        var closes = new Dictionary<DateOnly, decimal>
        {
            [D("2024-01-01")] = 100, [D("2024-01-02")] = 110, [D("2024-01-03")] = 121, [D("2024-01-04")] = 103.9m,
        };

        var report = PerformanceCalculator.Compute(builder.Settings, builder.Log, (_, d) => closes[d], D("2024-01-02"), D("2024-01-04"));

        Assert.Equal([(D("2024-01-02"), 1100m, 0m, 0.10m), (D("2024-01-03"), 1710m, 500m, 0.21m), (D("2024-01-04"), 1539m, 0m, 0.089m)],
            report.Daily.Select(d => (d.Date, d.Value, d.NetFlow, d.CumulativeTwr)));
        Assert.Equal(0.089m, report.TimeWeightedReturn);
        Assert.Null(report.AnnualizedTimeWeightedReturn); // 3 days: not annualized
    }

    [Fact]
    public void Gips_style_sub_periods_are_valued_just_before_each_external_flow()
    {
        // Base 1,000,000. Day A: value before the flow 1,050,000, then +200,000 → V 1,250,000: r1 = 1,050,000/1,000,000 − 1 = 5 %
        // Day B: V 1,300,000, no flow: r2 = 1,300,000 / 1,250,000 − 1 = 4 %
        // Day C: withdrawal 300,000 after a −5 % day: V = 1,300,000 × 0.95 − 300,000 = 935,000, F = −300,000
        //        r3 = (935,000 + 300,000) / 1,300,000 − 1 = −5 %
        // TWR = 1.05 × 1.04 × 0.95 − 1 = 1.0374 − 1 = 0.0374
        var days = new[]
        {
            new DailyValue(D("2024-03-31"), 1_000_000m, 0),
            new DailyValue(D("2024-04-15"), 1_250_000m, 200_000m),
            new DailyValue(D("2024-04-30"), 1_300_000m, 0),
            new DailyValue(D("2024-05-20"), 935_000m, -300_000m),
        };

        var (cumulative, series) = TimeWeightedReturn.ChainLink(days);

        Assert.Equal([0m, 0.05m, 0.092m, 0.0374m], series);
        Assert.Equal(0.0374m, cumulative);
    }

    [Fact]
    public void A_day_starting_from_nothing_measures_the_new_money_against_itself()
    {
        // V_{t−1} = 0, F = 100, V = 105 → 105 / 100 − 1 = 0.05; nothing before and nothing in → 0.
        Assert.Equal(0.05m, TimeWeightedReturn.DailyReturn(0, new DailyValue(D("2024-01-02"), 105, 100)));
        Assert.Equal(0m, TimeWeightedReturn.DailyReturn(0, new DailyValue(D("2024-01-02"), 0, 0)));
    }

    [Fact]
    public void Annualizing_needs_at_least_a_year()
    {
        // 2022-01-01 → 2024-01-01 = 730 days = 2 years: 1.21^(1/2) − 1 = 0.1. 364 days: null.
        Assert.Equal(0.1, (double)TimeWeightedReturn.Annualize(0.21m, D("2022-01-01"), D("2024-01-01"))!.Value, 12);
        Assert.Null(TimeWeightedReturn.Annualize(0.05m, D("2023-01-01"), D("2023-12-31")));
    }
}
