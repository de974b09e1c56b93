using Portfolio.Domain.Returns;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Analytics;

public class AnnualizeBoundsTests
{
    private static readonly DateOnly Start = D("2023-01-01");
    private static readonly DateOnly AYearLater = D("2024-01-01"); // 365 days

    [Fact]
    public void Over_exactly_one_year_the_annualized_return_is_the_cumulative_one()
    {
        Assert.Equal(0.1m, TimeWeightedReturn.Annualize(0.1m, Start, AYearLater));
    }

    [Fact]
    public void A_total_loss_has_no_annualized_rate()
    {
        Assert.Null(TimeWeightedReturn.Annualize(-1m, Start, D("2025-01-01")));
    }

    [Fact]
    public void Annualized_rates_stop_below_ten_to_the_fifteen()
    {
        // Over one year (1 + c)^1 − 1 = c: 10^15 − 1 is kept, 10^15 and 10^20 are beyond the supported rate.
        Assert.Equal(999_999_999_999_999m, TimeWeightedReturn.Annualize(999_999_999_999_999m, Start, AYearLater));
        Assert.Null(TimeWeightedReturn.Annualize(1_000_000_000_000_000m, Start, AYearLater));
        Assert.Null(TimeWeightedReturn.Annualize(100_000_000_000_000_000_000m, Start, AYearLater));
    }
}
