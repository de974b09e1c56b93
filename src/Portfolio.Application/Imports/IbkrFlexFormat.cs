using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Imports;

/// <summary>
/// Interactive Brokers' Flex Query XML (format <c>ibkr-flex</c>): <c>FlexQueryResponse/FlexStatements/FlexStatement</c>
/// holding, in any order, <c>Trades/Trade</c>, <c>CashTransactions/CashTransaction</c> and
/// <c>CorporateActions/CorporateAction</c>, each an element whose attributes are its fields. A row is named by its
/// element's line. Dates are the Flex settings' <c>yyyyMMdd</c> (the default), <c>yyyy-MM-dd</c> or <c>MM/dd/yyyy</c>, a
/// date-time the date and a time after <c>;</c>, <c>,</c> or a space.
/// <list type="bullet">
/// <item><c>Trade</c> of asset category STK (stocks and ETFs): buySell BUY → buy, SELL → sell; |quantity| shares at
/// tradePrice, |ibCommission| the fee, dated tradeDate (else dateTime). Other asset categories (options, futures,
/// forex) are errors naming <c>assetCategory</c>.</item>
/// <item><c>CashTransaction</c> by type: Dividends, Payment In Lieu Of Dividends → dividend; Withholding Tax, Other
/// Fees, Broker Interest Paid, Commission Adjustments → fee; Broker Interest Received, Bond Interest Received →
/// interest; Deposits/Withdrawals (Deposits &amp; Withdrawals) → deposit or withdrawal by the amount's sign. A reversal
/// (a dividend or interest below zero, a tax or fee above zero) is an error naming <c>amount</c>. Rows whose
/// levelOfDetail is SUMMARY repeat the detail rows' sum and are not rows.</item>
/// <item><c>CorporateAction</c> FS (forward split) and RS (reverse split): the ratio "SPLIT n FOR m" of the description
/// is a split of n new shares for m old. IBKR writes a reverse split as the old shares removed (quantity below zero)
/// and the new ones added; the added row books the split, the removal belongs to it. Other types are errors naming
/// <c>type</c>.</item>
/// </list>
/// Each row's currency must be the account's.
/// </summary>
public sealed partial class IbkrFlexFormat : IImportFormat
{
    private static readonly string[] DateFormats = ["yyyyMMdd", "yyyy-MM-dd", "MM/dd/yyyy"];

    public string Name => "ibkr-flex";

    public ParsedImport Parse(string content, string accountCurrency)
    {
        var collector = new ImportCollector();
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(new StringReader(content.TrimStart('\uFEFF')), settings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            collector.Error(e.LineNumber, "xml", "", $"is not well-formed XML: {e.Message}");
            return collector.Result();
        }
        var statements = document.Root?.Name.LocalName == "FlexQueryResponse"
            ? document.Root.Elements("FlexStatements").Elements("FlexStatement").ToList()
            : [];
        if (statements.Count == 0)
        {
            collector.Error(1, "FlexQueryResponse", document.Root?.Name.LocalName ?? "",
                "no FlexQueryResponse/FlexStatements/FlexStatement was found: is this an Interactive Brokers Flex Query XML?");
            return collector.Result();
        }
        foreach (var statement in statements)
        {
            foreach (var trade in statement.Elements("Trades").Elements("Trade"))
                collector.Add(new XmlRow(trade), row => [Trade(row, accountCurrency)]);
            foreach (var cash in statement.Elements("CashTransactions").Elements("CashTransaction"))
                if (!string.Equals((string?)cash.Attribute("levelOfDetail"), "SUMMARY", StringComparison.OrdinalIgnoreCase))
                    collector.Add(new XmlRow(cash), row => [Cash(row, accountCurrency)]);
            var actions = statement.Elements("CorporateActions").Elements("CorporateAction").ToList();
            foreach (var action in actions)
                collector.Add(new XmlRow(action), row => CorporateAction(row, action, accountCurrency, actions));
        }
        return collector.Result();
    }

    private static Transaction Trade(SourceRow row, string currency)
    {
        ImportValues.RequireCurrency("currency", row["currency"], currency);
        var category = row["assetCategory"];
        if (category.Length > 0 && category != "STK")
            throw new ImportRowException("assetCategory", category, "only stocks and ETFs (STK) can be booked; options, futures, bonds and forex cannot");
        var date = row["tradeDate"].Length > 0 ? Date(row, "tradeDate") : Date(row, "dateTime");
        var symbol = ImportValues.Symbol("symbol", row.For("symbol", "symbol"));
        var quantity = Math.Abs(ImportValues.RequiredNumber("quantity", row.For("quantity", "quantity")));
        var price = ImportValues.RequiredNumber("tradePrice", row.For("price", "tradePrice"));
        var fee = Math.Abs(ImportValues.OptionalNumber("ibCommission", row.For("fee", "ibCommission")) ?? 0);
        var side = row.For("type", "buySell");
        return side.ToUpperInvariant() switch
        {
            "BUY" => new Buy("", date, symbol, quantity, price, fee),
            "SELL" => new Sell("", date, symbol, quantity, price, fee),
            _ => throw new ImportRowException("buySell", side, "must be BUY or SELL"),
        };
    }

