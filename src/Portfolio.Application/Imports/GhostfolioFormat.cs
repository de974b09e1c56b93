using System.Globalization;
using System.Text.Json;
using Portfolio.Application.Common;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Imports;

/// <summary>
/// Ghostfolio's JSON export (format <c>ghostfolio</c>): <c>{"meta": {…}, "accounts": […], "activities": [{"type",
/// "symbol", "quantity", "unitPrice", "fee", "date", "currency", "dataSource", …}], …}</c>. A row is an activity's
/// position in <c>activities</c>, from 1; a column is its property. Types: BUY → buy and SELL → sale of quantity at
/// unitPrice with fee; DIVIDEND → a dividend of quantity × unitPrice; INTEREST → interest of quantity × unitPrice (a fee
/// on either is a fee of its own); FEE → a fee of fee. ITEM and LIABILITY (valuables and debts, not securities) and any
/// other type are errors naming the row. Every activity of the file is imported, whichever Ghostfolio account it belongs
/// to: export one account to import one.
/// <para>
/// <c>date</c> is an instant. Ghostfolio records a day as that day's midnight where the user was (a German user's
/// 5 October is <c>2023-10-04T23:00:00.000Z</c>), so an instant on a whole, half or three-quarter hour with no seconds
/// is read as a local midnight: the nearest UTC midnight's date. Any other instant is a trade time, dated in New York.
/// </para>
/// </summary>
public sealed class GhostfolioFormat : IImportFormat
{
    public string Name => "ghostfolio";

    public ParsedImport Parse(string content, string accountCurrency)
    {
        var collector = new ImportCollector();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content.TrimStart('\uFEFF'), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            collector.Error((int)(e.LineNumber ?? 0) + 1, "json", "", $"is not valid JSON: {e.Message}");
            return collector.Result();
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("activities", out var activities) || activities.ValueKind != JsonValueKind.Array)
            {
                collector.Error(1, "activities", "", "no \"activities\" array was found: is this Ghostfolio's JSON export?");
                return collector.Result();
            }
            var position = 0;
            foreach (var activity in activities.EnumerateArray())
            {
                position++;
                if (activity.ValueKind != JsonValueKind.Object) collector.Error(position, "activities", activity.GetRawText(), "an activity is an object");
                else collector.Add(new JsonRow(position, activity), row => Read(row, accountCurrency));
            }
        }
        return collector.Result();
    }

    private static IEnumerable<Transaction> Read(SourceRow row, string accountCurrency)
    {
        var date = Date(row.For("tradeDate", "date"));
        var type = row.For("type", "type");
        ImportValues.RequireCurrency("currency", row["currency"], accountCurrency);
        string Symbol() => ImportValues.Symbol("symbol", row.For("symbol", "symbol"));
        decimal Number(string field, string column) => ImportValues.RequiredNumber(column, row.For(field, column));
        decimal Fee() => ImportValues.OptionalNumber("fee", row.For("fee", "fee")) ?? 0;
        decimal Amount()
        {
            var (quantity, unitPrice) = (Number("quantity", "quantity"), Number("amount", "unitPrice"));
            try { return quantity * unitPrice; }
            catch (OverflowException) { throw new ImportRowException("unitPrice", row["unitPrice"], "quantity × unitPrice is beyond the supported range"); }
        }

        switch (type)
        {
            case "BUY": yield return new Buy("", date, Symbol(), Number("quantity", "quantity"), Number("price", "unitPrice"), Fee()); break;
            case "SELL": yield return new Sell("", date, Symbol(), Number("quantity", "quantity"), Number("price", "unitPrice"), Fee()); break;
            case "DIVIDEND" or "INTEREST":
            {
                var (amount, fee) = (Amount(), Fee());
                var symbol = type == "DIVIDEND" ? Symbol() : null;
                yield return symbol is null ? new Interest("", date, amount) : new CashDividend("", date, symbol, amount);
                if (fee != 0) yield return new AccountFee("", date, fee, symbol);
                break;
            }
            // A fee of Ghostfolio's own making (data source MANUAL) names a made-up asset, not a security.
            case "FEE": yield return new AccountFee("", date, Fee(), row["symbol"].Length == 0 || row["dataSource"] == "MANUAL" ? null : Symbol()); break;
            case "ITEM" or "LIABILITY":
                throw new ImportRowException("type", type, "valuables (ITEM) and debts (LIABILITY) are not securities or cash this product books; leave the row out");
            default:
                throw new ImportRowException("type", type, "is not a Ghostfolio activity type this import knows (BUY, SELL, DIVIDEND, INTEREST, FEE)");
        }
    }

    private static DateOnly Date(string text)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            throw new ImportRowException("date", text, "is not an ISO 8601 instant (2024-06-03T00:00:00.000Z)");
        var utc = instant.ToUniversalTime();
        var localMidnight = utc.Second == 0 && utc.Millisecond == 0 && utc.Minute is 0 or 30 or 45;
        return localMidnight ? DateOnly.FromDateTime(utc.AddHours(12).UtcDateTime) : MarketClock.MarketDate(utc);
    }

    /// <summary>An activity's properties as columns; numbers in their exact decimal text.</summary>
    private sealed class JsonRow(int position, JsonElement activity) : SourceRow
    {
        public override int Line => position;

        public override string this[string column] =>
            !activity.TryGetProperty(column, out var value) ? ""
            : value.ValueKind switch
            {
                JsonValueKind.String => value.GetString()!.Trim(),
                JsonValueKind.Number => value.TryGetDecimal(out var number) ? number.ToString(CultureInfo.InvariantCulture) : value.GetRawText(),
                JsonValueKind.Null or JsonValueKind.Undefined => "",
                _ => value.GetRawText(),
            };
    }
}
