using Portfolio.Application.Imports;
using Portfolio.Domain.Transactions;
using static Portfolio.Application.Tests.Imports.Samples;

namespace Portfolio.Application.Tests.ImportRules;

/// <summary>
/// Portfolio Performance's English export: every type of its list booked as <see cref="PortfolioPerformanceFormat"/>'s
/// remarks say, values' signs dropped. A buy is at (Value − Fees − Taxes) / Shares with Fees + Taxes the fee; a sale at
/// (Value + Fees + Taxes) / Shares with Fees the fee and the Taxes a fee of their own only when there are some; a
/// dividend is the gross Value + Fees + Taxes, what was withheld a fee only when something was. Each field remembers
/// its column.
/// </summary>
public class PortfolioPerformanceEnglishRules
{
    private static readonly PortfolioPerformanceFormat Format = new();

    private const string Header = "Date;Type;Value;Transaction Currency;Fees;Taxes;Shares;Ticker Symbol";

    private static ParsedImport Parse(string currency, params string[] lines) => Format.Parse(string.Join("\n", lines) + "\n", currency);

    [Fact]
    public void Every_english_type_books_its_transaction_with_fees_and_taxes_where_the_format_puts_them()
    {
        var parsed = Parse("USD", Header,
            "2026-01-05T00:00;Buy;-1001.50;USD;1.00;0.50;10;aapl",
            "2026-01-06T00:00;Sell;1,234.50;USD;2;3.50;10;AAPL",
            "2026-01-07T00:00;Sell;500;USD;;;5;AAPL",
            "2026-01-08T00:00;Dividend;4.25;USD;0.25;0.75;;AAPL",
            "2026-01-09T00:00;Dividend;3;USD;;;;NVDA",
            "2026-01-10T00:00;Interest;1.5;USD;;;;",
            "2026-01-11T00:00;Fees;-2;USD;;;;NVDA",
            "2026-01-12T00:00;Taxes;-3;USD;;;;",
            "2026-01-13T00:00;Interest Charge;-0.5;USD;;;;",
            "2026-01-14T00:00;Delivery (Inbound);1500;USD;;;10;MSFT",
            "2026-01-15T00:00;Delivery (Outbound);-900;USD;;;3;MSFT");

        Assert.Empty(parsed.Errors);
        AssertRows(
        [
            Row(2, new Buy("", D(1, 5), "AAPL", 10, 100, 1.5m)), // (1,001.50 − 1 − 0.50) / 10 = 100; fee 1 + 0.50
            Row(3, new Sell("", D(1, 6), "AAPL", 10, 124, 2)), // (1,234.50 + 2 + 3.50) / 10 = 124; fee 2
            Row(3, new AccountFee("", D(1, 6), 3.5m, "AAPL")), // the taxes withheld
            Row(4, new Sell("", D(1, 7), "AAPL", 5, 100, 0)), // 500 / 5; no taxes, no fee row
            Row(5, new CashDividend("", D(1, 8), "AAPL", 5.25m)), // gross 4.25 + 0.25 + 0.75
            Row(5, new AccountFee("", D(1, 8), 1m, "AAPL")), // 0.25 + 0.75 withheld
            Row(6, new CashDividend("", D(1, 9), "NVDA", 3)), // nothing withheld, no fee row
            Row(7, new Interest("", D(1, 10), 1.5m)),
            Row(8, new AccountFee("", D(1, 11), 2, "NVDA")),
            Row(9, new AccountFee("", D(1, 12), 3, null)),
            Row(10, new AccountFee("", D(1, 13), 0.5m, null)),
            Row(11, new TransferIn("", D(1, 14), "MSFT", [new TransferredLot(10, 1500, D(1, 14))])),
            Row(12, new TransferOut("", D(1, 15), "MSFT", 3)),
        ], parsed.Booked());
        Assert.Equal("fee=Fees:1.00 | price=Value:-1001.50 | quantity=Shares:10 | symbol=Ticker Symbol:aapl | taxes=Taxes:0.50 | tradeDate=Date:2026-01-05T00:00 | type=Type:Buy",
            IbkrXml.Cells(parsed.Rows[0]));
        Assert.Equal("fee=Fees:2 | price=Value:1,234.50 | quantity=Shares:10 | symbol=Ticker Symbol:AAPL | taxes=Taxes:3.50 | tradeDate=Date:2026-01-06T00:00 | type=Type:Sell",
            IbkrXml.Cells(parsed.Rows[1]));
        Assert.Equal("amount=Value:4.25 | fee=Fees:0.25 | symbol=Ticker Symbol:AAPL | taxes=Taxes:0.75 | tradeDate=Date:2026-01-08T00:00 | type=Type:Dividend",
            IbkrXml.Cells(parsed.Rows[4]));
        Assert.Equal("lots=Value:1500 | quantity=Shares:10 | symbol=Ticker Symbol:MSFT | tradeDate=Date:2026-01-14T00:00 | type=Type:Delivery (Inbound)",
            IbkrXml.Cells(parsed.Rows[11]));
    }

