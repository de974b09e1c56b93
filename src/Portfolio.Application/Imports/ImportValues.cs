using System.Globalization;
using System.Text.RegularExpressions;

namespace Portfolio.Application.Imports;

/// <summary>The decimal mark of a file's numbers: a point (US and English exports) or a comma (German exports).</summary>
public enum DecimalMark { Point, Comma }

/// <summary>Cell parsing shared by the formats; each failure is an <see cref="ImportRowException"/> naming the column and value.</summary>
public static partial class ImportValues
{
    /// <summary>
    /// A number as brokers write it: <c>1234.56</c>, <c>$1,234.56</c>, <c>-$12.00</c>, <c>($12.00)</c> (negative),
    /// <c>+3</c>. Thousands separators are commas and the decimal point a dot (US exports).
    /// </summary>
    public static decimal Number(string column, string text) => Number(column, text, DecimalMark.Point);

    /// <summary>
    /// A number written with <paramref name="mark"/> as its decimal mark: <c>1,234.56</c> (point; thousands grouped by
    /// commas) or <c>1.234,56</c> (comma; thousands grouped by dots), signed and parenthesised as above.
    /// </summary>
    public static decimal Number(string column, string text, DecimalMark mark)
    {
        var t = text.Trim();
        var negative = false;
        if (t.StartsWith('(') && t.EndsWith(')')) { negative = true; t = t[1..^1].Trim(); }
        if (t.StartsWith('-')) { negative = !negative; t = t[1..].TrimStart(); }
        else if (t.StartsWith('+')) t = t[1..].TrimStart();
        if (t.StartsWith('$')) t = t[1..];
        if (t.StartsWith('-')) { negative = !negative; t = t[1..]; }
        if (mark == DecimalMark.Comma)
        {
            if (!CommaMoneyPattern().IsMatch(t)) throw new ImportRowException(column, text, "is not a number (1.234,56)");
            t = t.Replace(".", "", StringComparison.Ordinal).Replace(',', '.');
        }
        else if (!MoneyPattern().IsMatch(t)) throw new ImportRowException(column, text, "is not a number");
        if (!decimal.TryParse(t.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            throw new ImportRowException(column, text, "is not a number");
        return negative ? -value : value;
    }

    public static decimal? OptionalNumber(string column, string text, DecimalMark mark = DecimalMark.Point) =>
        string.IsNullOrWhiteSpace(text) || text.Trim() == "--" ? null : Number(column, text, mark);

    public static decimal RequiredNumber(string column, string text, DecimalMark mark = DecimalMark.Point) =>
        OptionalNumber(column, text, mark) ?? throw new ImportRowException(column, text, "is required");

    /// <summary>The row's currency must be the account's: this product books no exchange.</summary>
    public static void RequireCurrency(string column, string text, string accountCurrency)
    {
        if (text.Length > 0 && !string.Equals(text.Trim(), accountCurrency, StringComparison.OrdinalIgnoreCase))
            throw new ImportRowException(column, text, $"is not the account's currency ({accountCurrency}); convert the row or import it into an account in {text.Trim()}");
    }

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

    [GeneratedRegex(@"^(\d{1,3}(\.\d{3})+|\d+)?(,\d+)?$")]
    private static partial Regex CommaMoneyPattern();

    [GeneratedRegex(@"^[A-Z0-9.\-:^]{1,20}$")]
    private static partial Regex SymbolPattern();
}
