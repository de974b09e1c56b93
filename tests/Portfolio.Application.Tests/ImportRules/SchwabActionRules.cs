using Portfolio.Application.Imports;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.ImportRules;

/// <summary>
/// Schwab's actions, each to the transaction it books (SchwabFormat's remarks): Buy, Sell and Reinvest Shares trade;
/// the six dividend actions are a dividend of the amount; Bank and Credit Interest are interest; the six transfer
/// actions are a deposit when the amount is zero or more and a withdrawal of its size when it is less; the four fee
/// actions are a fee of the amount's size, naming the symbol when the row has one. Every transaction leaves its id
/// empty for the import to assign. The file is parsed inside each test (never cached), so that what is asserted is what
/// this parse made.
/// </summary>
public class SchwabActionRules
{
    internal const string Header = "\"Date\",\"Action\",\"Symbol\",\"Description\",\"Quantity\",\"Price\",\"Fees & Comm\",\"Amount\"";

    /// <summary>Schwab's header on line 1, then <paramref name="rows"/> on lines 2, 3, …</summary>
    internal static ParsedImport Parse(params string[] rows) => new SchwabFormat().Parse(string.Join("\n", [Header, .. rows]) + "\n");

    private static readonly DateOnly Jan15 = new(2026, 1, 15);

    private static Transaction Only(ParsedImport parsed)
    {
        Assert.Empty(parsed.Errors);
        return Assert.Single(parsed.Rows).Transaction;
    }

    [Fact]
    public void Buy_sell_and_reinvest_shares_trade_the_quantity_at_the_price_with_fees_and_commission_as_the_fee_and_no_id()
    {
        // 10 × 400.00 + 0.65 = 4,000.65 paid; 5 × 410.25 − 0.65 = 2,050.60 received (Schwab writes a sale's quantity unsigned).
        Assert.Equal(new Buy("", Jan15, "MSFT", 10, 400m, 0.65m), Only(Parse("01/15/2026,Buy,MSFT,MICROSOFT CORP,10,$400.00,$0.65,\"-$4,000.65\"")));
        Assert.Equal(new Sell("", Jan15, "MSFT", 5, 410.25m, 0.65m), Only(Parse("01/15/2026,Sell,MSFT,MICROSOFT CORP,5,$410.25,$0.65,\"$2,050.60\"")));
        Assert.Equal(new Buy("", Jan15, "VTI", 0.0425m, 290.35m, 0m), Only(Parse("01/15/2026,Reinvest Shares,VTI,VANGUARD,0.0425,$290.35,,-$12.34")));
    }

    [Theory]
    [InlineData("Qualified Dividend")]
    [InlineData("Cash Dividend")]
    [InlineData("Non-Qualified Div")]
    [InlineData("Reinvest Dividend")]
    [InlineData("Special Dividend")]
    [InlineData("Pr Yr Div Reinvest")]
    public void Every_dividend_action_is_a_cash_dividend_of_the_amount(string action) =>
        Assert.Equal(new CashDividend("", Jan15, "VTI", 12.34m), Only(Parse($"01/15/2026,{action},VTI,VANGUARD,,,,$12.34")));

    [Theory]
    [InlineData("Bank Interest")]
    [InlineData("Credit Interest")]
    public void Bank_and_credit_interest_are_interest_of_the_amount(string action) =>
        Assert.Equal(new Interest("", Jan15, 1.07m), Only(Parse($"01/15/2026,{action},,SCHWAB1 INT,,,,$1.07")));

    [Theory]
    [InlineData("MoneyLink Transfer")]
    [InlineData("Wire Funds")]
    [InlineData("Wire Sent")]
    [InlineData("Funds Received")]
    [InlineData("Journal")]
    [InlineData("MoneyLink Deposit")]
    public void Every_transfer_action_is_a_deposit_of_money_in_and_a_withdrawal_of_the_size_of_money_out(string action)
    {
        Assert.Equal(new Deposit("", Jan15, 10_000m), Only(Parse($"01/15/2026,{action},,TFR BANK,,,,\"$10,000.00\"")));
        Assert.Equal(new Withdrawal("", Jan15, 500m), Only(Parse($"01/15/2026,{action},,TFR BANK,,,,-$500.00")));
    }

    [Fact]
    public void A_transfer_of_zero_dollars_books_nothing()
    {
        // A deposit of nothing is no deposit (the ledger refuses an amount of zero): the row is read and left out.
        var parsed = Parse("01/15/2026,Journal,,JOURNAL ENTRY,,,,$0.00", "01/16/2026,Wire Funds,,WIRE,,,,-$0.00");

        Assert.Equal((0, 0), (parsed.Rows.Count, parsed.Errors.Count));
    }

    [Theory]
    [InlineData("Service Fee")]
    [InlineData("ADR Mgmt Fee")]
    [InlineData("Foreign Tax Paid")]
    [InlineData("Margin Interest")]
    public void Every_fee_action_is_a_fee_of_the_amounts_size_naming_the_symbol_only_when_the_row_has_one(string action)
    {
        Assert.Equal(new AccountFee("", Jan15, 2.50m, null), Only(Parse($"01/15/2026,{action},,FEE,,,,-$2.50")));
        Assert.Equal(new AccountFee("", Jan15, 2.50m, "TSM"), Only(Parse($"01/15/2026,{action},tsm,TAIWAN SEMICONDUCTOR,,,,-$2.50")));
    }

    [Fact]
    public void An_action_this_import_does_not_know_is_an_error_naming_the_actions_it_knows_and_a_stock_split_says_its_ratio_is_missing()
    {
        var parsed = Parse("01/15/2026,Stock Merger,NVDA,NVIDIA CORP,90,,,", "01/16/2026,Stock Split,NVDA,NVIDIA CORP,90,,,");

        Assert.Empty(parsed.Rows);
        Assert.Equal(
        [
            new ImportError(2, "Action", "Stock Merger", "is not a Schwab action this import knows (Buy, Sell, Reinvest Shares, dividends, interest, transfers, fees)"),
            new ImportError(3, "Action", "Stock Split", "a stock split's ratio is not in the file: book it as a split (POST …/transactions) and leave this row out"),
        ], parsed.Errors);
    }
}
