using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Imports;

/// <summary>
/// Schwab's transaction history CSV (format <c>schwab</c>): columns "Date","Action","Symbol","Description","Quantity",
/// "Price","Fees &amp; Comm","Amount", newest first, money as <c>$1,234.56</c> or <c>-$12.00</c>, a trailing
/// "Transactions Total" row and sometimes a title line before the header. A date <c>01/15/2026 as of 01/14/2026</c>
/// was posted late: the transaction happened on the "as of" date. Actions map to: Buy → buy; Sell → sell; Reinvest
/// Shares → buy (Schwab books the dividend as its own row first, so the reinvestment spends cash rather than
/// recording the income a second time); Qualified Dividend, Cash Dividend, Non-Qualified Div, Reinvest Dividend, Special Dividend,
/// Pr Yr Div Reinvest → dividend (the cash that a Reinvest Shares row then spends); Bank Interest, Credit Interest →
/// interest; MoneyLink Transfer, Wire Funds, Wire Sent, Funds Received, Journal, MoneyLink Deposit → deposit (amount &gt; 0)
/// or withdrawal; Service Fee, ADR Mgmt Fee, Foreign Tax Paid, Margin Interest → fee. Any other action (a Stock Split,
/// whose ratio the file does not give, among them) is an error naming the row.
/// </summary>
public sealed class SchwabFormat : IImportFormat
{
    private static readonly string[] Dividends = ["Qualified Dividend", "Cash Dividend", "Non-Qualified Div", "Reinvest Dividend", "Special Dividend", "Pr Yr Div Reinvest"];
    private static readonly string[] Transfers = ["MoneyLink Transfer", "Wire Funds", "Wire Sent", "Funds Received", "Journal", "MoneyLink Deposit"];
    private static readonly string[] Fees = ["Service Fee", "ADR Mgmt Fee", "Foreign Tax Paid", "Margin Interest"];

    public string Name => "schwab";

    public ParsedImport Parse(string content, string accountCurrency = "USD")
    {
        var rows = new List<ImportRow>();
        var errors = new List<ImportError>();
        IReadOnlyDictionary<string, int>? header = null;
        foreach (var record in Csv.Read(content))
        {
            if (record.IsBlank) continue;
            if (header is null)
            {
                if (record.Fields.Count >= 8 && record.Fields[0].Trim() == "Date" && record.Fields[1].Trim() == "Action") header = CsvRow.Header(record);
                continue; // a title line before the header
            }
            if (record.Fields[0].Trim().StartsWith("Transactions Total", StringComparison.OrdinalIgnoreCase)) continue;
            var row = new CsvRow(record, header);
            try { if (Read(row) is { } transaction) rows.Add(new ImportRow(row.Line, transaction, row.Cells)); }
            catch (ImportRowException e) { errors.Add(new ImportError(row.Line, e.Column, e.Value, e.Reason)); }
        }
        if (header is null) errors.Add(new ImportError(1, "Date", "", "no header line \"Date\",\"Action\",\"Symbol\",… was found: is this Schwab's transaction history CSV?"));
        return new ParsedImport(rows, errors);
    }

    /// <summary>The row's transaction; null for a transfer of no money (a $0.00 journal entry), which moved nothing to book.</summary>
    private static Transaction? Read(CsvRow row)
    {
        var dateText = row.For("tradeDate", "Date");
        var asOf = dateText.IndexOf(" as of ", StringComparison.Ordinal);
        var date = ImportValues.Date("Date", asOf >= 0 ? dateText[(asOf + 7)..] : dateText, "MM/dd/yyyy");
        var action = row.For("type", "Action");
        string Symbol() => ImportValues.Symbol("Symbol", row.For("symbol", "Symbol"));
        decimal Quantity() => Math.Abs(ImportValues.RequiredNumber("Quantity", row.For("quantity", "Quantity")));
        decimal Price() => ImportValues.RequiredNumber("Price", row.For("price", "Price"));
        decimal Fee() => Math.Abs(ImportValues.OptionalNumber("Fees & Comm", row.For("fee", "Fees & Comm")) ?? 0);
        decimal Amount() => ImportValues.RequiredNumber("Amount", row.For("amount", "Amount"));

        if (action == "Buy") return new Buy("", date, Symbol(), Quantity(), Price(), Fee());
        if (action == "Sell") return new Sell("", date, Symbol(), Quantity(), Price(), Fee());
        if (action == "Reinvest Shares") return new Buy("", date, Symbol(), Quantity(), Price(), Fee());
        if (Dividends.Contains(action)) return new CashDividend("", date, Symbol(), Amount());
        if (action is "Bank Interest" or "Credit Interest") return new Interest("", date, Amount());
        if (Transfers.Contains(action)) return CashTransfer.Of(date, Amount());
        if (Fees.Contains(action))
            return new AccountFee("", date, Math.Abs(Amount()), row["Symbol"].Length == 0 ? null : Symbol());
        throw new ImportRowException("Action", action, action == "Stock Split"
            ? "a stock split's ratio is not in the file: book it as a split (POST …/transactions) and leave this row out"
            : "is not a Schwab action this import knows (Buy, Sell, Reinvest Shares, dividends, interest, transfers, fees)");
    }
}
