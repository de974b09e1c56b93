using Portfolio.Application.Tax;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.Tax;

/// <summary>How Form 8949's lines are laid out: ordered by part, date sold, date acquired, then description; dates written MM/DD/YYYY as on the form.</summary>
public class Form8949LayoutTests
{
    private static readonly AccountSettings Taxable = new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: false);

    private static IReadOnlyList<RealizedLot> Realized(params Transaction[] transactions)
    {
        var replay = new LedgerReplay(Taxable);
        foreach (var transaction in transactions) replay.Book(transaction);
        return replay.Finish().Realized;
    }

    [Fact]
    public void Lines_sold_and_acquired_on_the_same_days_are_in_ordinal_order_of_their_description_whatever_the_order_of_the_sales()
    {
        var realized = Realized(
            new Buy("b1", new DateOnly(2024, 1, 2), "BBB", 10, 10m),
            new Buy("b2", new DateOnly(2024, 1, 2), "AAA", 10, 10m),
            new Sell("s1", new DateOnly(2024, 6, 3), "BBB", 10, 12m),
            new Sell("s2", new DateOnly(2024, 6, 3), "AAA", 10, 12m));

        Assert.Equal(["10 sh. AAA", "10 sh. BBB"], Form8949.Lines(realized, 2024).Select(l => l.Description));
    }

    [Fact]
    public void The_csv_writes_dates_acquired_and_sold_as_month_day_four_digit_year()
    {
        var lines = Form8949.Lines(Realized(
            new Buy("b1", new DateOnly(2024, 1, 2), "AAA", 10, 10m),
            new Sell("s1", new DateOnly(2024, 6, 3), "AAA", 10, 12m)), 2024);

        var rows = Form8949.Write(lines).Split("\r\n");

        Assert.Equal("I,C,10 sh. AAA,01/02/2024,06/03/2024,120.00,100.00,,,20.00", rows[1]);
    }
}
