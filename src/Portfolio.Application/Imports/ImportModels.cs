using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Imports;

/// <summary>A row that cannot be booked: the row (a CSV line, an XML element's line, a JSON array element's position from 1), the column, its value and why.</summary>
public sealed record ImportError(int Row, string Column, string Value, string Reason);

/// <summary>A cell of the file: the column it came from and its text.</summary>
public sealed record ImportCell(string Column, string Value);

/// <summary>
/// A row the format understood, as the transaction it books (its id left empty: the import assigns it).
/// <paramref name="Cells"/> names, by transaction field (quantity, price, tradeDate, …), the column and value it came
/// from, so that a booking refusal names the file's column. <paramref name="SourceId"/> is the transaction id the file
/// gives (this product's own CSV), so that sales naming lots by id can be pointed at the lots the import opens.
/// </summary>
public sealed record ImportRow(int Row, Transaction Transaction, IReadOnlyDictionary<string, ImportCell> Cells, string? SourceId = null);

/// <summary>What a format read from a file: the rows in the file's order, and the rows it could not map.</summary>
public sealed record ParsedImport(IReadOnlyList<ImportRow> Rows, IReadOnlyList<ImportError> Errors);

/// <summary>A file format that can be imported. Parsing is pure: nothing is booked, nothing is read from the store.</summary>
public interface IImportFormat
{
    /// <summary>The <c>format</c> query value.</summary>
    string Name { get; }

    /// <summary>The file's rows as transactions; a row in a currency other than <paramref name="accountCurrency"/> is an error, where the format names currencies.</summary>
    ParsedImport Parse(string content, string accountCurrency);
}

/// <summary>A value of a row that cannot be mapped; the parser catches it, records an <see cref="ImportError"/> and goes on with the next row.</summary>
public sealed class ImportRowException(string column, string value, string reason) : Exception(reason)
{
    public string Column { get; } = column;
    public string Value { get; } = value;
    public string Reason { get; } = reason;
}
