using Portfolio.Application.Imports;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.Imports;

/// <summary>
/// The product's own CSV for the transaction types <see cref="ProductCsvFormatTests"/> leaves out: dividends, reinvestments,
/// stock dividends, spin-offs and splits with cash in lieu, transfers out, withdrawals, fees on a symbol and interest.
/// Each is written in its own columns, and reading the file back gives the same transactions.
/// </summary>
public class ProductCsvCorporateActionTests
{
    private static readonly string[] Columns = ProductCsvFormat.Columns;
    private static DateOnly D(int month, int day) => new(2024, month, day);

    private static string Line(params (string Column, string Value)[] cells) =>
        string.Join(',', Columns.Select(c => cells.FirstOrDefault(x => x.Column == c).Value ?? ""));

    private static readonly Transaction[] Log =
    [
        new CashDividend("tx_1", D(3, 1), "AAPL", 12.5m),
        new DividendReinvestment("tx_2", D(3, 2), "AAPL", 0.25m, 180m),
        new Split("tx_3", D(3, 3), "AAPL", 3, 2, 181.5m),
        new StockDividend("tx_4", D(3, 4), "AAPL", 0.05m, 182m),
        new SpinOff("tx_5", D(3, 5), "AAPL", "NEWCO", 0.1m, 175m, 25m, 24.5m),
        new TransferOut("tx_6", D(3, 6), "AAPL", 2, LotMethod.SpecificId, [new LotSelection("tx_2", 0.25m), new LotSelection("lot/1", 1.75m)]),
        new TransferOut("tx_7", D(3, 7), "NEWCO", 1, LotMethod.Hifo),
        new Withdrawal("tx_8", D(3, 8), 300m),
        new AccountFee("tx_9", D(3, 9), 4.95m, "AAPL"),
        new Interest("tx_10", D(3, 10), 0.37m),
    ];

    private static readonly string Text = string.Join("\r\n",
        string.Join(',', Columns),
        Line(("date", "2024-03-01"), ("type", "dividend"), ("symbol", "AAPL"), ("amount", "12.5"), ("id", "tx_1")),
        Line(("date", "2024-03-02"), ("type", "reinvestment"), ("symbol", "AAPL"), ("quantity", "0.25"), ("price", "180"), ("id", "tx_2")),
        Line(("date", "2024-03-03"), ("type", "split"), ("symbol", "AAPL"), ("newShares", "3"), ("oldShares", "2"), ("cashInLieuPrice", "181.5"), ("id", "tx_3")),
        Line(("date", "2024-03-04"), ("type", "stockDividend"), ("symbol", "AAPL"), ("sharesPerShare", "0.05"), ("cashInLieuPrice", "182"), ("id", "tx_4")),
        Line(("date", "2024-03-05"), ("type", "spinOff"), ("symbol", "AAPL"), ("sharesPerShare", "0.1"), ("newSymbol", "NEWCO"), ("parentPrice", "175"), ("newPrice", "25"), ("cashInLieuPrice", "24.5"), ("id", "tx_5")),
        Line(("date", "2024-03-06"), ("type", "transferOut"), ("symbol", "AAPL"), ("quantity", "2"), ("lotMethod", "specific"), ("lots", "tx_2:0.25;lot/1:1.75"), ("id", "tx_6")),
        Line(("date", "2024-03-07"), ("type", "transferOut"), ("symbol", "NEWCO"), ("quantity", "1"), ("lotMethod", "hifo"), ("id", "tx_7")),
        Line(("date", "2024-03-08"), ("type", "withdrawal"), ("amount", "300"), ("id", "tx_8")),
        Line(("date", "2024-03-09"), ("type", "fee"), ("symbol", "AAPL"), ("amount", "4.95"), ("id", "tx_9")),
        Line(("date", "2024-03-10"), ("type", "interest"), ("amount", "0.37"), ("id", "tx_10"))) + "\r\n";

    [Fact]
    public void Each_type_is_written_in_its_own_columns()
    {
        Assert.Equal(Text, ProductCsvFormat.Write(Log));
    }

    [Fact]
    public void Reading_them_back_gives_the_same_transactions()
    {
        var parsed = new ProductCsvFormat().Parse(Text);

        Assert.Empty(parsed.Errors);
        Assert.Equal(Log.Select(t => t.Id), parsed.Rows.Select(r => r.SourceId));
        var read = parsed.Rows.Select(r => r.Transaction).ToList();
        foreach (var i in new[] { 0, 1, 2, 3, 4, 7, 8, 9 }) Assert.Equal(Log[i] with { Id = "" }, read[i]);
        var specific = Assert.IsType<TransferOut>(read[5]);
        Assert.Equal((D(3, 6), "AAPL", 2m, (LotMethod?)LotMethod.SpecificId), (specific.TradeDate, specific.Symbol, specific.Quantity, specific.Method));
        Assert.Equal([new LotSelection("tx_2", 0.25m), new LotSelection("lot/1", 1.75m)], specific.Lots!);
        var hifo = Assert.IsType<TransferOut>(read[6]);
        Assert.Equal((D(3, 7), "NEWCO", 1m, (LotMethod?)LotMethod.Hifo, (IReadOnlyList<LotSelection>?)null), (hifo.TradeDate, hifo.Symbol, hifo.Quantity, hifo.Method, hifo.Lots));
    }

    [Fact]
    public void A_fee_without_a_symbol_is_an_account_fee()
    {
        var parsed = new ProductCsvFormat().Parse("date,type,symbol,amount\r\n2024-03-09,fee,,4.95\r\n");

        Assert.Equal(new AccountFee("", D(3, 9), 4.95m), Assert.Single(parsed.Rows).Transaction);
    }
}
