using System.Globalization;
using System.Text.RegularExpressions;

namespace Portfolio.Application.Imports;

/// <summary>Cell parsing shared by the formats; each failure is an <see cref="ImportRowException"/> naming the column and value.</summary>
public static partial class ImportValues
{
    /// <summary>
    /// A number as brokers write it: <c>1234.56</c>, <c>$1,234.56</c>, <c>-$12.00</c>, <c>($12.00)</c> (negative),
    /// <c>+3</c>. Thousands separators are commas and the decimal point a dot (US exports).
    /// </summary>
    public static decimal Number(string column, string text)
    {
        var t = text.Trim();
        var negative = false;
        if (t.StartsWith('(') && t.EndsWith(')')) { negative = true; t = t[1..^1].Trim(); }
        if (t.StartsWith('-')) { negative = !negative; t = t[1..].TrimStart(); }
        else if (t.StartsWith('+')) t = t[1..].TrimStart();
        if (t.StartsWith('$')) t = t[1..];
        if (t.StartsWith('-')) { negative = !negative; t = t[1..]; }
        if (!MoneyPattern().IsMatch(t)
            || !decimal.TryParse(t.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            throw new ImportRowException(column, text, "is not a number");
        return negative ? -value : value;
    }

    public static decimal? OptionalNumber(string column, string text) =>
        string.IsNullOrWhiteSpace(text) || text.Trim() == "--" ? null : Number(column, text);

    public static decimal RequiredNumber(string column, string text) =>
        OptionalNumber(column, text) ?? throw new ImportRowException(column, text, "is required");

    public static DateOnly Date(string column, string text, params string[] formats)
    {
        if (DateOnly.TryParseExact(text.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        throw new ImportRowException(column, text, $"is not a date of the form {string.Join(" or ", formats)}");
    }

    /// <summary>A symbol as this product accepts it: 1 to 20 letters, digits or . - : ^, upper-cased.</summary>
    public static string Symbol(string column, string text)
    {
        var symbol = text.Trim().ToUpperInvariant();
        if (symbol.Length == 0) throw new ImportRowException(column, text, "is required");
        return SymbolPattern().IsMatch(symbol) ? symbol : throw new ImportRowException(column, text, "must be 1 to 20 letters, digits or . - : ^");
    }

    [GeneratedRegex(@"^(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$")]
    private static partial Regex MoneyPattern();

    [GeneratedRegex(@"^[A-Z0-9.\-:^]{1,20}$")]
    private static partial Regex SymbolPattern();
}

/// <summary>A CSV row by header name (case-insensitive), remembering what each transaction field was read from.</summary>
public sealed class CsvRow(CsvRecord record, IReadOnlyDictionary<string, int> header)
{
    private readonly Dictionary<string, ImportCell> cells = new(StringComparer.Ordinal);

    public int Line => record.Line;

    public string this[string column] =>
        header.TryGetValue(column, out var i) && i < record.Fields.Count ? record.Fields[i].Trim() : "";

    /// <summary>Notes that transaction field <paramref name="field"/> comes from <paramref name="column"/>; answers the cell's text.</summary>
    public string For(string field, string column)
    {
        var value = this[column];
        cells[field] = new ImportCell(column, value);
        return value;
    }

    public IReadOnlyDictionary<string, ImportCell> Cells => cells;

    public static IReadOnlyDictionary<string, int> Header(CsvRecord record) =>
        record.Fields.Select((name, i) => (name: name.Trim(), i)).Where(c => c.name.Length > 0)
            .GroupBy(c => c.name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().i, StringComparer.OrdinalIgnoreCase);
}
