using Portfolio.Application.Imports;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;
using static Portfolio.Application.Tests.Imports.Samples;

namespace Portfolio.Application.Tests.ImportRules;

/// <summary>
/// This product's own CSV: a sale names its lot method and its lots (<c>lotId:quantity</c> pairs), a transfer in its
/// arriving lots (<c>quantity:costBasis:acquiredOn</c> triples), a transfer out its quantity; a transaction's id is left
/// to the ledger (the file's <c>id</c> column is the row's source id). Each field remembers its column; a bad date,
/// type or lot names its column, the cell's text (a lot's own piece) and why.
/// </summary>
public class ProductCsvLotRules
{
    private static readonly ProductCsvFormat Format = new();

    private static ParsedImport Parse(params string[] lines) => Format.Parse(string.Join("\n", lines) + "\n");

    private const string Header = "date,type,symbol,quantity,price,fee,amount,lotMethod,lots,id";

    [Fact]
    public void Sales_and_transfers_book_their_lots_with_no_id_of_their_own_and_each_field_names_its_column()
    {
        var parsed = Parse(Header,
            "2026-03-02,sell,AAPL,5,200,1,,fifo,a1:2;a2:3,s1",
            "2026-03-03,transferIn,MSFT,,,,,,10:1500:2025-06-01;5:800:2025-07-01,t1",
            "2026-03-04,transferOut,MSFT,3,,,,,,t2");

        Assert.Empty(parsed.Errors);
        AssertRows(
        [
            Row(2, new Sell("", D(3, 2), "AAPL", 5, 200, 1, LotMethod.Fifo, [new LotSelection("a1", 2), new LotSelection("a2", 3)])),
            Row(3, new TransferIn("", D(3, 3), "MSFT", [new TransferredLot(10, 1500, new DateOnly(2025, 6, 1)), new TransferredLot(5, 800, new DateOnly(2025, 7, 1))])),
            Row(4, new TransferOut("", D(3, 4), "MSFT", 3)),
        ], parsed.Booked());
        Assert.Equal(["s1", "t1", "t2"], parsed.Rows.Select(r => r.SourceId));
        Assert.Equal("fee=fee:1 | lotMethod=lotMethod:fifo | lots=lots:a1:2;a2:3 | price=price:200 | quantity=quantity:5 | symbol=symbol:AAPL | tradeDate=date:2026-03-02 | type=type:sell",
            IbkrXml.Cells(parsed.Rows[0]));
        Assert.Equal("lots=lots:10:1500:2025-06-01;5:800:2025-07-01 | symbol=symbol:MSFT | tradeDate=date:2026-03-03 | type=type:transferIn",
            IbkrXml.Cells(parsed.Rows[1]));
    }

    [Fact]
    public void A_bad_date_an_unknown_type_and_each_unreadable_piece_of_a_lot_are_refused_by_column()
    {
        var parsed = Parse(Header,
            "2026-3-5,deposit,,,,,100,,,",
            "2026-03-06,transfer,AAPL,,,,,,,",
            "2026-03-07,sell,AAPL,2,200,,,,a1:x,",
            "2026-03-08,transferIn,MSFT,,,,,,x:1500:2025-06-01,",
            "2026-03-09,transferIn,MSFT,,,,,,10:y:2025-06-01,",
            "2026-03-10,transferIn,MSFT,,,,,,10:1500:June,");

        Assert.Empty(parsed.Rows);
        Assert.Equal(
        [
            (2, "date", "2026-3-5", "is not a date of the form yyyy-MM-dd"),
            (3, "type", "transfer", "is not one of buy, sell, dividend, reinvestment, split, stockDividend, spinOff, transferIn, transferOut, deposit, withdrawal, fee, interest"),
            (4, "lots", "x", "is not a number"),
            (5, "lots", "x", "is not a number"),
            (6, "lots", "y", "is not a number"),
            (7, "lots", "June", "is not a date of the form yyyy-MM-dd"),
        ], parsed.Refusals());
    }
}
