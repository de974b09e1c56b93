namespace Portfolio.Application.Prices;

/// <summary>
/// NYSE/Nasdaq regular session: 09:30–16:00 America/New_York on weekdays that are not exchange holidays.
/// Holidays are computed by rule: New Year's Day, Martin Luther King Jr. Day, Presidents' Day, Good Friday (Gregorian Easter computus),
/// Memorial Day, Juneteenth (from 2022), Independence Day, Labor Day, Thanksgiving, Christmas. A holiday on Saturday is observed on
/// the Friday before and on Sunday on the Monday after — except New Year's Day on a Saturday, which NYSE does not observe
/// (rule 7.2: the Friday is the last trading day of the year, e.g. 31 Dec 2021 was a trading day).
/// Early closes (13:00): 3 July when it is a trading day, the day after Thanksgiving, 24 December when it is a trading day.
/// </summary>
public sealed class UsMarketCalendar
{
    public static readonly TimeOnly RegularOpen = new(9, 30);
    public static readonly TimeOnly RegularClose = new(16, 0);
    public static readonly TimeOnly EarlyClose = new(13, 0);

    public static UsMarketCalendar Instance { get; } = new();

    public TimeZoneInfo TimeZone { get; } = FindNewYork();

    public DateTimeOffset ToExchangeTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone);

    public DateOnly ExchangeDate(DateTimeOffset instant) => DateOnly.FromDateTime(ToExchangeTime(instant).DateTime);

    public bool IsHoliday(DateOnly date) => Holidays(date.Year).Contains(date);

    public bool IsTradingDay(DateOnly date)
        => date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(date);

    public bool IsEarlyClose(DateOnly date)
    {
        if (!IsTradingDay(date)) return false;
        if (date.Month == 7 && date.Day == 3) return true;
        if (date.Month == 12 && date.Day == 24) return true;
        return date == Thanksgiving(date.Year).AddDays(1);
    }

    /// <summary>Session open instant of a trading day (undefined for non-trading days; callers check <see cref="IsTradingDay"/>).</summary>
    public DateTimeOffset SessionOpen(DateOnly date) => At(date, RegularOpen);

    public DateTimeOffset SessionClose(DateOnly date) => At(date, IsEarlyClose(date) ? EarlyClose : RegularClose);

    /// <summary>True during the regular session: open inclusive, close exclusive.</summary>
    public bool IsOpen(DateTimeOffset instant)
    {
        var date = ExchangeDate(instant);
        return IsTradingDay(date) && instant >= SessionOpen(date) && instant < SessionClose(date);
    }

    public DateOnly NextTradingDay(DateOnly date)
    {
        var d = date.AddDays(1);
        while (!IsTradingDay(d)) d = d.AddDays(1);
        return d;
    }

    public DateOnly PreviousTradingDay(DateOnly date)
    {
        var d = date.AddDays(-1);
        while (!IsTradingDay(d)) d = d.AddDays(-1);
        return d;
    }

    /// <summary>The most recent session close at or before <paramref name="instant"/>.</summary>
    public DateTimeOffset PreviousClose(DateTimeOffset instant)
    {
        var date = ExchangeDate(instant);
        if (IsTradingDay(date) && SessionClose(date) <= instant) return SessionClose(date);
        return SessionClose(PreviousTradingDay(date));
    }

    /// <summary>The trading date whose close is <see cref="PreviousClose"/>.</summary>
    public DateOnly LastCompletedSession(DateTimeOffset instant) => ExchangeDate(PreviousClose(instant));

    /// <summary>Regular-session time elapsed in [from, to) (zero when to ≤ from). Used for market-hours-aware freshness.</summary>
    public TimeSpan MarketTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from) return TimeSpan.Zero;
        var total = TimeSpan.Zero;
        var last = ExchangeDate(to);
        var day = ExchangeDate(from);
        if (last.DayNumber - day.DayNumber > 400) day = last.AddDays(-400); // bounded; anything this old is stale anyway
        for (; day <= last; day = day.AddDays(1))
        {
            if (!IsTradingDay(day)) continue;
            var start = Max(SessionOpen(day), from);
            var end = Min(SessionClose(day), to);
            if (end > start) total += end - start;
        }
        return total;
    }

    public static DateOnly Easter(int year)
    {
        // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
        int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
        int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31, day = ((h + l - 7 * m + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    public static DateOnly Thanksgiving(int year) => NthWeekday(year, 11, DayOfWeek.Thursday, 4);

    public IReadOnlySet<DateOnly> Holidays(int year) => _cache.GetOrAdd(year, ComputeHolidays);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, IReadOnlySet<DateOnly>> _cache = new();

    private static IReadOnlySet<DateOnly> ComputeHolidays(int year)
    {
        var set = new HashSet<DateOnly>();
        var newYear = new DateOnly(year, 1, 1);
        if (newYear.DayOfWeek != DayOfWeek.Saturday) set.Add(Observed(newYear));
        // New Year's Day of the next year falling on Saturday is not observed on 31 Dec (NYSE rule), so nothing to add here.
        set.Add(NthWeekday(year, 1, DayOfWeek.Monday, 3));   // MLK
        set.Add(NthWeekday(year, 2, DayOfWeek.Monday, 3));   // Presidents
        set.Add(Easter(year).AddDays(-2));                   // Good Friday
        set.Add(LastWeekday(year, 5, DayOfWeek.Monday));     // Memorial
        if (year >= 2022) set.Add(Observed(new DateOnly(year, 6, 19)));
        set.Add(Observed(new DateOnly(year, 7, 4)));
        set.Add(NthWeekday(year, 9, DayOfWeek.Monday, 1));   // Labor
        set.Add(Thanksgiving(year));
        set.Add(Observed(new DateOnly(year, 12, 25)));
        return set;
    }

    private static DateOnly Observed(DateOnly d) => d.DayOfWeek switch
    {
        DayOfWeek.Saturday => d.AddDays(-1),
        DayOfWeek.Sunday => d.AddDays(1),
        _ => d,
    };

    private static DateOnly NthWeekday(int year, int month, DayOfWeek dow, int n)
    {
        var d = new DateOnly(year, month, 1);
        while (d.DayOfWeek != dow) d = d.AddDays(1);
        return d.AddDays(7 * (n - 1));
    }

    private static DateOnly LastWeekday(int year, int month, DayOfWeek dow)
    {
        var d = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        while (d.DayOfWeek != dow) d = d.AddDays(-1);
        return d;
    }

    private DateTimeOffset At(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, TimeZone.GetUtcOffset(local));
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static TimeZoneInfo FindNewYork()
    {
        foreach (var id in new[] { "America/New_York", "Eastern Standard Time" })
        {
            try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
            catch (TimeZoneNotFoundException) { }
            catch (InvalidTimeZoneException) { }
        }
        // No tz database: US Eastern rule since 2007 (second Sunday of March to first Sunday of November, 02:00).
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
            DateTime.MinValue.Date, DateTime.MaxValue.Date, TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 2, DayOfWeek.Sunday),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 11, 1, DayOfWeek.Sunday));
        return TimeZoneInfo.CreateCustomTimeZone("America/New_York", TimeSpan.FromHours(-5), "US Eastern", "EST", "EDT", [rule]);
    }
}
