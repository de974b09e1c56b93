using Portfolio.Application.Common;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;

namespace Portfolio.Application.Ledger;

/// <summary>
/// The stored form of a ledger checkpoint: a <see cref="SavedLedger"/> as storage JSON (every number a string, so
/// decimals come back exactly, scale included). <see cref="Format"/> changes whenever the form or the booking rules
/// change, so a checkpoint written by another version is ignored rather than misread. Format 1 always held the whole
/// realized history; format 2 may be compact (<see cref="SavedLedger.RealizedBefore"/>), which format 1 readers must not see.
/// </summary>
public static class LedgerCheckpointJson
{
    public const int Format = 2;

    /// <summary>Whether this code reads checkpoints of <paramref name="format"/>: 1 is format 2 with the whole realized history.</summary>
    public static bool Reads(int format) => format is 1 or Format;

    /// <summary>The whole ledger, realized history included.</summary>
    public static string Serialize(AccountLedger ledger) => StorageJson.Serialize(ledger.Save());

    /// <summary>What the bookings after the checkpoint need (<see cref="AccountLedger.SaveCompact"/>): what the checkpoint writer stores.</summary>
    public static string SerializeCompact(AccountLedger ledger) => StorageJson.Serialize(ledger.SaveCompact());

    /// <summary>The ledger of a checkpoint, given the ids of the transactions it booked (from the log it was checked against).</summary>
    public static AccountLedger Deserialize(AccountSettings settings, string state, IEnumerable<string> transactionIds) =>
        AccountLedger.Restore(settings, StorageJson.Deserialize<SavedLedger>(state), transactionIds);

    /// <summary>The ledger of a checkpoint of <paramref name="transactionCount"/> transactions whose ids are not read (a load of the log after it).</summary>
    public static AccountLedger Deserialize(AccountSettings settings, string state, int transactionCount) =>
        AccountLedger.Restore(settings, StorageJson.Deserialize<SavedLedger>(state), [], transactionCount);

    /// <summary>As <see cref="Deserialize(AccountSettings, string, int)"/>, from the stored UTF-8 (<see cref="SavedLedgerReader"/>, else the serializer).</summary>
    public static AccountLedger Deserialize(AccountSettings settings, ReadOnlySpan<byte> state, int transactionCount) =>
        AccountLedger.Restore(settings, Read(state), [], transactionCount);

    internal static SavedLedger Read(ReadOnlySpan<byte> state) =>
        SavedLedgerReader.TryRead(state, out var saved) ? saved : StorageJson.Deserialize<SavedLedger>(state);
}
