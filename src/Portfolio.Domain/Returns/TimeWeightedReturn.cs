namespace Portfolio.Domain.Returns;

/// <summary>Time-weighted return chain-linked from daily values (see <see cref="DailyValue"/> for the flow convention).</summary>
public static class TimeWeightedReturn
{
    /// <summary>
    /// The return of one day: (V_t − F_t) / V_{t−1} − 1. A day that starts from nothing measures the new money against
    /// itself (V_t / F_t − 1); a day with nothing before and nothing in contributes no return.
    /// </summary>
    public static decimal DailyReturn(decimal previousValue, DailyValue day)
    {
        if (previousValue != 0) return (day.Value - day.NetFlow) / previousValue - 1;
        return day.NetFlow > 0 ? day.Value / day.NetFlow - 1 : 0;
    }

    /// <summary>
    /// Chain-links the daily returns of <paramref name="days"/> after the first, whose value is the base.
    /// Returns the cumulative return, and after each day the cumulative return so far.
    /// </summary>
    public static (decimal Cumulative, IReadOnlyList<decimal> Series) ChainLink(IReadOnlyList<DailyValue> days)
    {
        var growth = 1m;
        var series = new List<decimal>(days.Count);
        for (var i = 0; i < days.Count; i++)
        {
            if (i > 0) growth *= 1 + DailyReturn(days[i - 1].Value, days[i]);
            series.Add(growth - 1);
        }
        return (growth - 1, series);
    }

    /// <summary>Annualized over the calendar days between two dates; null for periods shorter than a year, where annualizing misleads.</summary>
    public static decimal? Annualize(decimal cumulative, DateOnly from, DateOnly to)
    {
        var years = (to.DayNumber - from.DayNumber) / 365.0;
        if (years < 1 || cumulative <= -1) return null;
        var annual = Math.Pow((double)(1 + cumulative), 1 / years) - 1;
        return double.IsFinite(annual) && annual < 1e15 ? (decimal)annual : null;
    }
}
