using Portfolio.Domain.Returns;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Analytics;

public class MoneyWeightedReturnTests
{
    [Fact]
    public void Xirr_solves_the_cfa_flows()
    {
        // −100 at 0, −118 at 365/365, +264 at 730/365: r = (−118 + √119524)/200 − 1 ≈ 0.1386122
        var rate = MoneyWeightedReturn.Xirr([new(D("2021-01-01"), -100), new(D("2022-01-01"), -118), new(D("2023-01-01"), 264)]);

        Assert.Equal((-118 + Math.Sqrt(119_524)) / 200 - 1, (double)rate!.Value, 8);
    }

    [Fact]
    public void Xirr_of_one_year_is_the_simple_return()
    {
        // −1000 then +1100 365 days later: 10 %.
        var rate = MoneyWeightedReturn.Xirr([new(D("2023-01-01"), -1000), new(D("2024-01-01"), 1100)]);

        Assert.Equal(0.1m, rate);
    }

    [Fact]
    public void Xirr_needs_money_in_and_money_out()
    {
        Assert.Null(MoneyWeightedReturn.Xirr([new(D("2023-01-01"), -1000), new(D("2024-01-01"), -100)]));
        Assert.Null(MoneyWeightedReturn.Xirr([new(D("2023-01-01"), -1000)]));
    }
}
