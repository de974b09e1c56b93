using Portfolio.Application.Imports;
using Portfolio.Domain.Transactions;
using static Portfolio.Application.Tests.Imports.Samples;

namespace Portfolio.Application.Tests.Imports;

public class FidelityFormatTests
{
    private static readonly FidelityFormat Format = new();

    [Fact]
    public void Each_action_phrase_maps_by_its_first_words_and_the_preamble_and_disclaimer_footer_are_not_rows()
    {
        var parsed = Parse(Format, "fidelity-history.csv");

        Assert.Empty(parsed.Errors);
        // Lines 1–2 are blank, line 3 the header; the footer after line 10 is three quoted paragraphs.
        AssertRows(
        [
            Row(4, new Sell("", D(1, 28), "MSFT", 5, 410.25m, 0.03m)), // quantity −5: a sale's shares are written negative
            Row(5, new Buy("", D(1, 20), "VTI", 0.0425m, 290.35m, 0)), // the reinvestment spends the dividend's cash
            Row(6, new CashDividend("", D(1, 20), "VTI", 12.34m)),
            Row(7, new Buy("", D(1, 15), "MSFT", 10, 400, 0)),
            Row(8, new Buy("", D(1, 12), "VTI", 20, 285.5m, 0)),
            Row(9, new Interest("", D(1, 5), 1.07m)),
            Row(10, new Deposit("", D(1, 2), 10_000)),
        ], parsed.Booked());
    }

    [Fact]
    public void A_messy_download_with_bom_crlf_quoted_thousands_and_trailing_blank_lines_reads_and_an_unknown_action_is_an_error()
    {
        var parsed = Parse(Format, "fidelity-messy.csv");

        // Commission 4.95 + fees 0.05 = 5.00, the fee of the purchase: 50 × 245.10 + 5.00 = 12,260.00, the amount written.
        AssertRows([Row(2, new Buy("", D(2, 3), "AAPL", 50, 245.10m, 5.00m)), Row(4, new Deposit("", D(2, 2), 15_000))], parsed.Booked());
        var error = Assert.Single(parsed.Errors);
        Assert.Equal((3, "Action", "REDEMPTION FROM CORE ACCOUNT FIDELITY GOVERNMENT MONEY MARKET (SPAXX) (Cash)"), (error.Row, error.Column, error.Value));
    }

    [Fact]
    public void Transfers_out_are_withdrawals_and_a_file_without_the_header_or_an_account_not_in_dollars_is_refused()
    {
        var overlap = Parse(Format, "fidelity-history-overlap.csv");
        AssertRows([Row(5, new Withdrawal("", D(2, 3), 500))], overlap.Booked().Skip(1).Take(1));

        var schwab = Format.Parse(Text("schwab-history.csv"), "USD");
        Assert.Empty(schwab.Rows);
        Assert.Equal([(1, "Run Date", "")], schwab.Errors());

        Assert.Equal("Amount ($)", Assert.Single(Parse(Format, "fidelity-history.csv", "EUR").Errors).Column);
    }
}
