using Portfolio.Domain.Returns;
using Portfolio.Domain.Tests.Builders;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Analytics;

/// <summary>
/// The CFA Level I textbook example of time- vs money-weighted return, booked in an account without cash:
/// 2021-01-01 buy 1 @ 100; 2022-01-01 dividend 2 and buy 1 @ 120; 2023-01-01 dividends 4 (2 sh × 2) and sell 2 @ 130.
/// Prices: 100 during 2021, 120 during 2022, 130 from 2023-01-01.
/// </summary>
public class CfaReturnExampleTests
{
    private static readonly LedgerBuilder Account = new LedgerBuilder().WithoutCash()
        .Buy("2021-01-01", "S", 1, 100)
        .Dividend("2022-01-01", "S", 2)
        .Buy("2022-01-01", "S", 1, 120)
        .Dividend("2023-01-01", "S", 4)
        .Sell("2023-01-01", "S", 2, 130);

    private static decimal? Close(string symbol, DateOnly date) =>
        date < D("2022-01-01") ? 100 : date < D("2023-01-01") ? 120 : 130;

    // The period starts at the close of 2021-01-01, just after the buy: base value 100, 730 days to 2023-01-01.
    private static PerformanceReport Report() => PerformanceCalculator.Compute(Account.Settings, Account.Log, Close, D("2021-01-02"), D("2023-01-01"));

    [Fact]
    public void Holding_period_returns_are_22_and_10_percent()
    {
        // Year 1: 2022-01-01 V = 2 × 120 = 240, F = buy 120 − dividend 2 = 118: r = (240 − 118)/100 − 1 = 0.22
        // Year 2: 2023-01-01 V = 0, F = −(4 + 260) = −264: r = (0 + 264)/240 − 1 = 0.10
        var daily = Report().Daily;

        var first = daily.Single(d => d.Date == D("2022-01-01"));
        Assert.Equal((240m, 118m, 0.22m), (first.Value, first.NetFlow, first.CumulativeTwr));
        Assert.Equal(0.22m, daily.Single(d => d.Date == D("2022-12-31")).CumulativeTwr);
        var last = daily[^1];
        Assert.Equal((D("2023-01-01"), 0m, -264m), (last.Date, last.Value, last.NetFlow));
        Assert.Equal(0m, daily.Single(d => d.Date == D("2021-12-31")).CumulativeTwr); // no move during 2021
    }

    [Fact]
    public void Time_weighted_return_is_34_2_percent_cumulative_and_about_15_84_percent_a_year()
    {
        // 1.22 × 1.10 − 1 = 0.342 exactly; annualized over 730 days = 2 years: √1.342 − 1 = 0.158447…
        var report = Report();

        Assert.Equal(0.342m, report.TimeWeightedReturn);
        Assert.Equal(Math.Sqrt(1.342) - 1, (double)report.AnnualizedTimeWeightedReturn!.Value, 10);
        Assert.Equal(0.1584, (double)report.AnnualizedTimeWeightedReturn!.Value, 4);
    }

    [Fact]
    public void Money_weighted_return_is_the_irr_of_the_flows_about_13_86_percent()
    {
        // Flows −100 (2021-01-01), −118 (2022-01-01, 365 days), +264 (2023-01-01, 730 days): with x = 1 + r,
        // 100x² + 118x − 264 = 0 → x = (−118 + √(118² + 4·100·264)) / 200 = (−118 + √119524) / 200 = 1.1386121…
        var expected = (-118 + Math.Sqrt(119_524)) / 200 - 1;

        var report = Report();

        Assert.Equal(expected, (double)report.MoneyWeightedReturn!.Value, 6);
        Assert.Equal(0.1386, (double)report.MoneyWeightedReturn!.Value, 4);
    }

    [Fact]
    public void Period_income_and_realized_gain()
    {
        // Dividends 2 + 4 = 6. Sale 2 @ 130 FIFO: lot 1 basis 100 → gain 30; lot 2 basis 120 → gain 10; total 40.
        var report = Report();

        Assert.Equal((6m, 40m, 0m), (report.Income, report.RealizedGain, report.Value));
    }
}
