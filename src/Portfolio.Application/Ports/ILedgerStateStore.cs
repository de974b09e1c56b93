namespace Portfolio.Application.Ports;

/// <summary>
/// One compact ledger state per account: its ledger replayed up to <see cref="StoredLedgerState.Version"/> (open lots,
/// cash, what later bookings need), so that a revaluation reads one row per account instead of its log. Derived data:
/// a reader uses a state only when the log has no entry after its version; losing one costs a replay.
/// </summary>
public interface ILedgerStateStore
{
    /// <summary>
    /// Stores each state, replacing the account's stored one unless that one is of a later version (or of the same version
    /// and format). One round trip or transaction for the lot where the store allows it.
    /// </summary>
    Task SaveManyAsync(IReadOnlyList<StoredLedgerState> states, CancellationToken ct);

    /// <summary>The stored states of these accounts; an account without one is absent.</summary>
    Task<IReadOnlyDictionary<string, StoredLedgerState>> ReadManyAsync(IReadOnlyCollection<string> accountIds, CancellationToken ct);
}

/// <param name="Version">The sequence of the last log entry booked into the state.</param>
/// <param name="Format">The serialization format of <paramref name="State"/> (<see cref="Ledger.LedgerCheckpointJson.Format"/>); a reader ignores formats it does not know.</param>
/// <param name="State">The serialized compact <see cref="Domain.Ledger.SavedLedger"/>.</param>
public sealed record StoredLedgerState(string AccountId, long Version, int Format, string State);
