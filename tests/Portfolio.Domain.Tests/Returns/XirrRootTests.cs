using Portfolio.Domain.Returns;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Returns;

/// <summary>
/// The money-weighted return is a root of Σ amount / (1 + r)^(days/365): each expected rate here is found by a naive
/// bisection written below (not the product's code), and the product's rate must make the same NPV zero.
/// </summary>
public class XirrRootTests
{
    private static double Npv(IReadOnlyList<CashFlow> flows, double rate) =>
        flows.Sum(f => (double)f.Amount / Math.Pow(1 + rate, (f.Date.DayNumber - flows[0].Date.DayNumber) / 365.0));

    /// <summary>Plain bisection on [low, high], which must bracket one sign change.</summary>
    private static double NaiveRoot(IReadOnlyList<CashFlow> flows, double low, double high)
    {
        Assert.True(Npv(flows, low) * Npv(flows, high) < 0, "the interval must bracket a root");
        for (var i = 0; i < 200; i++)
        {
            var mid = (low + high) / 2;
            if (Npv(flows, low) * Npv(flows, mid) <= 0) high = mid; else low = mid;
        }
        return (low + high) / 2;
    }

    private static CashFlow F(string date, decimal amount) => new(D(date), amount);

    [Fact]
    public void A_zero_flow_is_neither_money_in_nor_money_out()
    {
        // A zero amount is neither money in nor money out, so a zero and a withdrawal (or a zero and a deposit) have no rate.
        // Sixty years apart the NPV underflows near the bisection's upper bound, so a missed guard would report a rate there.
        Assert.Null(MoneyWeightedReturn.Xirr([F("2000-01-01", 0), F("2060-01-01", -100)]));
        Assert.Null(MoneyWeightedReturn.Xirr([F("2000-01-01", 0), F("2060-01-01", 100)]));
    }

    [Fact]
    public void Of_two_rates_the_one_newton_reaches_from_ten_percent_is_returned()
    {
        // −100, +265, −168 a year apart each (2020 has 366 days): NPV changes sign twice, near 5 % and near 60 %.
        // Newton's method from 10 % converges to the lower one; bisection alone would not bracket either from [−1, 1].
        IReadOnlyList<CashFlow> flows = [F("2020-01-01", -100), F("2021-01-01", 265), F("2022-01-01", -168)];
        var lower = NaiveRoot(flows, -0.5, 0.3);
        var upper = NaiveRoot(flows, 0.3, 2);

        Assert.InRange(lower, 0.04, 0.06);
        Assert.InRange(upper, 0.55, 0.65);
        Assert.Equal(lower, (double)MoneyWeightedReturn.Xirr(flows)!.Value, 9);
    }

    [Fact]
    public void A_loss_of_ninety_percent_in_a_year_is_found_by_bisection_when_newton_overshoots_below_minus_one()
    {
        // −1000 then +100 a year later: (1 + r) = 0.1, r = −90 % exactly. Newton's first step from 10 % lands below −100 %.
        Assert.Equal(-0.9m, MoneyWeightedReturn.Xirr([F("2023-01-01", -1000), F("2024-01-01", 100)]));
    }

    [Fact]
    public void Flows_whose_npv_never_reaches_zero_have_no_rate()
    {
        // −100, +230, −133 a year apart: −100x² + 230x − 133 has no real root (230² < 4 × 100 × 133), so NPV < 0 at every rate.
        Assert.Null(MoneyWeightedReturn.Xirr([F("2020-01-01", -100), F("2021-01-01", 230), F("2022-01-01", -133)]));
    }

    [Fact]
    public void When_neither_method_stays_in_the_first_bracket_bisection_takes_the_root_between_minus_one_and_one()
    {
        // Two sign changes: the NPV is zero near −98 % and again above 100 %. Newton fails from 10 %; bisection starts from
        // [−99.9999 %, 100 %], which already brackets the lower root, and must not widen past it.
        IReadOnlyList<CashFlow> flows = [F("2020-01-01", -1000), F("2020-06-04", 100_000), F("2022-08-03", 1_000), F("2023-01-02", -200)];
        var rate = (double)MoneyWeightedReturn.Xirr(flows)!.Value;

        Assert.Equal(NaiveRoot(flows, -0.999999, 1), rate, 9);
        Assert.InRange(rate, -0.99, -0.97);
    }

    public static TheoryData<string, string[], decimal[], double, double> Conventional => new()
    {
        // one sign change, so exactly one rate above −100 %; the naive bisection's bracket is given beside each
        { "slow recovery: −1000, then +50 after 2031 days and +50 after 2265", ["2020-01-01", "2025-07-24", "2026-03-15"], [-1000, 50, 50], -0.99, 0 },
        { "−50, +10 four whole years later: (1 + r)⁴ = 0.2 also has the root 1 + r = −0.669", ["2020-01-01", "2023-12-31"], [-50, 10], -0.99, 0 },
        { "−50, +5000 after 167 days, +100000 after 587: a rate above 100 %, bracketed only by widening", ["2020-01-01", "2020-06-16", "2021-08-10"], [-50, 5_000, 100_000], 1, 1e6 },
    };

    [Theory]
    [MemberData(nameof(Conventional))]
    public void With_one_sign_change_xirr_is_the_unique_rate_that_zeroes_the_npv(string why, string[] dates, decimal[] amounts, double low, double high)
    {
        IReadOnlyList<CashFlow> flows = dates.Zip(amounts, F).ToList();
        var expected = NaiveRoot(flows, low, high);

        Assert.True(Math.Abs(expected - (double)MoneyWeightedReturn.Xirr(flows)!.Value) <= 1e-9 * Math.Max(1, Math.Abs(expected)), why);
    }

    [Fact]
    public void A_hundredfold_gain_in_105_days_annualizes_beyond_the_bisection_range_and_newton_still_finds_it()
    {
        // −50, +5000 after 105 days, +200 after 2514: about 8.96 million (x ≈ 100^(365/105)). Bisection stops widening
        // at about 10^6, so only Newton's method from 10 % reaches it. The naive root is found on ln(1 + r) instead.
        IReadOnlyList<CashFlow> flows = [F("2020-01-01", -50), F("2020-04-15", 5_000), F("2026-11-19", 200)];
        double low = 10, high = 20; // ln(1 + r)
        for (var i = 0; i < 200; i++)
        {
            var mid = (low + high) / 2;
            if (Npv(flows, Math.Exp(low) - 1) * Npv(flows, Math.Exp(mid) - 1) <= 0) high = mid; else low = mid;
        }
        var expected = Math.Exp((low + high) / 2) - 1;

        var rate = (double)MoneyWeightedReturn.Xirr(flows)!.Value;
        Assert.InRange(expected, 8.9e6, 9.0e6);
        Assert.True(Math.Abs(rate / expected - 1) < 1e-9, $"{rate} against {expected}");
    }

    [Fact]
    public void A_tenfold_gain_in_three_days_annualizes_past_what_a_decimal_holds_and_has_no_rate()
    {
        // (1 + r)^(3/365) = 10: r ≈ 10^121.7, beyond 10^15 (and beyond decimal's 7.9 × 10^28): null, not an overflow.
        Assert.Null(MoneyWeightedReturn.Xirr([F("2024-01-01", -100), F("2024-01-04", 1_000)]));
    }
}
