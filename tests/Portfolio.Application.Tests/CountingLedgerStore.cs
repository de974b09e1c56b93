using Portfolio.Application.Ports;
using Portfolio.Application.Ledger;

namespace Portfolio.Application.Tests;

/// <summary>The real store, counting the entries it hands out.</summary>
internal sealed class CountingLedgerStore(ILedgerStore inner) : ILedgerStore
{
    public int EntriesRead;

    public async Task<IReadOnlyList<LedgerEntry>> ReadAsync(string accountId, long afterSequence, CancellationToken ct)
    {
        var entries = await inner.ReadAsync(accountId, afterSequence, ct);
        Interlocked.Add(ref EntriesRead, entries.Count);
        return entries;
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<LedgerEntry>>> ReadAsync(
        IReadOnlyDictionary<string, long> afterSequenceByAccount, CancellationToken ct)
    {
        var entries = await inner.ReadAsync(afterSequenceByAccount, ct);
        foreach (var list in entries.Values) Interlocked.Add(ref EntriesRead, list.Count);
        return entries;
    }

    public Task<AppendStatus> TryAppendAsync(LedgerEntry entry, CancellationToken ct) => inner.TryAppendAsync(entry, ct);

    public Task<LedgerEntry?> FindByIdempotencyKeyAsync(string accountId, string idempotencyKey, CancellationToken ct) =>
        inner.FindByIdempotencyKeyAsync(accountId, idempotencyKey, ct);
}
