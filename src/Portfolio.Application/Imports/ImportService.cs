using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Application.Transactions;
using Portfolio.Domain;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Imports;

public sealed record ImportRequest(string AccountId, string Format, string Content, bool DryRun, bool SkipInvalid);

/// <summary>A row already booked in the account (by an earlier import of the same or an overlapping file).</summary>
public sealed record ImportDuplicate(int Row, string Fingerprint, string TransactionId);

/// <summary>A transaction the import books (or, in a dry run, would book), with the realized pieces of a sale.</summary>
public sealed record ImportedTransaction(int Row, LedgerEntry Entry, IReadOnlyList<RealizedLot> Realized);

/// <param name="Booked">How many transactions were booked (in a dry run: would be).</param>
public sealed record ImportResult(
    string Format, bool DryRun, int Booked, IReadOnlyList<ImportedTransaction> Transactions,
    IReadOnlyList<ImportDuplicate> Duplicates, IReadOnlyList<ImportError> Errors);

/// <summary>A real import with invalid rows, not asked to skip them: nothing was booked.</summary>
public sealed class ImportRejectedException(IReadOnlyList<ImportError> errors)
    : Exception($"{errors.Count} row(s) cannot be booked; nothing was imported (fix them, or import with skipInvalid=true)")
{
    public IReadOnlyList<ImportError> Errors { get; } = errors;
}

