using Portfolio.Application.Tax;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Lots;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.Tax;

/// <summary>Form 8949 lines as the IRS instructions for Form 8949 describe them, with the worked wash-sale examples of IRS Publication 550.</summary>
public class Form8949Tests
{
    private static readonly AccountSettings Taxable = new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: false);

    private static IReadOnlyList<RealizedLot> Realized(params Transaction[] transactions)
    {
        var replay = new LedgerReplay(Taxable);
        foreach (var transaction in transactions) replay.Book(transaction);
        return replay.Finish().Realized;
    }

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void Pub550_example_a_whole_loss_washed_by_a_rebuy_is_code_W_with_the_loss_in_column_g_and_zero_in_h()
    {
        // Pub. 550: "You buy 100 shares of X stock for $1,000. You sell these shares for $750 and within 30 days from the
        // sale you buy 100 shares of the same stock for $800. ... you cannot deduct your loss of $250 ... your basis in the
        // new stock ... is $1,050."
        var realized = Realized(
            new Buy("b1", D(2024, 1, 2), "X", 100, 10m),
            new Sell("s1", D(2024, 3, 1), "X", 100, 7.50m),
            new Buy("b2", D(2024, 3, 15), "X", 100, 8m),
            new Sell("s2", D(2024, 12, 2), "X", 100, 11m));

        var lines = Form8949.Lines(realized, 2024);

        Assert.Equal(2, lines.Count);
        Assert.Equal(new Form8949Line(Term.ShortTerm, "100 sh. X", D(2024, 1, 2), D(2024, 3, 1), 750.00m, 1000.00m, "W", 250.00m, 0.00m), lines[0]);
        // The new shares' basis is $800 + $250 = $1,050; their holding period starts 59 days (2 Jan → 1 Mar) before 15 March.
        Assert.Equal(new Form8949Line(Term.ShortTerm, "100 sh. X", D(2024, 1, 16), D(2024, 12, 2), 1100.00m, 1050.00m, "", 0m, 50.00m), lines[1]);
    }

    [Fact]
    public void Pub550_example_a_rebuy_of_fewer_shares_disallows_the_loss_pro_rata_and_column_h_keeps_the_rest()
    {
        // Pub. 550: "You buy 100 shares of M stock for $1,000. You sell these shares for $750 and within 30 days from the
        // sale you buy 75 shares of the same stock for $750. ... you cannot deduct the loss of $187.50 ($250 × 75/100) ...
        // You can deduct the remaining $62.50."
        var realized = Realized(
            new Buy("b1", D(2024, 1, 2), "M", 100, 10m),
            new Sell("s1", D(2024, 3, 1), "M", 100, 7.50m),
            new Buy("b2", D(2024, 3, 20), "M", 75, 10m));

        var line = Assert.Single(Form8949.Lines(realized, 2024));

        Assert.Equal(("W", 187.50m, -62.50m), (line.Code, line.Adjustment, line.GainOrLoss));
        Assert.Equal(line.Proceeds - line.CostBasis + line.Adjustment, line.GainOrLoss);
    }

    [Fact]
    public void Proceeds_are_net_of_the_selling_fee_basis_includes_the_buying_fee_and_a_lot_held_over_a_year_goes_to_part_II()
    {
        // Acquired 2022-09-19, sold 2023-09-20: held more than one year counting from the day after (Pub. 550).
        // Basis 10 × 100 + 5 = 1,005; proceeds 10 × 120 − 6 = 1,194; gain 189.
        var realized = Realized(
            new Buy("b1", D(2022, 9, 19), "ABC", 10, 100m, 5m),
            new Sell("s1", D(2023, 9, 20), "ABC", 10, 120m, 6m));

        var lines = Form8949.Lines(realized, 2023);

        Assert.Equal(new Form8949Line(Term.LongTerm, "10 sh. ABC", D(2022, 9, 19), D(2023, 9, 20), 1194.00m, 1005.00m, "", 0m, 189.00m), Assert.Single(lines));
        Assert.Empty(Form8949.Lines(realized, 2022));
    }

    [Fact]
    public void The_csv_has_part_I_box_C_then_part_II_box_F_each_with_its_totals_row()
    {
        var realized = Realized(
            new Buy("b1", D(2022, 1, 3), "ABC", 10, 100m),
            new Buy("b2", D(2023, 6, 1), "ABC", 10, 130m),
            // FIFO: 10 of b1 (long-term, 1,500 − 1,000 = 500) then 5 of b2 (short-term, 750 − 650 = 100).
            new Sell("s1", D(2023, 8, 1), "ABC", 15, 150m));

        var csv = Form8949.Write(Form8949.Lines(realized, 2023)).Split("\r\n");

        Assert.Equal("Part,Box,(a) Description of property,(b) Date acquired,(c) Date sold or disposed of,(d) Proceeds (sales price),(e) Cost or other basis,(f) Code(s) from instructions,(g) Amount of adjustment to gain or loss,(h) Gain or (loss)", csv[0]);
        Assert.Equal("I,C,5 sh. ABC,06/01/2023,08/01/2023,750.00,650.00,,,100.00", csv[1]);
        Assert.Equal("I,C,Totals (line 2),,,750.00,650.00,,0.00,100.00", csv[2]);
        Assert.Equal("II,F,10 sh. ABC,01/03/2022,08/01/2023,1500.00,1000.00,,,500.00", csv[3]);
        Assert.Equal("II,F,Totals (line 2),,,1500.00,1000.00,,0.00,500.00", csv[4]);
        Assert.Equal("", csv[5]);
    }

    [Fact]
    public void Schedule_D_takes_the_part_totals_on_lines_3_and_10_and_adds_them_on_line_16()
    {
        var realized = Realized(
            new Buy("b1", D(2022, 1, 3), "ABC", 10, 100m),
            new Buy("c1", D(2023, 2, 1), "XYZ", 4, 50m),
            new Sell("c2", D(2023, 2, 10), "XYZ", 4, 40m),
            new Buy("b2", D(2023, 6, 1), "ABC", 10, 130m),
            new Sell("s1", D(2023, 8, 1), "ABC", 15, 150m));
        var lines = Form8949.Lines(realized, 2023);

        var shortTerm = Form8949.Totals(lines, Term.ShortTerm);
        var longTerm = Form8949.Totals(lines, Term.LongTerm);

        // Short-term: ABC 750 − 650 = 100 and XYZ 160 − 200 = −40 (no rebuy within 30 days: no wash sale).
        Assert.Equal(new Form8949Totals("I", "C", 3, 910m, 850m, 0m, 60m), shortTerm);
        Assert.Equal(new Form8949Totals("II", "F", 10, 1500m, 1000m, 0m, 500m), longTerm);
    }
}
