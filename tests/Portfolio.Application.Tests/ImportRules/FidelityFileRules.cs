using Portfolio.Application.Imports;
using Portfolio.Domain.Transactions;
using static Portfolio.Application.Tests.ImportRules.FidelityActionRules;

namespace Portfolio.Application.Tests.ImportRules;

/// <summary>
/// How Fidelity's file is read around its actions: the header is a line of at least eleven cells starting
/// "Run Date,Action" (the twelfth, Settlement Date, may be missing); a file without it, or an account not in US dollars,
/// is one error saying so; each field of a transaction remembers the column and text it came from; a cell that cannot
/// be read is an error naming the row, the column and the text.
/// </summary>
public class FidelityFileRules
{
    private const string Buy = " 01/15/2026, YOU BOUGHT MICROSOFT CORP (MSFT) (Cash), MSFT, MICROSOFT CORP,Cash,10,400,4.95,0.05,,-4005,01/16/2026";

    private static IEnumerable<(string Field, string Column, string Value)> Cells(ImportRow row) =>
        row.Cells.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value.Column, c.Value.Value));

    [Fact]
    public void A_header_of_the_eleven_columns_up_to_amount_is_fidelitys_without_its_settlement_date()
    {
        var parsed = new FidelityFormat().Parse(
            "Run Date,Action,Symbol,Description,Type,Quantity,Price ($),Commission ($),Fees ($),Accrued Interest ($),Amount ($)\n"
            + " 01/15/2026, YOU BOUGHT MICROSOFT CORP (MSFT) (Cash), MSFT, MICROSOFT CORP,Cash,10,400,4.95,0.05,,-4005\n", "USD");

        // Commission 4.95 + fees 0.05 = 5.00: 10 × 400 + 5 = 4,005 paid.
        Assert.Empty(parsed.Errors);
        Assert.Equal(new Buy("", new DateOnly(2026, 1, 15), "MSFT", 10, 400m, 5.00m), Assert.Single(parsed.Rows).Transaction);
    }

    [Fact]
    public void A_header_of_fewer_than_eleven_cells_is_not_fidelitys_and_the_file_is_one_error_saying_so()
    {
        var parsed = new FidelityFormat().Parse("Run Date,Action,Symbol,Quantity,Amount ($)\n01/15/2026,YOU BOUGHT MSFT,MSFT,10,-4000\n", "USD");

        Assert.Empty(parsed.Rows);
        Assert.Equal([new ImportError(1, "Run Date", "", "no header line Run Date,Action,Symbol,… was found: is this Fidelity's account history CSV?")], parsed.Errors);
    }

    [Fact]
    public void An_account_not_in_dollars_is_one_error_naming_its_currency()
    {
        var parsed = new FidelityFormat().Parse(Header + "\n" + Buy + "\n", "EUR");

        Assert.Equal([new ImportError(1, "Amount ($)", "", "Fidelity's history is in US dollars; the account is in EUR")], parsed.Errors);
    }

    [Fact]
    public void Each_field_remembers_the_column_and_text_it_was_read_from()
    {
        var parsed = Parse(Buy, " 01/20/2026, DIVIDEND RECEIVED VANGUARD TOTAL STK MKT ETF (VTI) (Cash), VTI, VANGUARD TOTAL STK MKT ETF,Cash,0.000,,,,,12.34,");

        Assert.Empty(parsed.Errors);
        // The commission is added to the fee but not remembered: a field remembers one column, and the fee's is Fees ($).
        Assert.Equal(
        [
            ("fee", "Fees ($)", "0.05"), ("price", "Price ($)", "400"), ("quantity", "Quantity", "10"), ("symbol", "Symbol", "MSFT"),
            ("tradeDate", "Run Date", "01/15/2026"), ("type", "Action", "YOU BOUGHT MICROSOFT CORP (MSFT) (Cash)"),
        ], Cells(parsed.Rows[0]));
        Assert.Equal(
            [("amount", "Amount ($)", "12.34"), ("symbol", "Symbol", "VTI"), ("tradeDate", "Run Date", "01/20/2026"), ("type", "Action", "DIVIDEND RECEIVED VANGUARD TOTAL STK MKT ETF (VTI) (Cash)")],
            Cells(parsed.Rows[1]));
    }

    [Fact]
    public void A_cell_that_cannot_be_read_is_an_error_naming_its_row_column_and_text()
    {
        var parsed = Parse(
            " 2026-01-15, YOU BOUGHT MSFT, MSFT, MICROSOFT CORP,Cash,10,400,,,,-4000,", // line 4: not MM/dd/yyyy
            " 01/15/2026, YOU BOUGHT MSFT, MS FT, MICROSOFT CORP,Cash,10,400,,,,-4000,", // line 5: a symbol has no space
            " 01/15/2026, YOU BOUGHT MSFT, MSFT, MICROSOFT CORP,Cash,,400,,,,-4000,",    // line 6: a buy needs a quantity
            " 01/15/2026, YOU BOUGHT MSFT, MSFT, MICROSOFT CORP,Cash,10,,,,,-4000,",     // line 7: and a price
            " 01/15/2026, YOU BOUGHT MSFT, MSFT, MICROSOFT CORP,Cash,10,400,n/a,,,-4000,", // line 8: a commission is a number
            " 01/15/2026, YOU BOUGHT MSFT, MSFT, MICROSOFT CORP,Cash,10,400,,n/a,,-4000,", // line 9: and so are fees
            " 01/15/2026, DIVIDEND RECEIVED VTI, VTI, VANGUARD,Cash,0.000,,,,,,");         // line 10: a dividend needs its amount

        Assert.Empty(parsed.Rows);
        Assert.Equal(
            [(4, "Run Date", "2026-01-15"), (5, "Symbol", "MS FT"), (6, "Quantity", ""), (7, "Price ($)", ""), (8, "Commission ($)", "n/a"), (9, "Fees ($)", "n/a"), (10, "Amount ($)", "")],
            parsed.Errors.Select(e => (e.Row, e.Column, e.Value)));
    }
}
