using Portfolio.Application.Tax;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Lots;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.Tax;

/// <summary>
/// Rows of Form 8949 worked by hand from the IRS Instructions for Form 8949 (and the Schedule D instructions they refer
/// to for the holding period). This product's rows are box C / box F: sales not reported to the taxpayer on a Form 1099-B.
/// </summary>
public class Form8949InstructionExamplesTests
{
    private static readonly AccountSettings Taxable = new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: false);

    private static IReadOnlyList<Form8949Line> Lines(int year, params Transaction[] log) =>
        Form8949.Lines(AccountLedger.Replay(Taxable, log).Realized, year);

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void Without_a_1099B_column_d_is_the_net_proceeds_so_a_selling_fee_needs_no_code_E()
    {
        // Instructions for Form 8949, column (d): "If you didn't receive a Form 1099-B or 1099-S (or substitute statement)
        // for a transaction, enter in column (d) the net proceeds. The net proceeds equal the gross proceeds minus any
        // selling expenses (such as broker's fees, commissions, and state and local transfer taxes)." Code E is for a
        // selling expense that a 1099-B's proceeds do not reflect; none is needed here.
        var lines = Lines(2023,
            new Buy("b1", D(2023, 1, 10), "ABC", 30, 20m),
            new Buy("b2", D(2023, 2, 1), "ABC", 10, 25m),
            new Sell("s1", D(2023, 6, 1), "ABC", 40, 30m, 9.99m));

        // One row per lot closed, the fee shared by shares: b1's 30 shares get 9.99 × 30 / 40 = 7.4925 of it, so
        // (d) = 900 − 7.4925 = 892.5075 → 892.51; b2's row takes the rest of 1,200 − 9.99: 297.5025 → 297.50.
        Assert.Equal(
        [
            new Form8949Line(Term.ShortTerm, "30 sh. ABC", D(2023, 1, 10), D(2023, 6, 1), 892.51m, 600.00m, "", 0m, 292.51m),
            new Form8949Line(Term.ShortTerm, "10 sh. ABC", D(2023, 2, 1), D(2023, 6, 1), 297.50m, 250.00m, "", 0m, 47.50m),
        ], lines);
        // The rows add up to the net proceeds received: 1,200 − 9.99 = 1,190.01.
        Assert.Equal(1190.01m, Form8949.Totals(lines, Term.ShortTerm).Proceeds);
        Assert.DoesNotContain(lines, l => l.Code.Contains('E'));
    }

    [Fact]
    public void A_lot_sold_on_its_first_anniversary_is_short_term_and_the_day_after_long_term()
    {
        // Form 8949 Part I: "Short-Term. Transactions involving capital assets you held 1 year or less"; Part II: "more
        // than 1 year". Instructions for Schedule D, Holding Period: "To figure the holding period, begin counting on the
        // day after you received the property and include the day you disposed of it." Bought 15 March 2023: held 1 year
        // on 15 March 2024 (Part I, box C), more than 1 year on 16 March 2024 (Part II, box F).
        var lines = Lines(2024,
            new Buy("b1", D(2023, 3, 15), "VTI", 10, 200m),
            new Buy("b2", D(2023, 3, 15), "VTI", 10, 200m),
            new Sell("s1", D(2024, 3, 15), "VTI", 10, 230m),
            new Sell("s2", D(2024, 3, 16), "VTI", 10, 231m));

        Assert.Equal(
        [
            new Form8949Line(Term.ShortTerm, "10 sh. VTI", D(2023, 3, 15), D(2024, 3, 15), 2300.00m, 2000.00m, "", 0m, 300.00m),
            new Form8949Line(Term.LongTerm, "10 sh. VTI", D(2023, 3, 15), D(2024, 3, 16), 2310.00m, 2000.00m, "", 0m, 310.00m),
        ], lines);
        var csv = Form8949.Write(lines).Split("\r\n");
        Assert.Equal("I,C,10 sh. VTI,03/15/2023,03/15/2024,2300.00,2000.00,,,300.00", csv[1]);
        Assert.Equal("II,F,10 sh. VTI,03/15/2023,03/16/2024,2310.00,2000.00,,,310.00", csv[3]);
    }

    [Fact]
    public void A_partly_washed_loss_is_code_W_with_the_nondeductible_part_positive_in_column_g()
    {
        // Instructions for Form 8949 (wash sales): enter the disallowed loss "as a positive number in column (g)" and
        // "W" in column (f); column (h) is (d) − (e) combined with (g).
        // 100 shares bought for 2,000 are sold for 1,500 less a 10 fee: a loss of 2,000 − 1,490 = 510. 40 shares are
        // bought back 19 days later, so 510 × 40 / 100 = 204 is nondeductible and (h) = 1,490 − 2,000 + 204 = −306.
        var log = new Transaction[]
        {
            new Buy("b1", D(2024, 1, 2), "XYZ", 100, 20m),
            new Sell("s1", D(2024, 2, 1), "XYZ", 100, 15m, 10m),
            new Buy("b2", D(2024, 2, 20), "XYZ", 40, 16m),
            new Sell("s2", D(2024, 6, 3), "XYZ", 40, 25m),
        };
        var lines = Lines(2024, log);

        Assert.Equal(new Form8949Line(Term.ShortTerm, "100 sh. XYZ", D(2024, 1, 2), D(2024, 2, 1), 1490.00m, 2000.00m, "W", 204.00m, -306.00m), lines[0]);
        // The replacement's basis is 40 × 16 + 204 = 844 and its holding period takes in the 30 days the sold shares were
        // held (2 January to 1 February): acquired 20 February − 30 days = 21 January. Sold for 1,000: a gain of 156.
        Assert.Equal(new Form8949Line(Term.ShortTerm, "40 sh. XYZ", D(2024, 1, 21), D(2024, 6, 3), 1000.00m, 844.00m, "", 0m, 156.00m), lines[1]);
        Assert.Equal("I,C,100 sh. XYZ,01/02/2024,02/01/2024,1490.00,2000.00,W,204.00,-306.00", Form8949.Write(lines).Split("\r\n")[1]);
    }
}
