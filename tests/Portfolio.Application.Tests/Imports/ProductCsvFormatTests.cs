using Portfolio.Application.Imports;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.Imports;

/// <summary>
/// This product's own CSV, as its documentation states it: the header names the 17 columns, one transaction per line in
/// the given order, each value in its column and the rest empty; lots of a sale as <c>lotId:quantity</c>, of a transfer in
/// as <c>quantity:costBasis:acquiredOn</c>, separated by <c>;</c>. Reading it back gives the same transactions.
/// </summary>
public class ProductCsvFormatTests
{
    private const string Header = "date,type,symbol,quantity,price,fee,amount,lotMethod,lots,newShares,oldShares,sharesPerShare,newSymbol,parentPrice,newPrice,cashInLieuPrice,id";
    private static readonly string[] Columns = Header.Split(',');
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    /// <summary>One line with the named cells filled and every other cell empty.</summary>
    private static string Line(params (string Column, string Value)[] cells) =>
        string.Join(',', Columns.Select(c => cells.FirstOrDefault(x => x.Column == c).Value ?? ""));

    private static readonly Transaction[] Log =
    [
        new Buy("tx_1", D(2024, 5, 2), "AAPL", 10, 100.5m, 1),
        new Sell("tx_2", D(2024, 5, 20), "AAPL", 4, 130, 0, LotMethod.SpecificId, [new LotSelection("tx_1", 4)]),
        new Split("tx_3", D(2024, 6, 1), "AAPL", 2, 1),
        new TransferIn("tx_4", D(2024, 6, 1), "MSFT", [new TransferredLot(3, 900, D(2020, 1, 15)), new TransferredLot(1.5m, 450.25m, D(2021, 2, 1))]),
        new AccountFee("tx_5", D(2024, 6, 2), 5),
        new Deposit("tx_6", D(2024, 6, 3), 1_000),
    ];

    private static readonly string Text = string.Join("\r\n",
        Header,
        Line(("date", "2024-05-02"), ("type", "buy"), ("symbol", "AAPL"), ("quantity", "10"), ("price", "100.5"), ("fee", "1"), ("id", "tx_1")),
        Line(("date", "2024-05-20"), ("type", "sell"), ("symbol", "AAPL"), ("quantity", "4"), ("price", "130"), ("fee", "0"), ("lotMethod", "specific"), ("lots", "tx_1:4"), ("id", "tx_2")),
        Line(("date", "2024-06-01"), ("type", "split"), ("symbol", "AAPL"), ("newShares", "2"), ("oldShares", "1"), ("id", "tx_3")),
        Line(("date", "2024-06-01"), ("type", "transferIn"), ("symbol", "MSFT"), ("lots", "3:900:2020-01-15;1.5:450.25:2021-02-01"), ("id", "tx_4")),
        Line(("date", "2024-06-02"), ("type", "fee"), ("amount", "5"), ("id", "tx_5")),
        Line(("date", "2024-06-03"), ("type", "deposit"), ("amount", "1000"), ("id", "tx_6"))) + "\r\n";

    [Fact]
    public void The_export_writes_the_header_then_one_line_per_transaction_each_value_in_its_column()
    {
        Assert.Equal(Text, ProductCsvFormat.Write(Log));
        Assert.Equal(Header + "\r\n", ProductCsvFormat.Write([]));
    }

    [Fact]
    public void Reading_the_export_gives_back_the_same_transactions_with_their_exporting_ids()
    {
        var parsed = new ProductCsvFormat().Parse(Text);

        Assert.Empty(parsed.Errors);
        Assert.Equal([2, 3, 4, 5, 6, 7], parsed.Rows.Select(r => r.Row));
        Assert.Equal(["tx_1", "tx_2", "tx_3", "tx_4", "tx_5", "tx_6"], parsed.Rows.Select(r => r.SourceId));
        var read = parsed.Rows.Select(r => r.Transaction).ToList();
        Assert.Equal(Log[0] with { Id = "" }, read[0]);
        var sell = Assert.IsType<Sell>(read[1]);
        Assert.Equal((D(2024, 5, 20), "AAPL", 4m, 130m, 0m, (LotMethod?)LotMethod.SpecificId), (sell.TradeDate, sell.Symbol, sell.Quantity, sell.Price, sell.Fee, sell.Method));
        Assert.Equal([new LotSelection("tx_1", 4)], sell.Lots!);
        Assert.Equal(Log[2] with { Id = "" }, read[2]);
        var arriving = Assert.IsType<TransferIn>(read[3]);
        Assert.Equal((D(2024, 6, 1), "MSFT"), (arriving.TradeDate, arriving.Symbol));
        Assert.Equal([new TransferredLot(3, 900, D(2020, 1, 15)), new TransferredLot(1.5m, 450.25m, D(2021, 2, 1))], arriving.Lots);
        Assert.Equal(Log[4] with { Id = "" }, read[4]);
        Assert.Equal(Log[5] with { Id = "" }, read[5]);
    }

    [Fact]
    public void A_header_must_name_date_and_type_and_only_columns_of_the_format()
    {
        Assert.Equal([new ImportError(1, "header", "", "the file is empty; the first line names the columns")], new ProductCsvFormat().Parse("\r\n").Errors);
        Assert.Equal(
            [new ImportError(1, "qty", "qty", $"is not a column of this format ({string.Join(", ", Columns)})")],
            new ProductCsvFormat().Parse("date,type,qty\r\n2024-05-02,deposit,1\r\n").Errors);
        Assert.Equal([new ImportError(1, "type", "", "the header must name this column")], new ProductCsvFormat().Parse("date,amount\r\n2024-05-02,1\r\n").Errors);
    }

    [Theory]
    [InlineData("date,type,amount", "2024-05-02,swap,1", "type", "swap", "is not one of ")]
    [InlineData("date,type,symbol,quantity,price,lotMethod", "2024-05-02,sell,AAPL,1,10,oldest", "lotMethod", "oldest", "is not one of fifo, lifo, hifo, average, specific")]
    [InlineData("date,type,symbol,quantity,price,lots", "2024-05-02,sell,AAPL,1,10,tx_1", "lots", "tx_1", "must be lotId:quantity pairs separated by ;")]
    [InlineData("date,type,symbol,quantity,price,lots", "2024-05-02,sell,AAPL,1,10,:1", "lots", ":1", "must be lotId:quantity pairs separated by ;")]
    [InlineData("date,type,symbol,lots", "2024-05-02,transferIn,MSFT,", "lots", "", "a transfer in lists the lots that arrive")]
    [InlineData("date,type,symbol,lots", "2024-05-02,transferIn,MSFT,3:900", "lots", "3:900", "must be quantity:costBasis:acquiredOn triples separated by ;")]
    public void A_row_that_cannot_be_read_is_an_error_naming_its_row_column_and_value(string header, string row, string column, string value, string reason)
    {
        var parsed = new ProductCsvFormat().Parse($"{header}\r\n{row}\r\n");
        var error = Assert.Single(parsed.Errors);
        Assert.Equal((2, column, value), (error.Row, error.Column, error.Value));
        Assert.StartsWith(reason, error.Reason);
    }
}