    private static Transaction Cash(SourceRow row, string currency)
    {
        ImportValues.RequireCurrency("currency", row["currency"], currency);
        var date = Date(row, ActionDateColumn(row));
        var type = row.For("type", "type");
        var amount = ImportValues.RequiredNumber("amount", row.For("amount", "amount"));
        string? Symbol() => row["symbol"].Length == 0 ? null : ImportValues.Symbol("symbol", row.For("symbol", "symbol"));
        decimal Credit() => amount > 0 ? amount : throw new ImportRowException("amount", row["amount"], $"a {type} row below zero is a reversal, which cannot be booked; book the correction by hand");
        decimal Debit() => amount < 0 ? -amount : throw new ImportRowException("amount", row["amount"], $"a {type} row above zero is a refund, which cannot be booked; book the correction by hand");
        return type switch
        {
            "Dividends" or "Payment In Lieu Of Dividends" =>
                new CashDividend("", date, Symbol() ?? throw new ImportRowException("symbol", "", "a dividend names its symbol"), Credit()),
            "Withholding Tax" or "Other Fees" or "Broker Interest Paid" or "Commission Adjustments" => new AccountFee("", date, Debit(), Symbol()),
            "Broker Interest Received" or "Bond Interest Received" => new Interest("", date, Credit()),
            "Deposits/Withdrawals" or "Deposits & Withdrawals" => amount >= 0 ? new Deposit("", date, amount) : new Withdrawal("", date, -amount),
            _ => throw new ImportRowException("type", type,
                "is not a cash transaction type this import knows (Dividends, Payment In Lieu Of Dividends, Withholding Tax, Deposits/Withdrawals, "
                + "Broker Interest Received, Broker Interest Paid, Bond Interest Received, Other Fees, Commission Adjustments)"),
        };
    }

    private static IEnumerable<Transaction> CorporateAction(SourceRow row, XElement element, string currency, IReadOnlyList<XElement> actions)
    {
        ImportValues.RequireCurrency("currency", row["currency"], currency);
        var type = row.For("type", "type");
        if (type is not ("FS" or "RS"))
            throw new ImportRowException("type", type, "only forward (FS) and reverse (RS) splits can be booked from the file; book other corporate actions with POST …/transactions");
        var date = Date(row, ActionDateColumn(row));
        var description = row.For("newShares", "description");
        var ratio = SplitRatio().Match(description);
        if (!ratio.Success) throw new ImportRowException("description", description, "does not give the split's ratio as \"SPLIT n FOR m\"");
        var quantity = ImportValues.RequiredNumber("quantity", row["quantity"]);
        if (quantity < 0)
        {
            // The old shares leaving in a reverse split: the row of the same split adding the new shares books it.
            var companion = actions.Any(a => (string?)a.Attribute("type") == type && Day(a) == Day(element)
                && SplitRatio().Match((string?)a.Attribute("description") ?? "").Value == ratio.Value
                && decimal.TryParse((string?)a.Attribute("quantity"), NumberStyles.Number, CultureInfo.InvariantCulture, out var q) && q > 0);
            if (!companion) throw new ImportRowException("quantity", row["quantity"], "removes shares, and no row of the same split adds the new ones");
            yield break;
        }
        var symbol = ImportValues.Symbol("symbol", row.For("symbol", "symbol"));
        yield return new Split("", date, symbol, Number(ratio.Groups["new"].Value), Number(ratio.Groups["old"].Value));
    }

    /// <summary>The column a cash transaction or corporate action is dated by: dateTime, else (missing or empty) reportDate.</summary>
    private static string ActionDateColumn(SourceRow row) => row["dateTime"].Length > 0 ? "dateTime" : "reportDate";

    /// <summary>The day an action is dated by, as text: the part of its date column that <see cref="Date"/> parses.</summary>
    private static string Day(XElement action)
    {
        var row = new XmlRow(action);
        return DayPart(row[ActionDateColumn(row)]);
    }

    /// <summary>A date column's day: the text before any time (after ';', ',' or a space).</summary>
    private static string DayPart(string text) => text.Split(';', ',', ' ')[0];

    private static decimal Number(string text) => decimal.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private static DateOnly Date(SourceRow row, string column)
    {
        return ImportValues.Date(column, DayPart(row.For("tradeDate", column)), DateFormats);
    }

    [GeneratedRegex(@"SPLIT (?<new>\d+(\.\d+)?) FOR (?<old>\d+(\.\d+)?)", RegexOptions.IgnoreCase)]
    private static partial Regex SplitRatio();

    /// <summary>An element's attributes as columns, named by the element's line.</summary>
    private sealed class XmlRow(XElement element) : SourceRow
    {
        public override int Line => element is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;

        public override string this[string column] => ((string?)element.Attribute(column))?.Trim() ?? "";
    }
}
