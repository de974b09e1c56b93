using System.Globalization;
using System.Text;

namespace Portfolio.Application.Imports;

/// <summary>One record of a CSV file and the line it starts on (1-based), which import errors name as the row.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields)
{
    public bool IsBlank => Fields.All(string.IsNullOrWhiteSpace);
}

/// <summary>
/// RFC 4180 CSV: fields separated by commas, optionally quoted, a quote inside a quoted field doubled, line breaks
/// (CRLF or LF) inside quotes kept. A byte-order mark is dropped. Brokers' files also end lines with a trailing comma,
/// which gives an empty last field.
/// </summary>
public static class Csv
{
    public static IEnumerable<CsvRecord> Read(string text, char separator = ',')
    {
        var field = new StringBuilder();
        var fields = new List<string>();
        var line = 1;
        var start = 1;
        var quoted = false;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var any = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else quoted = false;
                }
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }
            if (c == '"') { quoted = true; any = true; }
            else if (c == separator) { fields.Add(field.ToString()); field.Clear(); any = true; }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                fields.Add(field.ToString());
                field.Clear();
                yield return new CsvRecord(start, fields);
                fields = [];
                any = false;
                start = ++line;
            }
            else { field.Append(c); any = true; }
        }
        if (any || field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return new CsvRecord(start, fields);
        }
    }

    /// <summary>A field quoted when it holds a separator, a quote or a line break.</summary>
    public static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    public static string Line(IEnumerable<string> fields) => string.Join(',', fields.Select(Escape));

    public static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
