using Portfolio.Application.Imports;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.ImportRules;

/// <summary>
/// Fidelity's action phrases, each to the transaction it books (FidelityFormat's remarks): a transfer is a deposit when
/// the amount is more than zero, nothing when it is zero (an error when it moved shares); FOREIGN TAX PAID is a fee of the amount's size naming the symbol when the row has one;
/// an action no mapping knows is an error listing the kinds that are known. Dates are written MM/dd/yyyy or M/d/yyyy.
/// The file is parsed inside each test.
/// </summary>
public class FidelityActionRules
{
    internal const string Header = "Run Date,Action,Symbol,Description,Type,Quantity,Price ($),Commission ($),Fees ($),Accrued Interest ($),Amount ($),Settlement Date";

    /// <summary>Two blank lines, Fidelity's header on line 3, then <paramref name="rows"/> on lines 4, 5, …</summary>
    internal static ParsedImport Parse(params string[] rows) => new FidelityFormat().Parse(string.Join("\n", ["", "", Header, .. rows]) + "\n", "USD");

    private static readonly DateOnly Jan15 = new(2026, 1, 15);

    private static Transaction Only(ParsedImport parsed)
    {
        Assert.Empty(parsed.Errors);
        return Assert.Single(parsed.Rows).Transaction;
    }

    [Fact]
    public void Foreign_tax_paid_is_a_fee_of_the_amounts_size_naming_the_symbol_only_when_the_row_has_one()
    {
        Assert.Equal(new AccountFee("", Jan15, 1.85m, "NSRGY"),
            Only(Parse(" 01/15/2026, FOREIGN TAX PAID NESTLE SA (NSRGY) (Cash), NSRGY, NESTLE SA,Cash,0.000,,,,,-1.85,")));
        Assert.Equal(new AccountFee("", Jan15, 1.85m, null),
            Only(Parse(" 01/15/2026, FOREIGN TAX PAID (Cash), , No Description,Cash,0.000,,,,,-1.85,")));
    }

    [Fact]
    public void A_transfer_of_zero_dollars_and_no_shares_books_nothing()
    {
        // A deposit of nothing is no deposit (the ledger refuses an amount of zero): the row is read and left out.
        var parsed = Parse(" 01/15/2026, TRANSFERRED FROM VS Z12-345678-1 (Cash), , No Description,Cash,0.000,,,,,0.00,",
            " 01/16/2026, Electronic Funds Transfer Received (Cash), , No Description,Cash,,,,,,-0.00,");

        Assert.Equal((0, 0), (parsed.Rows.Count, parsed.Errors.Count));
    }

    [Fact]
    public void A_transfer_of_shares_with_no_money_is_an_error_saying_to_book_it_as_a_transfer()
    {
        var parsed = Parse(" 01/15/2026, TRANSFERRED FROM VS Z12-345678-1 (Margin), AAPL, APPLE INC,Margin,10.000,,,,,0.00,");

        Assert.Empty(parsed.Rows);
        Assert.Equal([new ImportError(4, "Quantity", "10.000",
            "a transfer of shares: their cost basis and dates are not in the file; book it as a transfer in or out (POST …/transactions) and leave this row out")], parsed.Errors);
    }

    [Fact]
    public void A_transfer_of_no_money_with_a_quantity_that_is_no_number_is_an_error_naming_the_quantity()
    {
        var parsed = Parse(" 01/15/2026, TRANSFERRED FROM VS Z12-345678-1 (Margin), AAPL, APPLE INC,Margin,ten,,,,,0.00,");

        Assert.Empty(parsed.Rows);
        var error = Assert.Single(parsed.Errors);
        Assert.Equal((4, "Quantity", "ten"), (error.Row, error.Column, error.Value));
    }

    [Fact]
    public void A_date_may_be_written_without_leading_zeros()
    {
        Assert.Equal(new Interest("", new DateOnly(2026, 1, 5), 1.07m),
            Only(Parse(" 1/5/2026, INTEREST EARNED FIDELITY GOVERNMENT MONEY MARKET (SPAXX) (Cash), SPAXX, FIDELITY GOVERNMENT MONEY MARKET,Cash,0.000,,,,,1.07,")));
    }

    [Fact]
    public void An_action_this_import_does_not_know_is_an_error_listing_the_actions_it_knows()
    {
        var parsed = Parse(" 01/15/2026, REDEMPTION FROM CORE ACCOUNT (Cash), SPAXX, FIDELITY GOVERNMENT MONEY MARKET,Cash,-5,1,,,,5,");

        Assert.Empty(parsed.Rows);
        Assert.Equal([new ImportError(4, "Action", "REDEMPTION FROM CORE ACCOUNT (Cash)",
            "is not a Fidelity action this import knows (YOU BOUGHT, YOU SOLD, DIVIDEND RECEIVED, REINVESTMENT, INTEREST EARNED, "
            + "Electronic Funds Transfer, TRANSFERRED FROM/TO, FOREIGN TAX PAID)")], parsed.Errors);
    }
}