    [Fact]
    public void An_unknown_type_no_shares_and_a_price_beyond_decimal_are_refused_naming_the_english_column()
    {
        const string Known = "is not a English Portfolio Performance type this import knows (Buy, Sell, Deposit, Removal, Dividend, Interest, Fees, Taxes, Interest Charge, Delivery (Inbound), Delivery (Outbound))";
        var parsed = Parse("USD", Header,
            "2026-01-05T00:00;Transfer (Inbound);100;USD;;;;",
            "2026-01-05T00:00;Buy;100;USD;;;0;AAPL",
            "2026-01-05T00:00;Buy;79228162514264337593543950335;USD;;;0.5;AAPL");

        Assert.Empty(parsed.Rows);
        Assert.Equal(
        [
            (2, "Type", "Transfer (Inbound)", Known),
            (3, "Shares", "0", "must be above zero"),
            (4, "Shares", "0.5", "gives a price per share beyond the supported range"), // the largest decimal / 0.5
        ], parsed.Refusals());
    }

    [Fact]
    public void An_empty_file_a_header_in_no_known_language_and_a_header_missing_a_required_column_are_refused()
    {
        Assert.Equal([(1, "Date", "", "the file is empty; the first line names the columns (Date;Type;Value;… or Datum;Typ;Wert;…)")],
            Format.Parse("", "USD").Refusals());
        Assert.Equal([(1, "Date", "Day", "the header names neither Date (English) nor Datum (German): is this Portfolio Performance's CSV export?")],
            Format.Parse("Day;Kind\n2026-01-05;Deposit\n", "USD").Refusals());
        Assert.Equal([(1, "Value", "", "the English header must name this column")],
            Format.Parse("Date,Type\n2026-01-05,Deposit\n", "USD").Refusals());
    }
}

/// <summary>
/// Portfolio Performance's German export (Datum;Typ;Wert;Buchungswährung;…, numbers 1.234,56): Entnahme a withdrawal,
/// Steuern and Zinsbelastung fees; the Buchungswährung must be the account's; an unknown Typ is refused in German terms.
/// </summary>
public class PortfolioPerformanceGermanRules
{
    private static readonly PortfolioPerformanceFormat Format = new();

    [Fact]
    public void German_removals_taxes_and_interest_charges_book_and_a_foreign_currency_or_unknown_type_is_refused()
    {
        const string Known = "is not a German Portfolio Performance type this import knows (Kauf, Verkauf, Einlage, Entnahme, Dividende, Zinsen, Gebühren, Steuern, Zinsbelastung, Einlieferung, Auslieferung)";
        var parsed = Format.Parse(string.Join("\n",
            "Datum;Typ;Wert;Buchungswährung;Gebühren;Steuern;Stück;Ticker-Symbol",
            "2026-02-02T00:00;Entnahme;-1.234,56;EUR;;;;",
            "2026-02-03T00:00;Steuern;-7,5;EUR;;;;SAP",
            "2026-02-04T00:00;Zinsbelastung;-0,25;EUR;;;;",
            "2026-02-05T00:00;Einlage;100;USD;;;;",
            "2026-02-06T00:00;Umbuchung (Eingang);100;EUR;;;;"), "EUR");

        AssertRows(
        [
            Row(2, new Withdrawal("", D(2, 2), 1234.56m)),
            Row(3, new AccountFee("", D(2, 3), 7.5m, "SAP")),
            Row(4, new AccountFee("", D(2, 4), 0.25m, null)),
        ], parsed.Booked());
        Assert.Equal(
        [
            (5, "Buchungswährung", "USD", "is not the account's currency (EUR); convert the row or import it into an account in USD"),
            (6, "Typ", "Umbuchung (Eingang)", Known),
        ], parsed.Refusals());
    }
}
