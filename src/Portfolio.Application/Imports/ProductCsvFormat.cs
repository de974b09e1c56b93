using System.Text;
using Portfolio.Application.Ledger;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Imports;

/// <summary>
/// This product's own CSV (format <c>csv</c>), the one the CSV export writes: a header line, then one transaction per
/// line in booking order. Columns (any order, names case-insensitive, unknown ones refused):
/// <c>date</c> (yyyy-MM-dd), <c>type</c> (the API's transaction types), <c>symbol</c>, <c>quantity</c>, <c>price</c>,
/// <c>fee</c>, <c>amount</c>, <c>lotMethod</c>, <c>lots</c>, <c>newShares</c>, <c>oldShares</c>, <c>sharesPerShare</c>,
/// <c>newSymbol</c>, <c>parentPrice</c>, <c>newPrice</c>, <c>cashInLieuPrice</c>, <c>id</c>. <c>lots</c> of a sale or
/// transfer out is <c>lotId:quantity</c> pairs, of a transfer in <c>quantity:costBasis:acquiredOn</c> triples, separated
/// by <c>;</c>. <c>id</c> is the transaction's id in the exporting account: sales naming lots by id are pointed at the
/// lots the import opens in their place.
/// </summary>
public sealed class ProductCsvFormat : IImportFormat
{
    public static readonly string[] Columns =
        ["date", "type", "symbol", "quantity", "price", "fee", "amount", "lotMethod", "lots", "newShares", "oldShares",
         "sharesPerShare", "newSymbol", "parentPrice", "newPrice", "cashInLieuPrice", "id"];

    public static readonly IReadOnlyDictionary<string, LotMethod> LotMethods = new Dictionary<string, LotMethod>
    {
        ["fifo"] = LotMethod.Fifo, ["lifo"] = LotMethod.Lifo, ["hifo"] = LotMethod.Hifo, ["average"] = LotMethod.AverageCost, ["specific"] = LotMethod.SpecificId,
    };

    public string Name => "csv";

    public ParsedImport Parse(string content, string accountCurrency = "USD")
    {
        var rows = new List<ImportRow>();
        var errors = new List<ImportError>();
        using var records = Csv.Read(content).Where(r => !r.IsBlank).GetEnumerator();
        if (!records.MoveNext()) return new ParsedImport(rows, [new ImportError(1, "header", "", "the file is empty; the first line names the columns")]);
        var header = CsvRow.Header(records.Current);
        foreach (var name in header.Keys.Where(n => !Columns.Contains(n, StringComparer.OrdinalIgnoreCase)))
            errors.Add(new ImportError(records.Current.Line, name, name, $"is not a column of this format ({string.Join(", ", Columns)})"));
        foreach (var required in new[] { "date", "type" }.Where(c => !header.ContainsKey(c)))
            errors.Add(new ImportError(records.Current.Line, required, "", "the header must name this column"));
        if (errors.Count > 0) return new ParsedImport(rows, errors);

        while (records.MoveNext())
        {
            var row = new CsvRow(records.Current, header);
            try
            {
                var transaction = Read(row);
                rows.Add(new ImportRow(row.Line, transaction, row.Cells, row["id"] is { Length: > 0 } id ? id : null));
            }
            catch (ImportRowException e)
            {
                errors.Add(new ImportError(row.Line, e.Column, e.Value, e.Reason));
            }
        }
        return new ParsedImport(rows, errors);
    }

    private static Transaction Read(CsvRow row)
    {
        var date = ImportValues.Date("date", row.For("tradeDate", "date"), "yyyy-MM-dd");
        var type = row.For("type", "type");
        string Symbol(string field = "symbol") => ImportValues.Symbol(field, row.For(field, field));
        decimal Number(string field) => ImportValues.RequiredNumber(field, row.For(field, field));
        decimal? Optional(string field) => ImportValues.OptionalNumber(field, row.For(field, field));
        return type switch
        {
            "buy" => new Buy("", date, Symbol(), Number("quantity"), Number("price"), Optional("fee") ?? 0),
            "sell" => new Sell("", date, Symbol(), Number("quantity"), Number("price"), Optional("fee") ?? 0, Method(row), Selections(row)),
            "dividend" => new CashDividend("", date, Symbol(), Number("amount")),
            "reinvestment" => new DividendReinvestment("", date, Symbol(), Number("quantity"), Number("price")),
            "split" => new Split("", date, Symbol(), Number("newShares"), Number("oldShares"), Optional("cashInLieuPrice")),
            "stockDividend" => new StockDividend("", date, Symbol(), Number("sharesPerShare"), Optional("cashInLieuPrice")),
            "spinOff" => new SpinOff("", date, Symbol(), Symbol("newSymbol"), Number("sharesPerShare"), Number("parentPrice"), Number("newPrice"), Optional("cashInLieuPrice")),
            "transferIn" => new TransferIn("", date, Symbol(), ArrivingLots(row)),
            "transferOut" => new TransferOut("", date, Symbol(), Number("quantity"), Method(row), Selections(row)),
            "deposit" => new Deposit("", date, Number("amount")),
            "withdrawal" => new Withdrawal("", date, Number("amount")),
            "fee" => new AccountFee("", date, Number("amount"), row["symbol"].Length == 0 ? null : Symbol()),
            "interest" => new Interest("", date, Number("amount")),
            _ => throw new ImportRowException("type", type, $"is not one of {string.Join(", ", TransactionJson.Types.Keys)}"),
        };
    }

