using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Imports;

/// <summary>
/// Portfolio Performance's CSV export of account or portfolio transactions (format <c>portfolio-performance</c>), in
/// English or German, whichever language the program ran in; the header's language says which:
/// <list type="bullet">
/// <item>English: Date, Type, Value, Transaction Currency, Gross Amount, Currency Gross Amount, Exchange Rate, Fees,
/// Taxes, Shares, ISIN, WKN, Ticker Symbol, Security Name, Note; numbers <c>1,234.56</c>.</item>
/// <item>German: Datum, Typ, Wert, Buchungswährung, Bruttobetrag, Währung Bruttobetrag, Wechselkurs, Gebühren, Steuern,
/// Stück, ISIN, WKN, Ticker-Symbol, Wertpapiername, Notiz; numbers <c>1.234,56</c>.</item>
/// </list>
/// Cells are separated by the locale's list separator (<c>;</c> in German, <c>,</c> or <c>;</c> in English: whichever the
/// header uses). Dates are ISO (<c>2026-01-15T00:00</c>, the time ignored). Values are signed by direction (a removal
/// or a sale below zero), so their sign is dropped and the type gives the direction. Types:
/// Buy/Kauf → buy of Shares at (Value − Fees − Taxes) / Shares with Fees + Taxes as the fee (taxes on a purchase are
/// transaction taxes); Sell/Verkauf → sale at (Value + Fees + Taxes) / Shares with Fees as the fee, and the Taxes
/// withheld a fee of their own; Dividend/Dividende → a dividend of Value + Fees + Taxes (the gross), and the fees and
/// taxes withheld a fee; Deposit/Einlage → deposit; Removal/Entnahme → withdrawal; Interest/Zinsen → interest;
/// Fees/Gebühren, Taxes/Steuern, Interest Charge/Zinsbelastung → fee; Delivery (Inbound)/Einlieferung → a transfer in
/// of Shares with Value as their basis, acquired that day; Delivery (Outbound)/Auslieferung → a transfer out. Refunds and
/// transfers between Portfolio Performance's own accounts are errors naming the type. The security is its ticker
/// symbol; the Transaction Currency must be the account's.
/// </summary>
public sealed class PortfolioPerformanceFormat : IImportFormat
{
    private sealed record Language(string Name, DecimalMark Mark, IReadOnlyDictionary<string, string> Columns, IReadOnlyDictionary<string, string> Types);

    private static readonly Language English = new("English", DecimalMark.Point,
        new Dictionary<string, string>
        {
            ["date"] = "Date", ["type"] = "Type", ["value"] = "Value", ["currency"] = "Transaction Currency", ["fees"] = "Fees",
            ["taxes"] = "Taxes", ["shares"] = "Shares", ["ticker"] = "Ticker Symbol",
        },
        new Dictionary<string, string>
        {
            ["Buy"] = "buy", ["Sell"] = "sell", ["Deposit"] = "deposit", ["Removal"] = "removal", ["Dividend"] = "dividend",
            ["Interest"] = "interest", ["Fees"] = "fees", ["Taxes"] = "taxes", ["Interest Charge"] = "fees",
            ["Delivery (Inbound)"] = "inbound", ["Delivery (Outbound)"] = "outbound",
        });

    private static readonly Language German = new("German", DecimalMark.Comma,
        new Dictionary<string, string>
        {
            ["date"] = "Datum", ["type"] = "Typ", ["value"] = "Wert", ["currency"] = "Buchungswährung", ["fees"] = "Gebühren",
            ["taxes"] = "Steuern", ["shares"] = "Stück", ["ticker"] = "Ticker-Symbol",
        },
        new Dictionary<string, string>
        {
            ["Kauf"] = "buy", ["Verkauf"] = "sell", ["Einlage"] = "deposit", ["Entnahme"] = "removal", ["Dividende"] = "dividend",
            ["Zinsen"] = "interest", ["Gebühren"] = "fees", ["Steuern"] = "taxes", ["Zinsbelastung"] = "fees",
            ["Einlieferung"] = "inbound", ["Auslieferung"] = "outbound",
        });

    public string Name => "portfolio-performance";

