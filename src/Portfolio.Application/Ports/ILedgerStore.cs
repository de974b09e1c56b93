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

    Task<LedgerEntry?> FindByIdempotencyKeyAsync(string accountId, string idempotencyKey, CancellationToken ct);
}
