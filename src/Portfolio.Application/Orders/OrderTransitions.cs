using Portfolio.Application.Common;

namespace Portfolio.Application.Orders;

/// <summary>
/// The only ways an order changes. Each closing transition writes its notification into the order's outbox in the same
/// document write; the event id is derived from the order and its new status, so a relayed event is recognisably the same.
/// </summary>
public static class OrderTransitions
{
    public const string Filled = "order.filled";
    public const string Expired = "order.expired";
    public const string Rejected = "order.rejected";

    /// <summary>The fill decided: from now on the order can only become filled (or rejected by the ledger).</summary>
    public static Order Decide(Order order, Prices.Quote quote, DateTimeOffset at)
    {
        Require(order);
        if (order.Fill is not null) throw new InvalidOperationException($"order {order.Id} is already decided");
        return order with { Fill = new OrderFill(quote.Price, quote.AsOf, quote.Source, at) };
    }

    public static Order Fill(Order order, string transactionId, DateTimeOffset at)
    {
        Require(order);
        if (order.Fill is null) throw new InvalidOperationException($"order {order.Id} has no decided fill");
        return Close(order, OrderStatus.Filled, at, $"filled at {order.Fill.Price} ({order.Fill.Source} quote of {order.Fill.QuoteAsOf:O})")
            with { TransactionId = transactionId };
    }

    public static Order Close(Order order, OrderStatus status, DateTimeOffset at, string reason)
    {
        Require(order);
        if (status == OrderStatus.Pending) throw new ArgumentOutOfRangeException(nameof(status));
        var kind = status switch
        {
            OrderStatus.Filled => Filled,
            OrderStatus.Expired => Expired,
            OrderStatus.Rejected => Rejected,
            _ => null,
        };
        var outbox = order.Outbox ?? [];
        if (kind is not null) outbox = [.. outbox, new OrderEvent(Hashing.DeterministicId("evt_", order.AccountId, order.Id, kind), kind, at)];
        return order with { Status = status, ClosedAt = at, Reason = reason, Outbox = outbox };
    }

    private static void Require(Order order)
    {
        if (!order.IsPending) throw new InvalidOperationException($"order {order.Id} is {order.Status}, not pending");
    }
}
