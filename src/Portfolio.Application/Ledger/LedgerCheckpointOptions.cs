namespace Portfolio.Application.Ledger;

/// <summary>
/// How often an account's ledger is checkpointed. A host keeps the default; tests set a short interval so that logs of a
/// few dozen entries cross several checkpoints. Changing it for a store written with another interval costs full replays
/// (a stored checkpoint or prefix hash at another multiple no longer fits), never a wrong ledger.
/// </summary>
public sealed class LedgerCheckpointOptions
{
    /// <summary>Transactions between in-memory snapshots, stamped prefix hashes and stored checkpoints.</summary>
    public int Interval { get; init; } = LedgerState.CheckpointInterval;
}
