using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Imports;

/// <summary>
/// Fidelity's account history CSV (format <c>fidelity</c>): blank lines, then the header "Run Date,Action,Symbol,
/// Description,Type,Quantity,Price ($),Commission ($),Fees ($),Accrued Interest ($),Amount ($),Settlement Date", rows
/// newest first with a leading space before most cells, then a blank line and the disclaimer and "Date downloaded"
/// footer, each a line of quoted text. Amounts are in US dollars. The action is a phrase that starts with its kind:
/// YOU BOUGHT → buy, YOU SOLD → sell (its quantity is negative), both with Commission ($) + Fees ($) as the fee;
/// DIVIDEND RECEIVED → dividend; REINVESTMENT → a buy with the dividend's cash (the DIVIDEND RECEIVED row books the
/// income, so booking it again as a reinvestment would count it twice); INTEREST EARNED → interest; Electronic Funds
/// Transfer Received / Paid, TRANSFERRED FROM / TO → deposit (Amount &gt; 0) or withdrawal, nothing for $0.00 (an error when it
/// moved shares, whose basis the file does not give); FOREIGN TAX PAID → fee.
/// Any other action is an error naming the row.
/// </summary>
public sealed class FidelityFormat : IImportFormat
{
    private static readonly string[] Transfers = ["ELECTRONIC FUNDS TRANSFER", "TRANSFERRED FROM", "TRANSFERRED TO"];

    public string Name => "fidelity";

    public ParsedImport Parse(string content, string accountCurrency)
    {
        var collector = new ImportCollector();
        IReadOnlyDictionary<string, int>? header = null;
        foreach (var record in Csv.Read(content))
        {
            if (record.IsBlank) continue;
            if (header is null)
            {
                if (record.Fields.Count >= 11 && record.Fields[0].Trim() == "Run Date" && record.Fields[1].Trim() == "Action") header = CsvRow.Header(record);
                continue;
            }
            // The disclaimer and "Date downloaded" lines: one quoted cell of text, never a row.
            if (record.Fields.Skip(1).All(string.IsNullOrWhiteSpace)) continue;
            collector.Add(new CsvRow(record, header), Read);
        }
        if (header is null)
            collector.Error(1, "Run Date", "", "no header line Run Date,Action,Symbol,… was found: is this Fidelity's account history CSV?");
        else if (!string.Equals(accountCurrency, "USD", StringComparison.OrdinalIgnoreCase))
            collector.Error(1, "Amount ($)", "", $"Fidelity's history is in US dollars; the account is in {accountCurrency}");
        return collector.Result();
    }

    private static IEnumerable<Transaction> Read(SourceRow row)
    {
        var date = ImportValues.Date("Run Date", row.For("tradeDate", "Run Date"), "MM/dd/yyyy", "M/d/yyyy");
        var action = row.For("type", "Action");
        string Symbol() => ImportValues.Symbol("Symbol", row.For("symbol", "Symbol"));
        decimal Quantity() => Math.Abs(ImportValues.RequiredNumber("Quantity", row.For("quantity", "Quantity")));
        decimal Price() => ImportValues.RequiredNumber("Price ($)", row.For("price", "Price ($)"));
        decimal Fee() =>
            Math.Abs(ImportValues.OptionalNumber("Commission ($)", row["Commission ($)"]) ?? 0)
            + Math.Abs(ImportValues.OptionalNumber("Fees ($)", row.For("fee", "Fees ($)")) ?? 0);
        decimal Amount() => ImportValues.RequiredNumber("Amount ($)", row.For("amount", "Amount ($)"));
        bool Is(string kind) => action.StartsWith(kind, StringComparison.OrdinalIgnoreCase);

        if (Is("YOU BOUGHT")) yield return new Buy("", date, Symbol(), Quantity(), Price(), Fee());
        else if (Is("YOU SOLD")) yield return new Sell("", date, Symbol(), Quantity(), Price(), Fee());
        else if (Is("DIVIDEND RECEIVED")) yield return new CashDividend("", date, Symbol(), Amount());
        else if (Is("REINVESTMENT")) yield return new Buy("", date, Symbol(), Quantity(), Price(), Fee());
        else if (Is("INTEREST EARNED")) yield return new Interest("", date, Amount());
        else if (Transfers.Any(Is))
        {
            if (CashTransfer.Of(date, Amount()) is { } transfer) yield return transfer;
            // A transfer of no money moved nothing to book, unless it moved shares, whose basis the file does not give.
            else if (ImportValues.OptionalNumber("Quantity", row.For("quantity", "Quantity")) is { } shares && shares != 0)
                throw new ImportRowException("Quantity", row["Quantity"],
                    "a transfer of shares: their cost basis and dates are not in the file; book it as a transfer in or out (POST …/transactions) and leave this row out");
        }
        else if (Is("FOREIGN TAX PAID"))
            yield return new AccountFee("", date, Math.Abs(Amount()), row["Symbol"].Length == 0 ? null : Symbol());
        else
            throw new ImportRowException("Action", action,
                "is not a Fidelity action this import knows (YOU BOUGHT, YOU SOLD, DIVIDEND RECEIVED, REINVESTMENT, INTEREST EARNED, "
                + "Electronic Funds Transfer, TRANSFERRED FROM/TO, FOREIGN TAX PAID)");
    }
}