    private static LotMethod? Method(CsvRow row) =>
        row.For("lotMethod", "lotMethod") is { Length: > 0 } text
            ? LotMethods.TryGetValue(text.ToLowerInvariant(), out var method)
                ? method
                : throw new ImportRowException("lotMethod", text, $"is not one of {string.Join(", ", LotMethods.Keys)}")
            : null;

    private static IReadOnlyList<LotSelection>? Selections(CsvRow row)
    {
        var text = row.For("lots", "lots");
        if (text.Length == 0) return null;
        return text.Split(';').Select(pair =>
        {
            var parts = pair.Split(':');
            if (parts.Length != 2 || parts[0].Trim().Length == 0)
                throw new ImportRowException("lots", text, "must be lotId:quantity pairs separated by ;");
            return new LotSelection(parts[0].Trim(), ImportValues.Number("lots", parts[1]));
        }).ToList();
    }

    private static IReadOnlyList<TransferredLot> ArrivingLots(CsvRow row)
    {
        var text = row.For("lots", "lots");
        if (text.Length == 0) throw new ImportRowException("lots", text, "a transfer in lists the lots that arrive");
        return text.Split(';').Select(triple =>
        {
            var parts = triple.Split(':');
            if (parts.Length != 3) throw new ImportRowException("lots", text, "must be quantity:costBasis:acquiredOn triples separated by ;");
            return new TransferredLot(ImportValues.Number("lots", parts[0]), ImportValues.Number("lots", parts[1]), ImportValues.Date("lots", parts[2], "yyyy-MM-dd"));
        }).ToList();
    }

    /// <summary>The export: the header, then each transaction in the order given (booking order), importable again by <see cref="Parse"/>.</summary>
    public static string Write(IEnumerable<Transaction> transactions)
    {
        var text = new StringBuilder().Append(Csv.Line(Columns)).Append("\r\n");
        foreach (var transaction in transactions) text.Append(Csv.Line(Cells(transaction))).Append("\r\n");
        return text.ToString();
    }

    private static string[] Cells(Transaction t)
    {
        var c = new string[Columns.Length];
        Array.Fill(c, "");
        void Set(string column, string value) => c[Array.IndexOf(Columns, column)] = value;
        void Num(string column, decimal? value) { if (value is { } v) Set(column, Csv.Number(v)); }
        Set("date", t.TradeDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Set("type", TransactionJson.TypeName(t));
        Set("id", t.Id);
        switch (t)
        {
            case Buy b: Set("symbol", b.Symbol); Num("quantity", b.Quantity); Num("price", b.Price); Num("fee", b.Fee); break;
            case Sell s:
                Set("symbol", s.Symbol); Num("quantity", s.Quantity); Num("price", s.Price); Num("fee", s.Fee);
                Methods(s.Method, s.Lots);
                break;
            case CashDividend d: Set("symbol", d.Symbol); Num("amount", d.Amount); break;
            case DividendReinvestment r: Set("symbol", r.Symbol); Num("quantity", r.Quantity); Num("price", r.Price); break;
            case Split s: Set("symbol", s.Symbol); Num("newShares", s.NewShares); Num("oldShares", s.OldShares); Num("cashInLieuPrice", s.CashInLieuPrice); break;
            case StockDividend d: Set("symbol", d.Symbol); Num("sharesPerShare", d.SharesPerShare); Num("cashInLieuPrice", d.CashInLieuPrice); break;
            case SpinOff s:
                Set("symbol", s.Symbol); Set("newSymbol", s.NewSymbol); Num("sharesPerShare", s.SharesPerShare);
                Num("parentPrice", s.ParentPrice); Num("newPrice", s.NewPrice); Num("cashInLieuPrice", s.CashInLieuPrice);
                break;
            case TransferIn i:
                Set("symbol", i.Symbol);
                Set("lots", string.Join(';', i.Lots.Select(l => $"{Csv.Number(l.Quantity)}:{Csv.Number(l.CostBasis)}:{l.AcquiredOn:yyyy-MM-dd}")));
                break;
            case TransferOut o: Set("symbol", o.Symbol); Num("quantity", o.Quantity); Methods(o.Method, o.Lots); break;
            case Deposit d: Num("amount", d.Amount); break;
            case Withdrawal w: Num("amount", w.Amount); break;
            case AccountFee f: Set("symbol", f.Symbol ?? ""); Num("amount", f.Amount); break;
            case Interest i: Num("amount", i.Amount); break;
        }
        return c;

        void Methods(LotMethod? method, IReadOnlyList<LotSelection>? lots)
        {
            if (method is { } m) Set("lotMethod", LotMethods.First(kv => kv.Value == m).Key);
            if (lots is not null) Set("lots", string.Join(';', lots.Select(l => $"{l.LotId}:{Csv.Number(l.Quantity)}")));
        }
    }
}
