using Portfolio.Application.Ledger;

namespace Portfolio.Application.Ports;

/// <summary>The append-only transaction log of each account.</summary>
public interface ILedgerStore
{
    /// <summary>Entries with a sequence greater than <paramref name="afterSequence"/>, in sequence order.</summary>
    Task<IReadOnlyList<LedgerEntry>> ReadAsync(string accountId, long afterSequence, CancellationToken ct);

    /// <summary>For many accounts at once, the entries after each one's sequence (accounts with none are absent). One query where the store allows it.</summary>
    async Task<IReadOnlyDictionary<string, IReadOnlyList<LedgerEntry>>> ReadAsync(
        IReadOnlyDictionary<string, long> afterSequenceByAccount, CancellationToken ct)
    {
        var result = new Dictionary<string, IReadOnlyList<LedgerEntry>>(StringComparer.Ordinal);
        foreach (var (accountId, after) in afterSequenceByAccount)
            if (await ReadAsync(accountId, after, ct) is { Count: > 0 } entries) result[accountId] = entries;
        return result;
    }

    /// <summary>
    /// Appends the entry as one atomic step. <see cref="AppendStatus.SequenceTaken"/>: a concurrent writer appended that
    /// sequence first. <see cref="AppendStatus.IdempotencyKeyTaken"/>: an entry with the same idempotency key exists.
    /// Either way nothing is written.
    /// </summary>
    Task<AppendStatus> TryAppendAsync(LedgerEntry entry, CancellationToken ct);

    /// <summary>
    /// Appends consecutive entries of one account (an import). SQLite appends them as one atomic step: all or, on a taken
    /// sequence or key, none. This default appends them one at a time in order and stops at the first refusal, leaving the
    /// entries before it stored (the Cosmos adapter: the local emulator has no transactional batch); each entry carries
    /// its row's fingerprint as idempotency key, so importing the same file again completes it without booking twice.
    /// </summary>
    async Task<AppendStatus> TryAppendAllAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken ct)
    {
        foreach (var entry in entries)
            if (await TryAppendAsync(entry, ct) is var status && status != AppendStatus.Appended) return status;
        return AppendStatus.Appended;
    }

    Task<LedgerEntry?> FindByIdempotencyKeyAsync(string accountId, string idempotencyKey, CancellationToken ct);
}
