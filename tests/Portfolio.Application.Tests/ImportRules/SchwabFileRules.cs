using Portfolio.Application.Imports;
using Portfolio.Domain.Transactions;
using static Portfolio.Application.Tests.ImportRules.SchwabActionRules;

namespace Portfolio.Application.Tests.ImportRules;

/// <summary>
/// How Schwab's file is read around its actions: the header is a line of at least eight cells starting "Date","Action";
/// blank lines are not rows; each field of a transaction remembers the column and text it came from; a cell that
/// cannot be read is an error naming the row, the column and the text.
/// </summary>
public class SchwabFileRules
{
    private static IEnumerable<(string Field, string Column, string Value)> Cells(ImportRow row) =>
        row.Cells.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value.Column, c.Value.Value));

    [Fact]
    public void A_blank_line_between_rows_is_not_a_row()
    {
        var parsed = Parse("01/15/2026,Buy,MSFT,MICROSOFT CORP,10,$400.00,,", "", "01/16/2026,Buy,MSFT,MICROSOFT CORP,2,$401.00,,");

        Assert.Empty(parsed.Errors);
        Assert.Equal([2, 4], parsed.Rows.Select(r => r.Row)); // line 3 is the blank one
    }

    [Fact]
    public void A_header_of_fewer_than_eight_cells_is_not_schwabs_and_the_file_is_one_error_saying_so()
    {
        var parsed = new SchwabFormat().Parse("\"Date\",\"Action\",\"Symbol\",\"Quantity\"\n01/15/2026,Buy,MSFT,10\n");

        Assert.Empty(parsed.Rows);
        Assert.Equal([new ImportError(1, "Date", "", "no header line \"Date\",\"Action\",\"Symbol\",… was found: is this Schwab's transaction history CSV?")], parsed.Errors);
    }

    [Fact]
    public void Each_field_remembers_the_column_and_text_it_was_read_from()
    {
        var parsed = Parse("01/15/2026 as of 01/14/2026,Buy,MSFT,MICROSOFT CORP,10,$400.00,$0.65,\"-$4,000.65\"", "01/20/2026,Qualified Dividend,VTI,VANGUARD,,,,$12.34");

        Assert.Empty(parsed.Errors);
        Assert.Equal(new Buy("", new DateOnly(2026, 1, 14), "MSFT", 10, 400m, 0.65m), parsed.Rows[0].Transaction); // dated as of the 14th
        Assert.Equal(
        [
            ("fee", "Fees & Comm", "$0.65"), ("price", "Price", "$400.00"), ("quantity", "Quantity", "10"), ("symbol", "Symbol", "MSFT"),
            ("tradeDate", "Date", "01/15/2026 as of 01/14/2026"), ("type", "Action", "Buy"),
        ], Cells(parsed.Rows[0]));
        Assert.Equal([("amount", "Amount", "$12.34"), ("symbol", "Symbol", "VTI"), ("tradeDate", "Date", "01/20/2026"), ("type", "Action", "Qualified Dividend")], Cells(parsed.Rows[1]));
    }

    [Fact]
    public void A_cell_that_cannot_be_read_is_an_error_naming_its_row_column_and_text()
    {
        var parsed = Parse(
            "13/45/2026,Buy,MSFT,,10,$400.00,,",      // line 2: no 13th month
            "01/15/2026,Buy,MS FT,,10,$400.00,,",     // line 3: a symbol has no space
            "01/15/2026,Buy,MSFT,,,$400.00,,",        // line 4: a buy needs a quantity
            "01/15/2026,Buy,MSFT,,10,,,",             // line 5: and a price
            "01/15/2026,Buy,MSFT,,10,$400.00,ten,",   // line 6: a fee, when written, is a number
            "01/15/2026,Qualified Dividend,VTI,,,,,"); // line 7: a dividend needs its amount

        Assert.Empty(parsed.Rows);
        Assert.Equal(
            [(2, "Date", "13/45/2026"), (3, "Symbol", "MS FT"), (4, "Quantity", ""), (5, "Price", ""), (6, "Fees & Comm", "ten"), (7, "Amount", "")],
            parsed.Errors.Select(e => (e.Row, e.Column, e.Value)));
    }
}
