using Portfolio.Application.Holdings;
using Portfolio.Domain.Rebalancing;
using Portfolio.Domain.Returns;

namespace Portfolio.Api.Contracts;

/// <summary>
/// Money and quantities are sent exact. Derived ratios are not exact numbers (a weight is a repeating decimal), so the
/// API rounds them half away from zero: percentages (weights, drift) to <see cref="PercentDecimals"/> places, returns
/// (fractions: 0.05 is 5 %) to <see cref="ReturnDecimals"/>, both a precision of 10⁻¹⁰ percent.
/// </summary>
public static class Precision
{
    public const int PercentDecimals = 10;
    public const int ReturnDecimals = 12;

    public static decimal Percent(decimal value) => Math.Round(value, PercentDecimals, MidpointRounding.AwayFromZero);
    public static decimal? Percent(decimal? value) => value is { } v ? Percent(v) : null;
    public static decimal Return(decimal value) => Math.Round(value, ReturnDecimals, MidpointRounding.AwayFromZero);
    public static decimal? Return(decimal? value) => value is { } v ? Return(v) : null;

    public static PositionsView Rounded(PositionsView view) => view with
    {
        Positions = view.Positions.Select(p => p with { WeightPercent = Percent(p.WeightPercent) }).ToList(),
        CashWeightPercent = Percent(view.CashWeightPercent),
    };

    public static RebalancePlan Rounded(RebalancePlan plan) => plan with
    {
        Lines = plan.Lines.Select(l => l with { CurrentPercent = Percent(l.CurrentPercent), Drift = Percent(l.Drift) }).ToList(),
    };

    public static PerformanceReport Rounded(PerformanceReport report) => report with
    {
        SimpleReturn = Return(report.SimpleReturn),
        TimeWeightedReturn = Return(report.TimeWeightedReturn),
        AnnualizedTimeWeightedReturn = Return(report.AnnualizedTimeWeightedReturn),
        MoneyWeightedReturn = Return(report.MoneyWeightedReturn),
        Daily = report.Daily.Select(d => d with { CumulativeTwr = Return(d.CumulativeTwr) }).ToList(),
    };

    /// <summary>The wire names of the rounded fields, for the OpenAPI document.</summary>
    public static readonly IReadOnlySet<string> PercentFields = new HashSet<string>(StringComparer.Ordinal)
        { "weightPercent", "cashWeightPercent", "currentPercent", "drift" };

    public static readonly IReadOnlySet<string> ReturnFields = new HashSet<string>(StringComparer.Ordinal)
        { "simpleReturn", "timeWeightedReturn", "annualizedTimeWeightedReturn", "moneyWeightedReturn", "cumulativeTwr" };
}
