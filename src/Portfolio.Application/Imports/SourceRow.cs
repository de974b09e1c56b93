using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Imports;

/// <summary>
/// A source row (a CSV line, an XML element, a JSON object) read by column name, remembering which column and value
/// each transaction field was read from, so that a refusal names the file's column.
/// </summary>
public abstract class SourceRow
{
    private readonly Dictionary<string, ImportCell> cells = new(StringComparer.Ordinal);

    /// <summary>The row errors name: a CSV line, an XML element's line, a JSON array element's position (from 1).</summary>
    public abstract int Line { get; }

    /// <summary>The trimmed text of <paramref name="column"/>, empty when the row does not have it.</summary>
    public abstract string this[string column] { get; }

    /// <summary>Notes that transaction field <paramref name="field"/> comes from <paramref name="column"/>; answers the cell's text.</summary>
    public string For(string field, string column)
    {
        var value = this[column];
        cells[field] = new ImportCell(column, value);
        return value;
    }

    public IReadOnlyDictionary<string, ImportCell> Cells => cells;
}

/// <summary>A CSV row by header name (case-insensitive).</summary>
public sealed class CsvRow(CsvRecord record, IReadOnlyDictionary<string, int> header) : SourceRow
{
    public override int Line => record.Line;

    public override string this[string column] =>
        header.TryGetValue(column, out var i) && i < record.Fields.Count ? record.Fields[i].Trim() : "";

    public static IReadOnlyDictionary<string, int> Header(CsvRecord record) =>
        record.Fields.Select((name, i) => (name: name.Trim(), i)).Where(c => c.name.Length > 0)
            .GroupBy(c => c.name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().i, StringComparer.OrdinalIgnoreCase);
}

/// <summary>Collects what a format reads: each source row as the transactions it books, or as the error that stops it.</summary>
public sealed class ImportCollector
{
    private readonly List<ImportRow> rows = [];
    private readonly List<ImportError> errors = [];

    /// <summary>Books what <paramref name="read"/> makes of <paramref name="row"/>; an <see cref="ImportRowException"/> becomes the row's error.</summary>
    public void Add(SourceRow row, Func<SourceRow, IEnumerable<Transaction>> read)
    {
        try
        {
            var transactions = read(row).ToList();
            rows.AddRange(transactions.Select(t => new ImportRow(row.Line, t, row.Cells)));
        }
        catch (ImportRowException e)
        {
            errors.Add(new ImportError(row.Line, e.Column, e.Value, e.Reason));
        }
        catch (OverflowException)
        {
            // Two cells each within decimal's range whose sum or product is not; the formats name the cells where they can.
            var cell = row.Cells.Values.LastOrDefault() ?? new ImportCell("", "");
            errors.Add(new ImportError(row.Line, cell.Column, cell.Value, "the row's numbers add up to more than the supported range"));
        }
    }

    public void Error(int row, string column, string value, string reason) => errors.Add(new ImportError(row, column, value, reason));

    public bool HasErrors => errors.Count > 0;

    public ParsedImport Result() => new(rows, errors);
}
