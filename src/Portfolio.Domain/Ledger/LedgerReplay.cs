using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Domain.Ledger;

/// <summary>
/// Books transactions one after another into a ledger nobody else sees, handing out frozen versions on the way
/// (<see cref="Snapshot"/>). The ledger it starts from is left as it is.
/// </summary>
public sealed class LedgerReplay
{
    private AccountLedger current;

    public LedgerReplay(AccountSettings settings) => current = new AccountLedger(settings);

    public LedgerReplay(AccountLedger start) => current = start.Copy();

    public DateOnly? LastTradeDate => current.LastTradeDate;

    /// <summary>Books the next transaction in booking order; throws <see cref="LedgerRuleViolation"/> when it is refused.</summary>
    public void Book(Transaction transaction) => current.Book(transaction);

    /// <summary>Books the next transaction and says what it did (the pieces it realized, the lots it opened or moved out).</summary>
    public BookingResult BookAndDescribe(Transaction transaction) => current.Apply(transaction);

    /// <summary>The ledger as booked so far, still being booked: read it between two bookings, never keep it.</summary>
    public AccountLedger Current => current;

    /// <summary>The ledger as booked so far, frozen; booking continues in a version that shares its storage.</summary>
    public AccountLedger Snapshot()
    {
        var snapshot = current;
        current = current.Copy();
        return snapshot;
    }

    /// <summary>The ledger as booked, frozen; this replay is finished.</summary>
    public AccountLedger Finish()
    {
        current.Freeze();
        return current;
    }
}
