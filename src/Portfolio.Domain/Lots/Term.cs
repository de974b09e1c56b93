namespace Portfolio.Domain.Lots;

public enum Term { ShortTerm, LongTerm }

public static class HoldingPeriod
{
    /// <summary>
    /// Long-term when held more than one year, counting from the day after acquisition (IRS Pub. 550): a lot acquired
    /// 2012-09-19 is long-term when sold on or after 2013-09-20. A lot acquired on 29 February turns long-term on 1 March.
    /// </summary>
    public static Term TermOf(DateOnly acquiredOn, DateOnly soldOn)
    {
        // One year on is 365 or 366 days on: only a sale in between needs the calendar (AddYears costs a date split).
        var days = soldOn.DayNumber - acquiredOn.DayNumber;
        if (days <= 365) return Term.ShortTerm;
        if (days > 366) return Term.LongTerm;
        return soldOn > acquiredOn.AddYears(1) ? Term.LongTerm : Term.ShortTerm;
    }
}
