using Portfolio.Application.Imports;
using Portfolio.Domain.Transactions;
using static Portfolio.Application.Tests.Imports.Samples;

namespace Portfolio.Application.Tests.ImportRules;

/// <summary>A Flex Query statement of one section's elements, one a line from line 2, and what a parse says of them.</summary>
internal static class IbkrXml
{
    public static readonly IbkrFlexFormat Format = new();

    public static ParsedImport Parse(string section, params string[] rows) =>
        Format.Parse($"<FlexQueryResponse><FlexStatements count=\"1\"><FlexStatement><{section}>\n"
            + string.Join("\n", rows) + $"\n</{section}></FlexStatement></FlexStatements></FlexQueryResponse>", "USD");

    /// <summary>Which column (and text) each transaction field of a row was read from, in field order.</summary>
    public static string Cells(ImportRow row) =>
        string.Join(" | ", row.Cells.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value.Column}:{c.Value.Value}"));

    public static IEnumerable<(int, string, string, string)> Refusals(this ParsedImport parsed) =>
        parsed.Errors.Select(e => (e.Row, e.Column, e.Value, e.Reason));
}

/// <summary>
/// A file is read only as <c>FlexQueryResponse/FlexStatements/FlexStatement</c>: XML that is not well-formed is one error
/// naming <c>xml</c>; any other root, even one holding statements, is one error naming <c>FlexQueryResponse</c> and the
/// root it found.
/// </summary>
public class IbkrFileRules
{
    [Fact]
    public void Xml_that_is_not_well_formed_is_one_error_naming_xml_with_the_parsers_message()
    {
        var error = Assert.Single(IbkrXml.Format.Parse("<FlexQueryResponse>\n<FlexStatements>", "USD").Errors);

        Assert.Equal(("xml", ""), (error.Column, error.Value));
        Assert.StartsWith("is not well-formed XML: ", error.Reason, StringComparison.Ordinal);
        Assert.True(error.Reason.Length > "is not well-formed XML: ".Length, error.Reason);
    }

