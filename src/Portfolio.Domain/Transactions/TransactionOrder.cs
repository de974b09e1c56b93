namespace Portfolio.Domain.Transactions;

public static class TransactionOrder
{
    /// <summary>Trade date first; transactions of one date keep the order they were recorded in (a stable sort).</summary>
    public static IEnumerable<Transaction> InBookingOrder(IEnumerable<Transaction> log) => log.OrderBy(t => t.TradeDate);
}
