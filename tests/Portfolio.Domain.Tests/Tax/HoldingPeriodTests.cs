using Portfolio.Domain.Lots;
using Portfolio.Domain.Tests.Builders;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Tax;

public class HoldingPeriodTests
{
    [Theory]
    [InlineData("2012-09-19", "2013-09-19", Term.ShortTerm)] // the anniversary: exactly one year, not more
    [InlineData("2012-09-19", "2013-09-20", Term.LongTerm)]  // the day after (IRS Pub. 550 example)
    [InlineData("2012-09-19", "2012-09-19", Term.ShortTerm)]
    [InlineData("2024-02-29", "2025-02-28", Term.ShortTerm)] // 29 Feb + 1 year = 28 Feb 2025: still the anniversary
    [InlineData("2024-02-29", "2025-03-01", Term.LongTerm)]
    [InlineData("2023-03-01", "2024-02-29", Term.ShortTerm)]
    [InlineData("2023-03-01", "2024-03-01", Term.ShortTerm)]
    [InlineData("2023-03-01", "2024-03-02", Term.LongTerm)]
    public void Term_is_long_only_after_the_first_anniversary(string acquiredOn, string soldOn, Term expected)
    {
        Assert.Equal(expected, HoldingPeriod.TermOf(D(acquiredOn), D(soldOn)));
    }

    [Theory]
    [InlineData("2013-09-19", Term.ShortTerm)]
    [InlineData("2013-09-20", Term.LongTerm)]
    public void Sale_pieces_carry_the_term_of_their_lot(string soldOn, Term expected)
    {
        var ledger = new LedgerBuilder().Buy("2012-09-19", "XYZ", 10, 10).Sell(soldOn, "XYZ", 10, 12).Build();

        Assert.Equal(expected, Assert.Single(ledger.Realized).Term);
    }

    [Theory]
    [InlineData("2025-02-28", Term.ShortTerm)]
    [InlineData("2025-03-01", Term.LongTerm)]
    public void Leap_day_acquisition_turns_long_term_on_the_first_of_March(string soldOn, Term expected)
    {
        var ledger = new LedgerBuilder().Buy("2024-02-29", "XYZ", 10, 10).Sell(soldOn, "XYZ", 10, 12).Build();

        Assert.Equal(expected, Assert.Single(ledger.Realized).Term);
    }
}
