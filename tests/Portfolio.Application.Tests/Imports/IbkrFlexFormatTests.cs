using Portfolio.Application.Imports;
using Portfolio.Domain.Transactions;
using static Portfolio.Application.Tests.Imports.Samples;

namespace Portfolio.Application.Tests.Imports;

public class IbkrFlexFormatTests
{
    private static readonly IbkrFlexFormat Format = new();

    [Fact]
    public void Trades_cash_transactions_and_a_forward_split_map_named_by_their_element_lines()
    {
        var parsed = Parse(Format, "ibkr-flex.xml");

        Assert.Empty(parsed.Errors);
        AssertRows(
        [
            Row(7, new Buy("", D(1, 6), "AAPL", 20, 243.12m, 1)), // ibCommission −1 is the fee
            Row(8, new Buy("", D(1, 8), "NVDA", 10, 140, 1)),
            Row(9, new Sell("", D(1, 22), "AAPL", 8, 250.5m, 1.0021m)), // quantity −8
            Row(12, new Deposit("", D(1, 2), 10_000)),
            Row(13, new Interest("", D(1, 5), 3.17m)),
            Row(14, new CashDividend("", D(1, 15), "AAPL", 5.2m)),
            Row(15, new AccountFee("", D(1, 15), 0.78m, "AAPL")), // Withholding Tax −0.78
            Row(18, new Split("", D(1, 12), "NVDA", 4, 1)), // "SPLIT 4 FOR 1"
        ], parsed.Booked());
    }

    [Fact]
    public void A_messy_statement_books_a_reverse_split_once_skips_summaries_and_names_options_and_mergers_as_errors()
    {
        var parsed = Parse(Format, "ibkr-flex-messy.xml");

        // BOM, CRLF, yyyy-MM-dd dates; line 11 is the SUMMARY of line 10; line 14 removes the old SIRI shares of line 15's split.
        AssertRows(
        [
            Row(6, new Buy("", D(2, 2), "SIRI", 100, 4.5m, 1)),
            Row(10, new Deposit("", D(2, 1), 1000)),
            Row(15, new Split("", D(2, 9), "SIRI", 1, 10)),
        ], parsed.Booked());
        Assert.Equal([(7, "assetCategory", "OPT"), (16, "type", "TC")], parsed.Errors());
    }

    [Fact]
    public void A_row_in_another_currency_a_reversal_and_a_file_that_is_not_a_flex_query_are_errors()
    {
        const string Xml = """
            <FlexQueryResponse><FlexStatements count="1"><FlexStatement>
            <Trades><Trade currency="EUR" assetCategory="STK" symbol="SAP" tradeDate="20260105" quantity="1" tradePrice="230" buySell="BUY" /></Trades>
            <CashTransactions><CashTransaction currency="USD" symbol="AAPL" dateTime="20260106" amount="-5.2" type="Dividends" /></CashTransactions>
            </FlexStatement></FlexStatements></FlexQueryResponse>
            """;

        Assert.Equal([(2, "currency", "EUR"), (3, "amount", "-5.2")], Format.Parse(Xml, "USD").Errors());
        Assert.Equal("FlexQueryResponse", Assert.Single(Format.Parse("<Statement />", "USD").Errors).Column);
        Assert.Equal((1, "xml"), Assert.Single(Format.Parse("<FlexQueryResponse>", "USD").Errors) is var e ? (e.Row, e.Column) : default);
    }
}
