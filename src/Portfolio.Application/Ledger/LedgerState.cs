using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Ledger;

/// <summary>An account's log up to <see cref="Version"/> and the ledger replayed from it. Never mutated once built.</summary>
public sealed class LedgerState
{
    private LedgerState(string accountId, long version, IReadOnlyList<LedgerEntry> entries, AccountLedger ledger)
    {
        AccountId = accountId;
        Version = version;
        Entries = entries;
        Ledger = ledger;
    }

    public string AccountId { get; }
    /// <summary>The sequence of the last entry; 0 for an empty log.</summary>
    public long Version { get; }
    /// <summary>In sequence (recording) order.</summary>
    public IReadOnlyList<LedgerEntry> Entries { get; }
    public AccountLedger Ledger { get; }

    /// <summary>The transactions in booking order: trade date, then recording order.</summary>
    public IReadOnlyList<Transaction> BookingOrder() => TransactionOrder.InBookingOrder(Entries.Select(e => e.Transaction)).ToList();

    public LedgerEntry? FindByIdempotencyKey(string key) => Entries.FirstOrDefault(e => e.IdempotencyKey == key);

    public static LedgerState Empty(string accountId, Domain.Accounts.AccountSettings settings) =>
        new(accountId, 0, [], new AccountLedger(settings));

    /// <summary>Replays the whole log. Throws <see cref="Domain.LedgerRuleViolation"/> if any transaction in it is refused.</summary>
    public static LedgerState Replay(string accountId, Domain.Accounts.AccountSettings settings, IReadOnlyList<LedgerEntry> entries)
    {
        return Of(accountId, entries, AccountLedger.Replay(settings, entries.Select(e => e.Transaction)));
    }

    /// <summary>Wraps a ledger the caller replayed from exactly these entries.</summary>
    public static LedgerState Of(string accountId, IReadOnlyList<LedgerEntry> entries, AccountLedger ledger) =>
        new(accountId, entries.Count == 0 ? 0 : entries[^1].Sequence, entries, ledger);

    public LedgerState With(IReadOnlyList<LedgerEntry> newEntries) =>
        newEntries.Count == 0 ? this : Replay(AccountId, Ledger.Settings, [.. Entries, .. newEntries]);
}
