using Portfolio.Application.Imports;

namespace Portfolio.Application.Tests.ImportRules;

/// <summary>
/// The cell values every format reads (ImportValues): numbers as brokers write them (signs, dollar signs, parentheses,
/// thousands separators, the comma as decimal mark), "--" for none, the account's currency, dates and symbols; each
/// refusal names the column, the cell's text and the exact reason.
/// </summary>
public class ImportValueRules
{
    private static (string Column, string Value, string Reason) Refusal(Action read)
    {
        var refused = Assert.Throws<ImportRowException>(read);
        return (refused.Column, refused.Value, refused.Reason);
    }

    [Theory]
    [InlineData("($12.00)", -12.00)]
    [InlineData("(1,234.5)", -1234.5)]
    [InlineData("$-12.00", -12.00)]
    [InlineData("-$12.00", -12.00)]
    [InlineData("+3", 3)]
    [InlineData("$1,234.56", 1234.56)]
    public void A_number_is_negative_in_parentheses_or_with_a_minus_before_or_after_the_dollar_sign(string text, double expected)
    {
        Assert.Equal((decimal)expected, ImportValues.Number("amount", text));
    }

    [Theory]
    [InlineData("(12")]
    [InlineData("12)")]
    [InlineData("$")]
    [InlineData("1,2,3")]
    [InlineData("abc")]
    public void A_cell_that_is_not_a_number_with_a_decimal_point_is_refused_as_not_a_number(string text)
    {
        Assert.Equal(("amount", text, "is not a number"), Refusal(() => ImportValues.Number("amount", text)));
    }

    [Fact]
    public void A_cell_that_is_not_a_number_with_a_decimal_comma_is_refused_naming_the_form_expected()
    {
        Assert.Equal(-1234.56m, ImportValues.Number("Betrag", "-1.234,56", DecimalMark.Comma));
        Assert.Equal(("Betrag", "1,2,3", "is not a number (1.234,56)"), Refusal(() => ImportValues.Number("Betrag", "1,2,3", DecimalMark.Comma)));
    }

    [Fact]
    public void Two_dashes_or_a_blank_cell_is_no_number_and_a_required_number_is_then_refused_as_required()
    {
        Assert.Null(ImportValues.OptionalNumber("fees", "--"));
        Assert.Null(ImportValues.OptionalNumber("fees", " -- "));
        Assert.Null(ImportValues.OptionalNumber("fees", " "));
        Assert.Equal(("price", "--", "is required"), Refusal(() => ImportValues.RequiredNumber("price", "--")));
    }

    [Fact]
    public void A_row_in_another_currency_is_refused_naming_the_accounts_currency_and_the_rows()
    {
        ImportValues.RequireCurrency("currency", " usd ", "USD");
        ImportValues.RequireCurrency("currency", "", "USD");
        Assert.Equal(("currency", "EUR ", "is not the account's currency (USD); convert the row or import it into an account in EUR"),
            Refusal(() => ImportValues.RequireCurrency("currency", "EUR ", "USD")));
    }

    [Fact]
    public void A_date_not_of_the_formats_given_is_refused_naming_each_of_them()
    {
        Assert.Equal(new DateOnly(2024, 5, 31), ImportValues.Date("Date", " 05/31/2024 ", "MM/dd/yyyy", "yyyy-MM-dd"));
        Assert.Equal(("Date", "31.05.2024", "is not a date of the form MM/dd/yyyy or yyyy-MM-dd"),
            Refusal(() => ImportValues.Date("Date", "31.05.2024", "MM/dd/yyyy", "yyyy-MM-dd")));
    }

    [Fact]
    public void A_symbol_is_upper_cased_and_a_blank_or_unusual_one_is_refused_with_its_reason()
    {
        Assert.Equal("BRK.B", ImportValues.Symbol("Symbol", " brk.b "));
        Assert.Equal(("Symbol", "  ", "is required"), Refusal(() => ImportValues.Symbol("Symbol", "  ")));
        Assert.Equal(("Symbol", "AAPL$", "must be 1 to 20 letters, digits or . - : ^"), Refusal(() => ImportValues.Symbol("Symbol", "AAPL$")));
    }
}
