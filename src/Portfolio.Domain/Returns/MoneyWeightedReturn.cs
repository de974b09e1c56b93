namespace Portfolio.Domain.Returns;

/// <summary>
/// Money-weighted return: the annual rate r (XIRR, actual/365) at which Σ amount / (1 + r)^(days/365) = 0.
/// A rate is not money, so the root is found in double precision (Newton's method, bisection when it strays)
/// and returned as a decimal rounded to 10 places.
/// </summary>
public static class MoneyWeightedReturn
{
    public static decimal? Xirr(IReadOnlyList<CashFlow> flows)
    {
        if (flows.Count < 2 || !flows.Any(f => f.Amount > 0) || !flows.Any(f => f.Amount < 0)) return null;
        var start = flows.Min(f => f.Date).DayNumber;
        var points = flows.Select(f => ((f.Date.DayNumber - start) / 365.0, (double)f.Amount)).ToArray();

        double Npv(double rate) => points.Sum(p => p.Item2 / Math.Pow(1 + rate, p.Item1));
        double Slope(double rate) => points.Sum(p => -p.Item1 * p.Item2 / Math.Pow(1 + rate, p.Item1 + 1));

        var r = 0.1;
        for (var i = 0; i < 100; i++)
        {
            var slope = Slope(r);
            if (slope == 0) break;
            var next = r - Npv(r) / slope;
            if (double.IsNaN(next) || next <= -1) break;
            if (Math.Abs(next - r) < 1e-12) return Round(next);
            r = next;
        }
        return Bisect(Npv);
    }

    private static decimal? Bisect(Func<double, double> npv)
    {
        double low = -0.999999, high = 1.0;
        while (npv(low) * npv(high) > 0 && high < 1e6) high *= 2;
        if (npv(low) * npv(high) > 0) return null;
        for (var i = 0; i < 300; i++)
        {
            var mid = (low + high) / 2;
            if (npv(low) * npv(mid) <= 0) high = mid; else low = mid;
        }
        return Round((low + high) / 2);
    }

    /// <summary>A rate beyond what a decimal holds (a few days of a huge gain, annualized) has no meaningful value: null.</summary>
    private static decimal? Round(double rate) => double.IsFinite(rate) && Math.Abs(rate) < 1e15 ? Math.Round((decimal)rate, 10) : null;
}
