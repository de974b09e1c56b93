using Portfolio.Application.Ledger;
using Portfolio.Domain;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Transactions;

/// <summary>
/// The cash rule of a cash-tracking account: a buy, fee or withdrawal may not take cash below −MarginAllowance (zero
/// unless the account was created with an allowance) after any transaction of the log in booking order, not only at
/// its end: a withdrawal back-dated before the first deposit is refused. Other transactions are never refused by it
/// (a deposit, a sale or a dividend only adds cash). It checks the state a write decided, so the optimistic append that
/// follows makes it hold under concurrency too: of two withdrawals of the whole balance the loser reloads and is refused.
/// </summary>
public static class CashFloor
{
    /// <param name="after">The state with <paramref name="transaction"/> booked in its place.</param>
    /// <param name="reserved">Cash set aside by pending orders, which the transaction may not spend either.</param>
    public static void Check(LedgerState after, Transaction transaction, decimal reserved = 0)
    {
        var settings = after.Ledger.Settings;
        if (SpendingField(settings, transaction) is not { } field) return;
        var (lowest, date) = LowestCashFrom(after, transaction);
        if (Breaks(settings, transaction, lowest - reserved))
        {
            var reservedText = reserved == 0 ? "" : $" ({reserved} more is reserved by pending orders)";
            var allowance = settings.MarginAllowance == 0 ? "below zero" : $"below the margin allowance of {settings.MarginAllowance}";
            throw new LedgerRuleViolation(field,
                $"would take cash {allowance}: {lowest} on {date:yyyy-MM-dd}{reservedText}");
        }
    }

    /// <summary>
    /// Whether <paramref name="lowestCash"/>, the lowest balance from <paramref name="transaction"/> on, breaks the rule.
    /// For a transaction booked after everything else that is simply the balance right after it.
    /// </summary>
    public static bool Breaks(AccountSettings settings, Transaction transaction, decimal lowestCash) =>
        SpendingField(settings, transaction) is not null && lowestCash < -settings.MarginAllowance;

    /// <summary>The request field the rule refuses <paramref name="transaction"/> on; null when the rule never refuses it.</summary>
    private static string? SpendingField(AccountSettings settings, Transaction transaction) => !settings.TracksCash ? null : transaction switch
    {
        Buy => "quantity",
        Withdrawal or AccountFee => "amount",
        _ => null,
    };

    /// <summary>
    /// The lowest cash after <paramref name="transaction"/> and every transaction booked after it, and the earliest date
    /// the balance stands at it (where a deposit would have to come first), walked back from the final balance. Only a
    /// back-dated transaction has a suffix to walk, so a write at the end costs nothing.
    /// </summary>
    private static (decimal Cash, DateOnly Date) LowestCashFrom(LedgerState after, Transaction transaction)
    {
        var order = after.BookingOrder();
        var cash = after.Ledger.Cash;
        var lowest = cash;
        var lowestDate = transaction.TradeDate;
        Dictionary<string, decimal>? cashInLieu = null;
        for (var i = order.Count - 1; i >= 0; i--)
        {
            var booked = order[i];
            if (ReferenceEquals(booked, transaction) || booked.Id == transaction.Id) break;
            if (cash <= lowest) (lowest, lowestDate) = (cash, booked.TradeDate);
            cash -= CashEffect(booked, after, ref cashInLieu);
        }
        if (cash <= lowest) (lowest, lowestDate) = (cash, transaction.TradeDate);
        return (lowest, lowestDate);
    }

    private static decimal CashEffect(Transaction booked, LedgerState after, ref Dictionary<string, decimal>? cashInLieu) => booked switch
    {
        Buy buy => -(buy.Quantity * buy.Price + buy.Fee),
        Sell sell => sell.Quantity * sell.Price - sell.Fee,
        CashDividend dividend => dividend.Amount,
        Deposit deposit => deposit.Amount,
        Withdrawal withdrawal => -withdrawal.Amount,
        AccountFee fee => -fee.Amount,
        Interest interest => interest.Amount,
        // A corporate action's cash in lieu is a sale of the fraction: its realized proceeds are the cash it paid.
        Split { CashInLieuPrice: not null } or StockDividend { CashInLieuPrice: not null } or SpinOff { CashInLieuPrice: not null }
            => (cashInLieu ??= CashInLieuByTransaction(after)).GetValueOrDefault(booked.Id),
        _ => 0,
    };

    private static Dictionary<string, decimal> CashInLieuByTransaction(LedgerState after)
    {
        var byId = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var piece in after.Ledger.Realized) byId[piece.TransactionId] = byId.GetValueOrDefault(piece.TransactionId) + piece.Proceeds;
        return byId;
    }
}
