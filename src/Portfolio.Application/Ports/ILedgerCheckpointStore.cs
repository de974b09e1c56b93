using Portfolio.Application.Ledger;

namespace Portfolio.Application.Ports;

/// <summary>
/// Stored ledger checkpoints: an account's ledger replayed from its first <see cref="LedgerCheckpointInfo.Sequence"/>
/// entries, so that loading a cold account books only the entries after it. Derived data: losing one costs a replay.
/// </summary>
public interface ILedgerCheckpointStore
{
    /// <summary>How many checkpoints a store keeps per account (the newest).</summary>
    const int Kept = 2;

    /// <summary>Stores a checkpoint, replacing one of the same sequence, and removes the account's older ones beyond <see cref="Kept"/>.</summary>
    Task SaveAsync(LedgerCheckpoint checkpoint, CancellationToken ct);

    /// <summary>The account's checkpoints without their state, newest (highest sequence) first.</summary>
    Task<IReadOnlyList<LedgerCheckpointInfo>> ListAsync(string accountId, CancellationToken ct);

    /// <summary>One checkpoint with its state, or null.</summary>
    Task<LedgerCheckpoint?> ReadAsync(string accountId, long sequence, CancellationToken ct);
}

/// <param name="Sequence">The checkpoint holds the ledger of entries 1 to this sequence.</param>
/// <param name="PrefixHash">The <see cref="LogPrefixHash"/> of those entries.</param>
/// <param name="LastTradeDate">The last booked trade date: a later entry dated before it makes the checkpoint unusable.</param>
/// <param name="Format">The serialization format of the state; a reader ignores formats it does not know.</param>
public sealed record LedgerCheckpointInfo(string AccountId, long Sequence, string PrefixHash, DateOnly? LastTradeDate, int Format);

/// <param name="State">The serialized <see cref="Domain.Ledger.SavedLedger"/> (see <see cref="LedgerCheckpointJson"/>).</param>
public sealed record LedgerCheckpoint(LedgerCheckpointInfo Info, string State);
