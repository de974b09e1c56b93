using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;

namespace Portfolio.Application.Tests.Checkpoints;

/// <summary>A log held in a list (one account's, in sequence order), counting the entries it hands out; it only reads.</summary>
internal sealed class ListLedgerStore(IReadOnlyList<LedgerEntry> log) : ILedgerStore
{
    public int EntriesRead;

    public Task<IReadOnlyList<LedgerEntry>> ReadAsync(string accountId, long afterSequence, CancellationToken ct)
    {
        var entries = log.Where(e => e.AccountId == accountId && e.Sequence > afterSequence).ToList();
        EntriesRead += entries.Count;
        return Task.FromResult<IReadOnlyList<LedgerEntry>>(entries);
    }

    public Task<AppendStatus> TryAppendAsync(LedgerEntry entry, CancellationToken ct) => throw new NotSupportedException();

    public Task<LedgerEntry?> FindByIdempotencyKeyAsync(string accountId, string idempotencyKey, CancellationToken ct) => throw new NotSupportedException();
}

/// <summary>Checkpoints held in a list, listed newest first; a sequence in <see cref="Gone"/> is listed but reads as null (deleted in between).</summary>
internal sealed class ListCheckpointStore : ILedgerCheckpointStore
{
    public readonly List<LedgerCheckpoint> Saved = [];
    public readonly HashSet<long> Gone = [];

    public Task SaveAsync(LedgerCheckpoint checkpoint, CancellationToken ct)
    {
        Saved.Add(checkpoint);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LedgerCheckpointInfo>> ListAsync(string accountId, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<LedgerCheckpointInfo>>(
            Saved.Where(c => c.Info.AccountId == accountId).Select(c => c.Info).OrderByDescending(i => i.Sequence).ToList());

    public Task<LedgerCheckpoint?> ReadAsync(string accountId, long sequence, CancellationToken ct) =>
        Task.FromResult(Gone.Contains(sequence) ? null : Saved.FirstOrDefault(c => c.Info.AccountId == accountId && c.Info.Sequence == sequence));
}
