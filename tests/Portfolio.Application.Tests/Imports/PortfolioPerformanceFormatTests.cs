using Portfolio.Application.Imports;
using Portfolio.Domain.Transactions;
using static Portfolio.Application.Tests.Imports.Samples;

namespace Portfolio.Application.Tests.Imports;

public class PortfolioPerformanceFormatTests
{
    private static readonly PortfolioPerformanceFormat Format = new();

    [Fact]
    public void The_german_export_reads_decimal_commas_and_derives_prices_from_value_fees_and_taxes()
    {
        var parsed = Parse(Format, "portfolio-performance-de.csv", "EUR");

        Assert.Empty(parsed.Errors);
        AssertRows(
        [
            Row(2, new Deposit("", D(1, 2), 10_000)),
            // (2.506,50 − 1,50) / 25 = 100.2 a share, the fee 1.50.
            Row(3, new Buy("", D(1, 7), "EUNL.DE", 25, 100.2m, 1.50m)),
            Row(4, new TransferIn("", D(1, 9), "SAP.DE", [new TransferredLot(10, 1234.56m, D(1, 9))])),
            // Net 7,35 + taxes 2,65 = 10.00 gross; the tax withheld is a fee of its own.
            Row(5, new CashDividend("", D(1, 20), "SAP.DE", 10.00m)),
            Row(5, new AccountFee("", D(1, 20), 2.65m, "SAP.DE")),
            // (1.049,25 + 1,50 + 3,25) / 10 = 105.4 a share, the fee 1.50; the 3.25 tax withheld a fee.
            Row(6, new Sell("", D(1, 26), "EUNL.DE", 10, 105.4m, 1.50m)),
            Row(6, new AccountFee("", D(1, 26), 3.25m, "EUNL.DE")),
            Row(7, new Interest("", D(1, 30), 0.42m)),
            Row(8, new AccountFee("", D(1, 31), 4.99m)),
        ], parsed.Booked());
    }

    [Fact]
    public void The_english_export_with_bom_crlf_commas_and_quoted_thousands_reads_and_a_refund_or_foreign_currency_is_an_error()
    {
        var parsed = Parse(Format, "portfolio-performance-en-messy.csv");

        AssertRows(
        [
            Row(2, new Deposit("", D(2, 2), 5000)),
            Row(3, new Buy("", D(2, 3), "VTI", 12, 102.5m, 4.56m)), // (1,234.56 − 4.56) / 12
            Row(5, new Withdrawal("", D(2, 5), 250)),
        ], parsed.Booked());
        Assert.Equal([(4, "Type", "Fees Refund"), (6, "Transaction Currency", "EUR")], parsed.Errors());
    }

    [Fact]
    public void An_english_header_with_semicolons_reads_english_numbers_and_a_german_number_in_it_is_an_error()
    {
        var parsed = Format.Parse("Date;Type;Value;Transaction Currency\n2026-01-02T00:00;Deposit;1,234.50;USD\n2026-01-03T00:00;Deposit;1.234,50;USD\n", "USD");

        AssertRows([Row(2, new Deposit("", D(1, 2), 1234.50m))], parsed.Booked());
        Assert.Equal([(3, "Value", "1.234,50")], parsed.Errors());
        Assert.Equal([(1, "Date", "Run Date")], Format.Parse("Run Date;Action\n", "USD").Errors());
    }
}
