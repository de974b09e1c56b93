namespace Portfolio.Domain;

/// <summary>
/// Date steps that stay inside the calendar. Writes keep dates at or after <see cref="SupportedRanges.EarliestDate"/>,
/// but a log stored before that bound (a trade dated 0001-01-01) must still replay: a 30-day window or a holding-period
/// shift from such a date stops at <see cref="DateOnly.MinValue"/> instead of throwing.
/// </summary>
public static class CalendarSteps
{
    public static DateOnly AddDaysWithinCalendar(this DateOnly date, int days)
    {
        var target = (long)date.DayNumber + days;
        if (target < DateOnly.MinValue.DayNumber) return DateOnly.MinValue;
        if (target > DateOnly.MaxValue.DayNumber) return DateOnly.MaxValue;
        return DateOnly.FromDayNumber((int)target);
    }
}
