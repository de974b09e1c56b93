using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Imports;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;

namespace Portfolio.Application.Exports;

/// <summary>
/// An exported file: its media type, a file name for <c>Content-Disposition</c>, and its text in pieces written one
/// after another. The pieces are produced while they are written (one per transaction, or per block of rows), so a
/// file is streamed to the caller, never held whole in memory.
/// </summary>
public sealed record ExportFile(string ContentType, string FileName, IEnumerable<string> Pieces);

/// <summary>Writes an account's log as a file: this product's CSV, a Beancount ledger or a Ghostfolio import.</summary>
public sealed class ExportService(IAccountStore accounts, LedgerReader reader, IPriceStore prices, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> Formats = ["csv", "beancount", "ghostfolio"];

    private const int CsvBlock = 1_000;

    public async Task<ExportFile> ExportAsync(Caller caller, string accountId, string? format, CancellationToken ct)
    {
        if (format is null || !Formats.Contains(format))
            throw new InvalidRequestException("format", $"'{format}' is not one of {string.Join(", ", Formats)}");
        var account = await accounts.GetOwnedAsync(caller, accountId, ct);
        var state = await reader.LoadAsync(account, ct);
        var name = FileSafe(account.Name);
        var log = state.BookingOrder();
        switch (format)
        {
            case "beancount":
                var held = state.Ledger.Positions.Select(p => p.Symbol).ToList();
                var latest = held.Count == 0 ? new Dictionary<string, Prices.Quote>() : await prices.GetLatestAsync(held, ct);
                var quotes = latest.Values.Select(q => new BeancountPrice(q.Symbol, MarketClock.MarketDate(q.AsOf), q.Price)).ToList();
                return new ExportFile("text/plain", $"{name}.beancount", BeancountFormat.Write(account.Name, account.Settings, log, quotes));
            case "ghostfolio":
                var cash = account.Settings.TracksCash ? state.Ledger.Cash : 0;
                return new ExportFile("application/json", $"{name}.ghostfolio.json",
                    GhostfolioFormat.Write(account.Id, account.Name, account.Settings, cash, log, clock.GetUtcNow()));
            default:
                return new ExportFile("text/csv", $"{name}.csv", CsvPieces(log));
        }
    }

    /// <summary>The CSV in blocks of rows: each block written as the import reads it, its header dropped after the first.</summary>
    public static IEnumerable<string> CsvPieces(IReadOnlyList<Domain.Transactions.Transaction> log)
    {
        var headerLength = Csv.Line(ProductCsvFormat.Columns).Length + 2;
        if (log.Count == 0) { yield return ProductCsvFormat.Write([]); yield break; }
        for (var start = 0; start < log.Count; start += CsvBlock)
        {
            var block = ProductCsvFormat.Write(log.Skip(start).Take(CsvBlock));
            yield return start == 0 ? block : block[headerLength..];
        }
    }

    private static string FileSafe(string name)
    {
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray()).Trim('-');
        return safe.Length == 0 ? "account" : safe;
    }
}
