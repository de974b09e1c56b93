using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Imports;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;

namespace Portfolio.Application.Exports;

/// <summary>An exported file: its text, media type and a file name for <c>Content-Disposition</c>.</summary>
public sealed record ExportFile(string Content, string ContentType, string FileName);

/// <summary>Writes an account's log as a file: this product's CSV, a Beancount ledger or a Ghostfolio import.</summary>
public sealed class ExportService(IAccountStore accounts, LedgerReader reader)
{
    public static readonly IReadOnlyList<string> Formats = ["csv"];

    public async Task<ExportFile> ExportAsync(Caller caller, string accountId, string? format, CancellationToken ct)
    {
        if (format is null || !Formats.Contains(format))
            throw new InvalidRequestException("format", $"'{format}' is not one of {string.Join(", ", Formats)}");
        var account = await accounts.GetOwnedAsync(caller, accountId, ct);
        var state = await reader.LoadAsync(account, ct);
        var name = FileSafe(account.Name);
        return new ExportFile(ProductCsvFormat.Write(state.BookingOrder()), "text/csv", $"{name}.csv");
    }

    private static string FileSafe(string name)
    {
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray()).Trim('-');
        return safe.Length == 0 ? "account" : safe;
    }
}
