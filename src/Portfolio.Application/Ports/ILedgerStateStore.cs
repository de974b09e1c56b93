using System.Text;

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

/// <summary>
/// One account's stored state. A store may hand back its UTF-8 bytes as they are (<see cref="Utf8State"/>): a cold
/// revaluation parses one per account, and a string of each would be twice its size, decoded only to be encoded back
/// for the parser. Two states are equal when their fields and texts are, however each was made.
/// </summary>
public sealed record StoredLedgerState
{
    private string? state;
    private readonly byte[]? utf8State;

    /// <param name="version">The sequence of the last log entry booked into the state.</param>
    /// <param name="format">The serialization format of <paramref name="state"/> (<see cref="Ledger.LedgerCheckpointJson.Format"/>); a reader ignores formats it does not know.</param>
    /// <param name="state">The serialized compact <see cref="Domain.Ledger.SavedLedger"/>.</param>
    public StoredLedgerState(string accountId, long version, int format, string state) : this(accountId, version, format) =>
        this.state = state;

    /// <summary>A state as the store keeps it, in UTF-8: <see cref="State"/> is decoded only if asked for.</summary>
    public StoredLedgerState(string accountId, long version, int format, byte[] utf8State) : this(accountId, version, format) =>
        this.utf8State = utf8State;

    private StoredLedgerState(string accountId, long version, int format) => (AccountId, Version, Format) = (accountId, version, format);

    public string AccountId { get; }
    public long Version { get; }
    public int Format { get; }
    public string State => state ??= Encoding.UTF8.GetString(utf8State!);
    /// <summary>The state's UTF-8 bytes: those the store read, else <see cref="State"/> encoded.</summary>
    public ReadOnlyMemory<byte> Utf8State => utf8State ?? Encoding.UTF8.GetBytes(state!);

    public bool Equals(StoredLedgerState? other) =>
        other is not null && AccountId == other.AccountId && Version == other.Version && Format == other.Format && State == other.State;

    public override int GetHashCode() => HashCode.Combine(AccountId, Version, Format, State);
}
