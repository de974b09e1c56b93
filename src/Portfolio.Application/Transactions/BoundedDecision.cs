using Portfolio.Application.Ledger;
using Portfolio.Domain;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Transactions;

/// <summary>
/// The decide step of a write, held to the <see cref="SupportedRanges"/>: the transaction's own fields, then the state it
/// would produce (every lot of what it touches, the cash). Whatever it accepts replays and values without leaving decimal
/// or the calendar, so no accepted sequence of writes can make an account unreadable.
/// </summary>
public static class BoundedDecision
{
    /// <summary>The date and field bounds of a transaction as requested, before any account is read.</summary>
    public static void CheckRequest(Transaction transaction)
    {
        if (transaction.TradeDate < SupportedRanges.EarliestDate)
            throw new LedgerRuleViolation("tradeDate", $"must be {SupportedRanges.EarliestDate:yyyy-MM-dd} or later");
        TransactionBounds.Check(transaction);
    }

    /// <summary><paramref name="state"/> with <paramref name="entry"/> booked, refused (422 naming the field) when the result leaves the supported ranges.</summary>
    public static LedgerState Decide(LedgerState state, LedgerEntry entry, out BookingResult booked)
    {
        LedgerState next;
        try
        {
            next = state.With(entry, out booked);
        }
        catch (ArithmeticException)
        {
            throw new LedgerRuleViolation(LedgerBounds.FieldOf(entry.Transaction),
                "would take the account's quantities or amounts beyond the supported ranges");
        }
        LedgerBounds.Check(entry.Transaction, next.Ledger);
        return next;
    }
}
