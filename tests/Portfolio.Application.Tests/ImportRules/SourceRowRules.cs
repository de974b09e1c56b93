using Portfolio.Application.Imports;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.ImportRules;

/// <summary>
/// A CSV row read by its header's names (CsvRow) and the collector that turns each row into its transactions or its
/// error (ImportCollector): an unnamed header column is no column, a row shorter than its header has empty cells, and a
/// row whose numbers overflow together is an error naming the last cell read.
/// </summary>
public class SourceRowRules
{
    private const string Overflow = "the row's numbers add up to more than the supported range";

    [Fact]
    public void A_header_names_its_non_empty_columns_case_insensitively_the_first_of_two_equal_names_winning()
    {
        var header = CsvRow.Header(new CsvRecord(1, ["Date", " ", "Symbol ", "", "date"]));

        Assert.Equal([("Date", 0), ("Symbol", 2)], header.Select(h => (h.Key, h.Value)).OrderBy(h => h.Value));
        Assert.Equal(0, header["DATE"]);
    }

    [Fact]
    public void A_row_shorter_than_its_header_has_an_empty_cell_for_each_missing_column()
    {
        var header = CsvRow.Header(new CsvRecord(1, ["date", "symbol", "quantity"]));
        var row = new CsvRow(new CsvRecord(2, [" 2024-05-01 ", "AAPL"]), header);

        Assert.Equal(("2024-05-01", "AAPL", "", "", 2), (row["date"], row["Symbol"], row["quantity"], row["price"], row.Line));
    }

    [Fact]
    public void A_row_whose_numbers_overflow_together_is_an_error_naming_the_last_cell_read_or_no_cell()
    {
        var header = CsvRow.Header(new CsvRecord(1, ["quantity", "price"]));
        var collector = new ImportCollector();

        collector.Add(new CsvRow(new CsvRecord(2, ["79228162514264337593543950335", "2"]), header), row =>
        {
            var quantity = decimal.Parse(row.For("quantity", "quantity"));
            var price = decimal.Parse(row.For("price", "price"));
            return [new Buy("", new DateOnly(2024, 5, 1), "AAPL", quantity * price, price)];
        });
        collector.Add(new CsvRow(new CsvRecord(3, ["1", "1"]), header), _ => throw new OverflowException());

        var result = collector.Result();
        Assert.Empty(result.Rows);
        Assert.Equal([new ImportError(2, "price", "2", Overflow), new ImportError(3, "", "", Overflow)], result.Errors);
    }
}