    [Fact]
    public void A_document_type_declaration_is_refused_as_not_well_formed_and_no_entity_of_it_is_read()
    {
        // A DTD could define entities that expand without bound or read local files: the reader prohibits it.
        const string Xml = """<?xml version="1.0"?><!DOCTYPE FlexQueryResponse [<!ENTITY x "AAPL">]><FlexQueryResponse />""";

        var error = Assert.Single(IbkrXml.Format.Parse(Xml, "USD").Errors);

        Assert.Equal(("xml", ""), (error.Column, error.Value)); // the reader's exception carries no line: Row is 0
        Assert.StartsWith("is not well-formed XML: ", error.Reason, StringComparison.Ordinal);
        Assert.Contains("DTD", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_root_is_refused_by_name_even_when_it_holds_flex_statements()
    {
        const string Reason = "no FlexQueryResponse/FlexStatements/FlexStatement was found: is this an Interactive Brokers Flex Query XML?";
        var wrapped = IbkrXml.Format.Parse(
            """<Statement><FlexStatements><FlexStatement><Trades><Trade assetCategory="STK" symbol="AAPL" tradeDate="20260105" quantity="1" tradePrice="243" buySell="BUY" /></Trades></FlexStatement></FlexStatements></Statement>""",
            "USD");

        Assert.Empty(wrapped.Rows);
        Assert.Equal([(1, "FlexQueryResponse", "Statement", Reason)], wrapped.Refusals());
    }
}

/// <summary>
/// A <c>Trade</c> of asset category STK (or none given) is a buy or a sell (buySell in any case) of |quantity| shares at
/// tradePrice with |ibCommission| the fee, dated tradeDate or, without one, dateTime's date (yyyyMMdd, yyyy-MM-dd or
/// MM/dd/yyyy, a time after it). Each field remembers its column; each refusal names the column, its text and why.
/// </summary>
public class IbkrTradeRules
{
    [Fact]
    public void A_sale_is_dated_by_its_trade_date_not_its_date_time_and_each_field_names_its_column()
    {
        var parsed = IbkrXml.Parse("Trades",
            """<Trade currency="usd" assetCategory="STK" symbol="aapl" tradeDate="20260105" dateTime="20260107;093000" quantity="-8" tradePrice="250.5" ibCommission="-1.0021" buySell="SELL" />""");

        Assert.Empty(parsed.Errors);
        AssertRows([Row(2, new Sell("", D(1, 5), "AAPL", 8, 250.5m, 1.0021m))], parsed.Booked());
        Assert.Equal("fee=ibCommission:-1.0021 | price=tradePrice:250.5 | quantity=quantity:-8 | symbol=symbol:aapl | tradeDate=tradeDate:20260105 | type=buySell:SELL",
            IbkrXml.Cells(parsed.Rows[0]));
    }

    [Fact]
    public void A_trade_without_trade_date_category_currency_or_commission_is_a_stock_dated_by_its_month_first_date_time_with_no_fee()
    {
        var parsed = IbkrXml.Parse("Trades",
            """<Trade symbol="NVDA" dateTime="01/06/2026,10:00:00" quantity="10" tradePrice="140" buySell="buy" />""");

        Assert.Empty(parsed.Errors);
        AssertRows([Row(2, new Buy("", D(1, 6), "NVDA", 10, 140, 0))], parsed.Booked());
        Assert.Equal("fee=ibCommission: | price=tradePrice:140 | quantity=quantity:10 | symbol=symbol:NVDA | tradeDate=dateTime:01/06/2026,10:00:00 | type=buySell:buy",
            IbkrXml.Cells(parsed.Rows[0]));
    }

    [Fact]
    public void Each_unreadable_trade_field_is_refused_naming_its_column_its_text_and_the_reason()
    {
        const string Ok = """currency="USD" assetCategory="STK" tradeDate="20260105" """;
        var parsed = IbkrXml.Parse("Trades",
            $"""<Trade {Ok} symbol="BAD SYMBOL" quantity="1" tradePrice="10" buySell="BUY" />""",
            $"""<Trade {Ok} symbol="AAPL" quantity="ten" tradePrice="10" buySell="BUY" />""",
            $"""<Trade {Ok} symbol="AAPL" quantity="1" buySell="BUY" />""",
            $"""<Trade {Ok} symbol="AAPL" quantity="1" tradePrice="10" ibCommission="one" buySell="BUY" />""",
            $"""<Trade {Ok} symbol="AAPL" quantity="1" tradePrice="10" buySell="HOLD" />""",
            """<Trade currency="USD" assetCategory="OPT" tradeDate="20260105" symbol="AAPL" quantity="1" tradePrice="10" buySell="BUY" />""");

        Assert.Empty(parsed.Rows);
        Assert.Equal(
        [
            (2, "symbol", "BAD SYMBOL", "must be 1 to 20 letters, digits or . - : ^"),
            (3, "quantity", "ten", "is not a number"),
            (4, "tradePrice", "", "is required"),
            (5, "ibCommission", "one", "is not a number"),
            (6, "buySell", "HOLD", "must be BUY or SELL"),
            (7, "assetCategory", "OPT", "only stocks and ETFs (STK) can be booked; options, futures, bonds and forex cannot"),
        ], parsed.Refusals());
    }
}

/// <summary>
/// A <c>CashTransaction</c> by type (the list in <see cref="IbkrFlexFormat"/>'s remarks), dated dateTime's date or, without
/// one, reportDate; a fee names its symbol when the row has one; Deposits/Withdrawals (or Deposits &amp; Withdrawals) is a
/// deposit at zero or above and a withdrawal of the amount's size below. A dividend or interest at or below zero, a fee or
/// tax at or above zero, a dividend with no symbol and an unknown type are refused.
/// </summary>
public class IbkrCashRules
{
    [Fact]
    public void Every_known_type_books_its_transaction_dated_by_date_time_else_report_date()
    {
        var parsed = IbkrXml.Parse("CashTransactions",
            """<CashTransaction currency="USD" symbol="aapl" dateTime="20260115;202000" reportDate="20260116" amount="5.2" type="Payment In Lieu Of Dividends" />""",
            """<CashTransaction reportDate="2026-01-20" amount="-1.5" type="Other Fees" />""",
            """<CashTransaction dateTime="20260121" amount="-2" type="Broker Interest Paid" />""",
            """<CashTransaction symbol="NVDA" dateTime="20260122" amount="-0.25" type="Commission Adjustments" />""",
            """<CashTransaction dateTime="20260123" amount="3.17" type="Bond Interest Received" />""",
            """<CashTransaction dateTime="20260126" amount="-100" type="Deposits &amp; Withdrawals" />""",
            """<CashTransaction dateTime="20260127" amount="0" type="Deposits/Withdrawals" />""");

        Assert.Empty(parsed.Errors);
        AssertRows(
        [
            Row(2, new CashDividend("", D(1, 15), "AAPL", 5.2m)),
            Row(3, new AccountFee("", D(1, 20), 1.5m, null)), // no symbol: an account-wide fee
            Row(4, new AccountFee("", D(1, 21), 2m, null)),
            Row(5, new AccountFee("", D(1, 22), 0.25m, "NVDA")),
            Row(6, new Interest("", D(1, 23), 3.17m)),
            Row(7, new Withdrawal("", D(1, 26), 100m)), // −100 withdrawn
            Row(8, new Deposit("", D(1, 27), 0m)), // zero is not below zero: a deposit
        ], parsed.Booked());
        Assert.Equal("amount=amount:5.2 | symbol=symbol:aapl | tradeDate=dateTime:20260115;202000 | type=type:Payment In Lieu Of Dividends",
            IbkrXml.Cells(parsed.Rows[0]));
        Assert.Equal("amount=amount:-1.5 | tradeDate=reportDate:2026-01-20 | type=type:Other Fees", IbkrXml.Cells(parsed.Rows[1]));
    }

    [Fact]
    public void A_reversal_a_refund_a_dividend_without_symbol_another_currency_and_an_unknown_type_are_refused_by_column()
    {
        const string Known = "is not a cash transaction type this import knows (Dividends, Payment In Lieu Of Dividends, Withholding Tax, Deposits/Withdrawals, "
            + "Broker Interest Received, Broker Interest Paid, Bond Interest Received, Other Fees, Commission Adjustments)";
        var parsed = IbkrXml.Parse("CashTransactions",
            """<CashTransaction currency="EUR" symbol="SAP" dateTime="20260105" amount="2" type="Dividends" />""",
            """<CashTransaction symbol="AAPL" dateTime="20260105" amount="x" type="Dividends" />""",
            """<CashTransaction symbol="BAD SYMBOL" dateTime="20260105" amount="-1" type="Other Fees" />""",
            """<CashTransaction symbol="AAPL" dateTime="20260105" amount="0" type="Dividends" />""",
            """<CashTransaction symbol="AAPL" dateTime="20260105" amount="0.78" type="Withholding Tax" />""",
            """<CashTransaction dateTime="20260105" amount="0" type="Other Fees" />""",
            """<CashTransaction dateTime="20260105" amount="1" type="Dividends" />""",
            """<CashTransaction dateTime="20260105" amount="1" type="Transfers" />""");

        Assert.Empty(parsed.Rows);
        Assert.Equal(
        [
            (2, "currency", "EUR", "is not the account's currency (USD); convert the row or import it into an account in EUR"),
            (3, "amount", "x", "is not a number"),
            (4, "symbol", "BAD SYMBOL", "must be 1 to 20 letters, digits or . - : ^"),
            (5, "amount", "0", "a Dividends row below zero is a reversal, which cannot be booked; book the correction by hand"),
            (6, "amount", "0.78", "a Withholding Tax row above zero is a refund, which cannot be booked; book the correction by hand"),
            (7, "amount", "0", "a Other Fees row above zero is a refund, which cannot be booked; book the correction by hand"),
            (8, "symbol", "", "a dividend names its symbol"),
            (9, "type", "Transfers", Known),
        ], parsed.Refusals());
    }
}

/// <summary>
/// A <c>CorporateAction</c> FS or RS is a split of n new shares for m old ("SPLIT n FOR m" in its description), dated
/// dateTime's date else reportDate. A row removing shares (quantity below zero) books nothing when a row of the same type,
/// the same day (dateTime's date, else reportDate) and the same ratio adds shares (quantity above zero); alone it is
/// refused. Other types, another currency, a description without a ratio and an unreadable quantity are refused.
/// </summary>
public class IbkrSplitRules
{
    private const string Ratio = "SIRI(US82968B1035) SPLIT 1 FOR 10 (SIRI, SIRIUS XM HOLDINGS INC, US82968B1035)";
    private const string Lone = "removes shares, and no row of the same split adds the new ones";

    [Fact]
    public void A_forward_split_is_dated_by_date_time_else_report_date_and_a_row_adding_no_shares_still_books_it()
    {
        var parsed = IbkrXml.Parse("CorporateActions",
            """<CorporateAction currency="USD" type="FS" symbol="nvda" dateTime="20260112;202500" reportDate="20260113" quantity="30" description="NVDA(US67066G1040) SPLIT 4 FOR 1 (NVDA, NVIDIA CORP)" />""",
            """<CorporateAction type="FS" symbol="AAPL" reportDate="20260114" quantity="0" description="AAPL SPLIT 3 FOR 2" />""");

        Assert.Empty(parsed.Errors);
        AssertRows([Row(2, new Split("", D(1, 12), "NVDA", 4, 1)), Row(3, new Split("", D(1, 14), "AAPL", 3, 2))], parsed.Booked());
        Assert.Equal("newShares=description:NVDA(US67066G1040) SPLIT 4 FOR 1 (NVDA, NVIDIA CORP) | symbol=symbol:nvda | tradeDate=dateTime:20260112;202500 | type=type:FS",
            IbkrXml.Cells(parsed.Rows[0]));
        Assert.Equal("tradeDate=reportDate:20260114", IbkrXml.Cells(parsed.Rows[1]).Split(" | ")[2]);
    }

    [Fact]
    public void A_reverse_splits_removal_belongs_to_the_row_adding_shares_on_the_same_date_time_day_whatever_its_report_date()
    {
        var parsed = IbkrXml.Parse("CorporateActions",
            $"""<CorporateAction type="RS" symbol="SIRI" dateTime="20260209;202500" reportDate="20260210" quantity="-1000" description="{Ratio}" />""",
            $"""<CorporateAction type="RS" symbol="SIRI" dateTime="20260209;200000" reportDate="20260211" quantity="100" description="{Ratio}" />""");

        Assert.Empty(parsed.Errors);
        AssertRows([Row(3, new Split("", D(2, 9), "SIRI", 1, 10))], parsed.Booked());
    }

    [Fact]
    public void A_removal_is_refused_when_no_row_of_the_same_type_day_and_ratio_adds_shares()
    {
        var alone = IbkrXml.Parse("CorporateActions",
            $"""<CorporateAction type="RS" symbol="SIRI" dateTime="20260209" quantity="-1000" description="{Ratio}" />""");
        var nextDay = IbkrXml.Parse("CorporateActions",
            $"""<CorporateAction type="RS" symbol="SIRI" dateTime="20260209" quantity="-1000" description="{Ratio}" />""",
            $"""<CorporateAction type="RS" symbol="SIRI" dateTime="20260210" quantity="100" description="{Ratio}" />""");
        var byReportDate = IbkrXml.Parse("CorporateActions",
            $"""<CorporateAction type="RS" symbol="SIRI" reportDate="20260209" quantity="-1000" description="{Ratio}" />""",
            $"""<CorporateAction type="RS" symbol="SIRI" reportDate="20260210" quantity="100" description="{Ratio}" />""");
        var addingNothing = IbkrXml.Parse("CorporateActions",
            $"""<CorporateAction type="RS" symbol="SIRI" dateTime="20260209" quantity="-1000" description="{Ratio}" />""",
            $"""<CorporateAction type="RS" symbol="SIRI" dateTime="20260209" quantity="0" description="{Ratio}" />""");

        Assert.Equal([(2, "quantity", "-1000", Lone)], alone.Refusals());
        Assert.Equal([(2, "quantity", "-1000", Lone)], nextDay.Refusals());
        AssertRows([Row(3, new Split("", D(2, 10), "SIRI", 1, 10))], nextDay.Booked());
        Assert.Equal([(2, "quantity", "-1000", Lone)], byReportDate.Refusals());
        Assert.Equal([(2, "quantity", "-1000", Lone)], addingNothing.Refusals());
    }

    [Fact]
    public void A_removal_with_an_empty_date_time_is_of_its_report_dates_day_as_its_row_is_dated()
    {
        // Both rows are dated by reportDate (dateTime is empty): 9 February and 2 March are two splits, not one.
        var parsed = IbkrXml.Parse("CorporateActions",
            $"""<CorporateAction type="RS" symbol="SIRI" dateTime="" reportDate="20260209" quantity="-1000" description="{Ratio}" />""",
            $"""<CorporateAction type="RS" symbol="SIRI" dateTime="" reportDate="20260302" quantity="100" description="{Ratio}" />""");

        Assert.Equal([(2, "quantity", "-1000", Lone)], parsed.Refusals());
        AssertRows([Row(3, new Split("", D(3, 2), "SIRI", 1, 10))], parsed.Booked());
    }

    [Fact]
    public void Another_type_another_currency_no_ratio_an_unreadable_quantity_and_a_bad_symbol_are_refused_by_column()
    {
        var parsed = IbkrXml.Parse("CorporateActions",
            """<CorporateAction currency="EUR" type="FS" symbol="SAP" dateTime="20260105" quantity="2" description="SAP SPLIT 2 FOR 1" />""",
            """<CorporateAction type="TC" symbol="AAPL" dateTime="20260105" quantity="2" description="AAPL MERGED" />""",
            """<CorporateAction type="RS" symbol="SIRI" dateTime="20260105" quantity="2" description="REVERSE 1-for-10" />""",
            """<CorporateAction type="FS" symbol="AAPL" dateTime="20260105" quantity="many" description="AAPL SPLIT 2 FOR 1" />""",
            """<CorporateAction type="FS" symbol="BAD SYMBOL" dateTime="20260105" quantity="2" description="SPLIT 2 FOR 1" />""");

        Assert.Empty(parsed.Rows);
        Assert.Equal(
        [
            (2, "currency", "EUR", "is not the account's currency (USD); convert the row or import it into an account in EUR"),
            (3, "type", "TC", "only forward (FS) and reverse (RS) splits can be booked from the file; book other corporate actions with POST …/transactions"),
            (4, "description", "REVERSE 1-for-10", "does not give the split's ratio as \"SPLIT n FOR m\""),
            (5, "quantity", "many", "is not a number"),
            (6, "symbol", "BAD SYMBOL", "must be 1 to 20 letters, digits or . - : ^"),
        ], parsed.Refusals());
    }
}
