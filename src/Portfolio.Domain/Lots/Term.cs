namespace Portfolio.Domain.Lots;

public enum Term { ShortTerm, LongTerm }

public static class HoldingPeriod
{
    /// <summary>
    /// Long-term when held more than one year, counting from the day after acquisition (IRS Pub. 550): a lot acquired
    /// 2012-09-19 is long-term when sold on or after 2013-09-20. A lot acquired on 29 February turns long-term on 1 March.
    /// </summary>
    public static Term TermOf(DateOnly acquiredOn, DateOnly soldOn) =>
        soldOn > acquiredOn.AddYears(1) ? Term.LongTerm : Term.ShortTerm;
}
