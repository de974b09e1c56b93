namespace Portfolio.Application.Orders;

/// <summary>
/// What an account's pending orders set aside: the cash of its buys and the shares of its sells. A transaction or a new
/// order may spend only what is left (<see cref="Transactions.CashFloor"/>, <see cref="OrderService"/>).
/// </summary>
public sealed record OrderReservations(decimal Cash, IReadOnlyDictionary<string, decimal> Shares)
{
    public static OrderReservations None { get; } = new(0, new Dictionary<string, decimal>(StringComparer.Ordinal));

    public decimal SharesOf(string symbol) => Shares.GetValueOrDefault(symbol);

    /// <param name="excludingOrderId">The order being filled: its own reservation is what it spends.</param>
    public static OrderReservations Of(IEnumerable<Order> orders, string? excludingOrderId = null)
    {
        decimal cash = 0;
        var shares = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var order in orders)
        {
            if (!order.IsPending || order.Id == excludingOrderId) continue;
            if (order.Side == OrderSide.Buy) cash += order.ReservedCash;
            else shares[order.Symbol] = shares.GetValueOrDefault(order.Symbol) + order.Quantity;
        }
        return new OrderReservations(cash, shares);
    }
}
