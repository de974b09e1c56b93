using Portfolio.Domain.Returns;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Analytics;

/// <summary>
/// Flows where Newton's method from 10 % does not converge: the rate is then found by bisection, widening the bracket
/// upward when the root is above 100 %; a rate too large for a decimal is no rate.
/// </summary>
public class XirrSearchTests
{
    private static double Npv(IReadOnlyList<CashFlow> flows, double rate) =>
        flows.Sum(f => (double)f.Amount / Math.Pow(1 + rate, (f.Date.DayNumber - flows[0].Date.DayNumber) / 365.0));

    [Fact]
    public void A_loss_of_99_percent_over_a_year_is_found_although_newton_overshoots_below_minus_one()
    {
        // −100, then +1 365 days later: (1 + r) = 1 / 100, r = −0.99. Newton's first step from 0.1 lands near −120.
        Assert.Equal(-0.99m, MoneyWeightedReturn.Xirr([new(D("2023-01-01"), -100), new(D("2024-01-01"), 1)]));
    }

    [Fact]
    public void A_rate_above_one_hundred_percent_is_found_by_widening_the_bracket()
    {
        // −100, +50 five days later, +100 thirty days later: the NPV at 100 % is still positive, so the bracket must grow
        // past 1 before it holds the root. The rate is where the NPV crosses zero: about 1515 (151,500 %).
        CashFlow[] flows = [new(D("2024-01-01"), -100), new(D("2024-01-06"), 50), new(D("2024-01-31"), 100)];

        var rate = (double)MoneyWeightedReturn.Xirr(flows)!.Value;

        Assert.InRange(rate, 1515, 1516);
        Assert.True(Npv(flows, rate - 1e-6) > 0 && Npv(flows, rate + 1e-6) < 0, $"NPV does not cross zero at {rate}");
    }

    [Fact]
    public void A_doubling_in_ten_days_is_annualized_to_two_to_the_36_5_minus_one()
    {
        // (1 + r)^(10/365) = 2 → r = 2^36.5 − 1 ≈ 9.72 × 10^10: beyond the bisection bracket (2^20), found by Newton.
        var rate = MoneyWeightedReturn.Xirr([new(D("2024-01-01"), -100), new(D("2024-01-11"), 200)]);

        var expected = Math.Pow(2, 36.5) - 1;
        Assert.InRange((double)rate!.Value, expected * (1 - 1e-12), expected * (1 + 1e-12));
    }

    [Fact]
    public void A_doubling_in_one_day_annualizes_beyond_a_decimal_and_has_no_rate()
    {
        // r = 2^365 − 1 ≈ 7.5 × 10^109: no decimal holds it.
        Assert.Null(MoneyWeightedReturn.Xirr([new(D("2024-01-01"), -100), new(D("2024-01-02"), 200)]));
    }
}