    public ParsedImport Parse(string content, string accountCurrency)
    {
        var collector = new ImportCollector();
        var firstLine = content.TrimStart('\uFEFF').Split('\n', 2)[0];
        var separator = firstLine.Contains(';') ? ';' : ',';
        using var records = Csv.Read(content, separator).Where(r => !r.IsBlank).GetEnumerator();
        if (!records.MoveNext())
        {
            collector.Error(1, "Date", "", "the file is empty; the first line names the columns (Date;Type;Value;… or Datum;Typ;Wert;…)");
            return collector.Result();
        }
        var header = CsvRow.Header(records.Current);
        var language = header.ContainsKey("Datum") ? German : header.ContainsKey("Date") ? English : null;
        if (language is null)
        {
            collector.Error(records.Current.Line, "Date", records.Current.Fields[0],
                "the header names neither Date (English) nor Datum (German): is this Portfolio Performance's CSV export?");
            return collector.Result();
        }
        foreach (var required in new[] { "date", "type", "value" }.Select(c => language.Columns[c]).Where(c => !header.ContainsKey(c)))
            collector.Error(records.Current.Line, required, "", $"the {language.Name} header must name this column");
        if (collector.HasErrors) return collector.Result();

        while (records.MoveNext())
            collector.Add(new CsvRow(records.Current, header), row => Read(row, language, accountCurrency));
        return collector.Result();
    }

    private static IEnumerable<Transaction> Read(SourceRow row, Language language, string accountCurrency)
    {
        string Column(string key) => language.Columns[key];
        var dateText = row.For("tradeDate", Column("date"));
        var date = ImportValues.Date(Column("date"), dateText.Split('T', ' ')[0], "yyyy-MM-dd");
        var typeText = row.For("type", Column("type"));
        var type = language.Types.GetValueOrDefault(typeText)
            ?? throw new ImportRowException(Column("type"), typeText,
                $"is not a {language.Name} Portfolio Performance type this import knows ({string.Join(", ", language.Types.Keys)})");
        ImportValues.RequireCurrency(Column("currency"), row[Column("currency")], accountCurrency);

        decimal Value(string field = "amount") => Math.Abs(ImportValues.RequiredNumber(Column("value"), row.For(field, Column("value")), language.Mark));
        decimal Optional(string key, string field) => Math.Abs(ImportValues.OptionalNumber(Column(key), row.For(field, Column(key)), language.Mark) ?? 0);
        decimal Shares() => Math.Abs(ImportValues.RequiredNumber(Column("shares"), row.For("quantity", Column("shares")), language.Mark));
        string Symbol() => ImportValues.Symbol(Column("ticker"), row.For("symbol", Column("ticker")));
        string? OptionalSymbol() => row[Column("ticker")].Length == 0 ? null : Symbol();

        switch (type)
        {
            case "buy":
            {
                var (value, fees, taxes, shares) = (Value("price"), Optional("fees", "fee"), Optional("taxes", "taxes"), Shares());
                yield return new Buy("", date, Symbol(), shares, Price(value - fees - taxes, shares, Column("shares")), fees + taxes);
                break;
            }
            case "sell":
            {
                var (value, fees, taxes, shares) = (Value("price"), Optional("fees", "fee"), Optional("taxes", "taxes"), Shares());
                var symbol = Symbol();
                yield return new Sell("", date, symbol, shares, Price(value + fees + taxes, shares, Column("shares")), fees);
                if (taxes > 0) yield return new AccountFee("", date, taxes, symbol);
                break;
            }
            case "dividend":
            {
                var (value, fees, taxes) = (Value(), Optional("fees", "fee"), Optional("taxes", "taxes"));
                var symbol = Symbol();
                yield return new CashDividend("", date, symbol, value + fees + taxes);
                if (fees + taxes > 0) yield return new AccountFee("", date, fees + taxes, symbol);
                break;
            }
            case "deposit": yield return new Deposit("", date, Value()); break;
            case "removal": yield return new Withdrawal("", date, Value()); break;
            case "interest": yield return new Interest("", date, Value()); break;
            case "fees" or "taxes": yield return new AccountFee("", date, Value(), OptionalSymbol()); break;
            case "inbound":
            {
                var (value, shares) = (Value("lots"), Shares());
                yield return new TransferIn("", date, Symbol(), [new TransferredLot(shares, value, date)]);
                break;
            }
            default: yield return new TransferOut("", date, Symbol(), Shares()); break;
        }
    }

    /// <summary>The price per share a total and a share count give, to 10 decimal places (the basis is the total's, to within a share count × 10^-10).</summary>
    private static decimal Price(decimal total, decimal shares, string sharesColumn)
    {
        if (shares == 0) throw new ImportRowException(sharesColumn, "0", "must be above zero");
        try { return Math.Round(total / shares, 10, MidpointRounding.AwayFromZero); }
        catch (OverflowException) { throw new ImportRowException(sharesColumn, shares.ToString(System.Globalization.CultureInfo.InvariantCulture), "gives a price per share beyond the supported range"); }
    }
}
