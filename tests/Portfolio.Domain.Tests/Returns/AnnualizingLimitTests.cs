using Portfolio.Domain.Returns;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Returns;

/// <summary>Annualizing a chain-linked return: (1 + c)^(365 / days) − 1, only over a year or more and only where it means something.</summary>
public class AnnualizingLimitTests
{
    [Fact]
    public void A_period_of_exactly_365_days_is_one_year_and_annualizes_to_itself()
    {
        // (1.1)^(365/365) − 1 = 0.1; the one-year floor is inclusive.
        Assert.Equal(0.1, (double)TimeWeightedReturn.Annualize(0.1m, D("2023-01-01"), D("2024-01-01"))!.Value, 12);
        Assert.Null(TimeWeightedReturn.Annualize(0.1m, D("2023-01-01"), D("2023-12-31")));
    }

    [Fact]
    public void A_total_loss_is_not_annualized()
    {
        // c = −100 %: nothing is left to compound; null rather than a rate.
        Assert.Null(TimeWeightedReturn.Annualize(-1m, D("2022-01-01"), D("2024-01-01")));
        Assert.Equal(-0.5, (double)TimeWeightedReturn.Annualize(-0.75m, D("2022-01-01"), D("2024-01-01"))!.Value, 12); // √0.25 − 1 over 730 days
    }

    [Fact]
    public void An_annual_rate_of_a_quadrillion_or_more_is_not_reported()
    {
        // Over exactly one year the annual rate is the cumulative return itself: 10^15 is at the bound (excluded), 10^15 − 1 under it.
        Assert.Null(TimeWeightedReturn.Annualize(1_000_000_000_000_000m, D("2023-01-01"), D("2024-01-01")));
        Assert.Null(TimeWeightedReturn.Annualize(10_000_000_000_000_000m, D("2023-01-01"), D("2024-01-01")));
        Assert.Equal(999_999_999_999_999m, TimeWeightedReturn.Annualize(999_999_999_999_999m, D("2023-01-01"), D("2024-01-01")));
    }
}