/// <summary>
/// Imports a file into an account: parse (the format) → order (booking order: by trade date, file order within a day;
/// a file listed newest first is read from its end) → decide (each row booked onto the account's state in memory, a row
/// the accounting rules refuse becomes an error naming its row and column) → append every booked row at once with the
/// sequences that follow the account's last. Each row's fingerprint (its transaction and how many identical rows come
/// before it in the file) is its idempotency key, so a row already imported is a duplicate, never booked twice, while
/// two identical rows of one file (two buys of 10 at the same price on the same day) are both booked.
/// </summary>
public sealed class ImportService(
    IEnumerable<IImportFormat> formats, IAccountStore accounts, ILedgerStore ledgerStore, LedgerReader reader,
    TransactionService transactions, TimeProvider clock)
{
    public const string KeyPrefix = "import:";
    private readonly Dictionary<string, IImportFormat> byName = formats.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Formats => byName.Keys;

    public async Task<ImportResult> ImportAsync(Caller caller, ImportRequest request, CancellationToken ct)
    {
        var format = byName.GetValueOrDefault(request.Format ?? "")
            ?? throw new InvalidRequestException("format", $"'{request.Format}' is not one of {string.Join(", ", byName.Keys)}");
        var account = await accounts.GetOwnedAsync(caller, request.AccountId, ct);
        var parsed = format.Parse(request.Content, account.Settings.Currency);
        var rows = InBookingOrder(parsed.Rows);

        for (var attempt = 1; attempt <= TransactionService.MaxAttempts; attempt++)
        {
            var state = await reader.LoadAsync(account, ct);
            var (next, result) = Decide(account, state, format.Name, rows, parsed.Errors, request.DryRun);
            if (request.DryRun) return result;
            if (result.Errors.Count > 0 && !request.SkipInvalid) throw new ImportRejectedException(result.Errors);
            if (result.Transactions.Count == 0) return result;

            var status = await ledgerStore.TryAppendAllAsync(result.Transactions.Select(t => t.Entry).ToList(), ct);
            if (status == AppendStatus.Appended)
            {
                reader.Remember(next);
                reader.CheckpointBatch(next, state.Version);
                await transactions.RefreshHeldSymbolsAsync(account, next, ct);
                return result;
            }
            // Another writer appended first: reload and decide again (its entries may make some rows duplicates).
            await Task.Delay(Random.Shared.Next(0, Math.Min(20, attempt + 1)), ct);
        }
        throw new ConflictException("account", $"account '{account.Id}' is being written by many clients at once; retry");
    }

    private (LedgerState Next, ImportResult Result) Decide(
        Account account, LedgerState state, string format, IReadOnlyList<ImportRow> rows, IReadOnlyList<ImportError> parseErrors, bool dryRun)
    {
        var booked = new List<ImportedTransaction>();
        var duplicates = new List<ImportDuplicate>();
        var errors = new List<ImportError>(parseErrors);
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        var idsInFile = new Dictionary<string, string>(StringComparer.Ordinal);
        var recordedAt = clock.GetUtcNow();
        var today = MarketClock.Today(clock);

        var candidates = new List<(ImportRow Row, LedgerEntry Entry)>();
        foreach (var row in rows)
        {
            var transaction = WithLotsRenamed(row.Transaction, idsInFile);
            try { BoundedDecision.CheckRequest(transaction); }
            catch (LedgerRuleViolation violation) { Refused(row, violation); continue; }
            if (transaction.TradeDate < TransactionService.EarliestTradeDate || transaction.TradeDate > today)
            {
                var cell = Cell(row, "tradeDate");
                errors.Add(new ImportError(row.Row, cell.Column, cell.Value, transaction.TradeDate > today
                    ? $"{transaction.TradeDate:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd} in New York)"
                    : $"must be {TransactionService.EarliestTradeDate:yyyy-MM-dd} or later"));
                continue;
            }
            var canonical = TransactionJson.Serialize(transaction with { Id = "" });
            var occurrence = occurrences[canonical] = occurrences.GetValueOrDefault(canonical) + 1;
            var fingerprint = Hashing.Fingerprint($"{canonical}#{occurrence}");
            var key = KeyPrefix + fingerprint;
            if (state.FindByIdempotencyKey(key) is { } earlier)
            {
                duplicates.Add(new ImportDuplicate(row.Row, fingerprint, earlier.Transaction.Id));
                if (row.SourceId is { } known) idsInFile[known] = earlier.Transaction.Id;
                continue;
            }
            var id = Hashing.DeterministicId("tx_", account.Id, key);
            if (row.SourceId is { } source) idsInFile[source] = id;
            candidates.Add((row, new LedgerEntry(account.Id, 0, transaction with { Id = id }, recordedAt, key, fingerprint)));
        }

        void Refused(ImportRow row, LedgerRuleViolation violation) => errors.Add(ErrorOf(row, violation));

        if (!(state.AcceptsBatch(candidates.Select(c => c.Entry.Transaction.TradeDate)) && TryBatch(account, ref state, candidates, errors, booked)))
        {
            // Rows dated before the account's last transaction, or a file the fast pass cannot hold to the supported
            // ranges and the cash rule: each row is decided in its place like a single write, replaying what follows it.
            foreach (var (row, candidate) in candidates)
            {
                var entry = candidate with { Sequence = state.Version + 1 };
                try
                {
                    var next = BoundedDecision.Decide(state, entry, out var booking);
                    CashFloor.Check(next, entry.Transaction);
                    state = next;
                    booked.Add(new ImportedTransaction(row.Row, next.Entries[^1], booking.Realized));
                }
                catch (LedgerRuleViolation violation) { Refused(row, violation); }
            }
        }
        errors.Sort((a, b) => a.Row.CompareTo(b.Row));
        return (state, new ImportResult(format, dryRun, booked.Count, booked, duplicates, errors));
    }

    /// <summary>
    /// The usual case (an empty account, or a file newer than its last transaction): the whole file in one pass. It gives up
    /// (false, nothing kept) at the first row that would leave the supported ranges or take a cash-tracking account's cash
    /// below its floor, since a booked row cannot be taken back out of the pass; the caller then decides row by row.
    /// </summary>
    private static bool TryBatch(Account account, ref LedgerState state, List<(ImportRow Row, LedgerEntry Entry)> candidates,
        List<ImportError> errors, List<ImportedTransaction> booked)
    {
        var refused = new List<ImportError>();
        void Hold(Transaction transaction, AccountLedger after)
        {
            LedgerBounds.Check(transaction, after);
            // Rows come in date order after everything booked: the cash after a row is the lowest it makes.
            if (CashFloor.Breaks(account.Settings, transaction, after.Cash)) throw new LedgerRuleViolation("cash", "below the cash floor");
        }
        LedgerState next;
        List<(LedgerEntry Entry, BookingResult Booking)> batch;
        try
        {
            next = state.WithBatch(candidates.Select(c => c.Entry).ToList(),
                (i, violation) => refused.Add(ErrorOf(candidates[i].Row, violation)), out batch, Hold);
        }
        catch (Exception e) when (e is LedgerRuleViolation or ArithmeticException)
        {
            return false;
        }
        errors.AddRange(refused);
        var rowOf = candidates.ToDictionary(c => c.Entry.Transaction.Id, c => c.Row.Row, StringComparer.Ordinal);
        booked.AddRange(batch.Select(b => new ImportedTransaction(rowOf[b.Entry.Transaction.Id], b.Entry, b.Booking.Realized)));
        state = next;
        return true;
    }

    /// <summary>Booking order. Brokers list newest first: a file whose first row is dated after its last is read from its end, so same-day rows keep their real order.</summary>
    private static List<ImportRow> InBookingOrder(IReadOnlyList<ImportRow> rows)
    {
        IEnumerable<ImportRow> chronological = rows.Count > 1 && rows[0].Transaction.TradeDate > rows[^1].Transaction.TradeDate ? rows.Reverse() : rows;
        return chronological.OrderBy(r => r.Transaction.TradeDate).ToList();
    }

    /// <summary>A refusal as the file's row, column and value.</summary>
    private static ImportError ErrorOf(ImportRow row, LedgerRuleViolation violation)
    {
        var cell = Cell(row, violation.Field);
        return new ImportError(row.Row, cell.Column, cell.Value, violation.Reason);
    }

    private static ImportCell Cell(ImportRow row, string field)
    {
        var root = field.Split('[', '.')[0];
        return row.Cells.GetValueOrDefault(root) ?? new ImportCell(root, "");
    }

    /// <summary>Lots named by their id in the exporting account are opened here under new ids: a lot id is its transaction id, or ids joined by '/' with an index.</summary>
    private static Transaction WithLotsRenamed(Transaction transaction, Dictionary<string, string> ids)
    {
        if (ids.Count == 0) return transaction;
        string Rename(string lotId) => string.Join('/', lotId.Split('/').Select(part => ids.GetValueOrDefault(part, part)));
        IReadOnlyList<LotSelection>? Renamed(IReadOnlyList<LotSelection>? lots) => lots?.Select(l => l with { LotId = Rename(l.LotId) }).ToList();
        return transaction switch
        {
            Sell { Lots: not null } sell => sell with { Lots = Renamed(sell.Lots) },
            TransferOut { Lots: not null } transfer => transfer with { Lots = Renamed(transfer.Lots) },
            _ => transaction,
        };
    }
}
