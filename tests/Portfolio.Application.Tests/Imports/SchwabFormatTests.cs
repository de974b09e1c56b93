using Portfolio.Application.Imports;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.Imports;

public class SchwabFormatTests
{
    private static readonly ParsedImport Sample = new SchwabFormat().Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Imports", "Samples", "schwab-history.csv")));

    private static DateOnly D(int month, int day) => new(2026, month, day);

    [Fact]
    public void The_title_line_header_and_transactions_total_row_are_not_rows()
    {
        Assert.Equal(7, Sample.Rows.Count);
        Assert.Equal(3, Sample.Rows[0].Row); // line 3: the first after the title and the header
    }

    [Fact]
    public void Buy_and_sell_map_quantity_price_and_fees_written_as_dollars()
    {
        Assert.Equal(new Sell("", D(1, 28), "MSFT", 5, 410.25m, 0.65m), Sample.Rows[0].Transaction);
        Assert.Equal(new Buy("", D(1, 15), "MSFT", 10, 400m, 0m), Sample.Rows[3].Transaction);
        Assert.Equal(Sample.Rows[3].Transaction, Sample.Rows[4].Transaction); // two identical buys stay two rows
    }

    [Fact]
    public void A_dividend_posted_late_is_dated_by_its_as_of_date_and_reinvest_shares_spends_that_dividend_as_a_buy()
    {
        // Schwab writes the dividend (+$12.34) and the reinvestment (-$12.34) as two rows: the income is the first
        // row's, and the second only turns that cash into 0.0425 shares. A reinvestment transaction would count the
        // $12.34 of income twice and leave the cash unspent.
        Assert.Equal(new CashDividend("", D(1, 17), "VTI", 12.34m), Sample.Rows[1].Transaction);
        Assert.Equal(new Buy("", D(1, 20), "VTI", 0.0425m, 290.35m, 0m), Sample.Rows[2].Transaction);
    }

    [Fact]
    public void Bank_interest_is_interest_and_a_moneylink_transfer_in_is_a_deposit()
    {
        Assert.Equal(new Interest("", D(1, 5), 1.07m), Sample.Rows[5].Transaction);
        Assert.Equal(new Deposit("", D(1, 2), 10_000m), Sample.Rows[6].Transaction);
    }

    [Fact]
    public void A_stock_split_is_an_error_naming_its_row_column_and_value()
    {
        var error = Assert.Single(Sample.Errors);
        Assert.Equal((8, "Action", "Stock Split"), (error.Row, error.Column, error.Value));
        Assert.Contains("ratio", error.Reason);
    }

    [Fact]
    public void A_file_without_schwabs_header_is_one_error()
    {
        var parsed = new SchwabFormat().Parse("Run Date,Action,Symbol\r\n01/02/2026,YOU BOUGHT,VTI\r\n");

        Assert.Empty(parsed.Rows);
        Assert.Equal("Date", Assert.Single(parsed.Errors).Column);
    }
}
