using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Imports;

/// <summary>What a broker's row of money moved in or out books, from its signed amount.</summary>
internal static class CashTransfer
{
    /// <summary>A deposit above zero, a withdrawal of the size below it; null for $0.00, which moved nothing to book (the ledger refuses a deposit of zero).</summary>
    public static Transaction? Of(DateOnly date, decimal signedAmount) =>
        signedAmount == 0 ? null : signedAmount > 0 ? new Deposit("", date, signedAmount) : new Withdrawal("", date, -signedAmount);
}
