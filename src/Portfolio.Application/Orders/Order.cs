namespace Portfolio.Application.Orders;

public enum OrderSide { Buy, Sell }

public enum OrderType { Market, Limit }

/// <summary>A day order expires at the close of its session; a good-till-cancelled one stays until it fills or is cancelled.</summary>
public enum TimeInForce { Day, Gtc }

/// <summary>An order is pending until exactly one transition: filled, cancelled, expired or rejected.</summary>
public enum OrderStatus { Pending, Filled, Cancelled, Expired, Rejected }

/// <summary>
/// The quote a pending order was decided to fill at, written on the order before its transaction is booked. From then on
/// the order can no longer be cancelled or expire: the booking (idempotent under the order's key) and the transition to
/// filled, or to rejected when the ledger refuses it, finish the decision, after a crash too.
/// </summary>
public sealed record OrderFill(decimal Price, DateTimeOffset QuoteAsOf, string Source, DateTimeOffset DecidedAt);

/// <summary>
/// A paper-trading order of one account. <see cref="ReservedCash"/> is what a pending buy of a cash-tracking account sets
/// aside (quantity × limit, or × the latest price plus <see cref="OrderService.MarketOrderMargin"/>); a pending sell sets
/// aside its shares. <see cref="ConcurrencyToken"/> is the store's version: every transition is a conditional replace.
/// </summary>
public sealed record Order(
    string Id,
    string AccountId,
    string OwnerId,
    OrderSide Side,
    string Symbol,
    decimal Quantity,
    OrderType Type,
    decimal? LimitPrice,
    TimeInForce TimeInForce,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    decimal ReservedCash,
    OrderStatus Status = OrderStatus.Pending,
    DateTimeOffset? ClosedAt = null,
    string? Reason = null,
    OrderFill? Fill = null,
    string? TransactionId = null,
    string? IdempotencyKey = null,
    string? RequestHash = null,
    IReadOnlyList<OrderEvent>? Outbox = null,
    string? ConcurrencyToken = null)
{
    public bool IsPending => Status == OrderStatus.Pending;

    /// <summary>The ledger's idempotency key of the fill: the order id, so a fill is booked once however often it is tried.</summary>
    public string FillKey => "order:" + Id;
}

/// <summary>
/// A notification an order transition caused, written in the same document write as the transition (the order is its
/// own outbox), and relayed to the owner's inbox and webhook by the dispatcher, which then removes it here.
/// </summary>
public sealed record OrderEvent(string Id, string Kind, DateTimeOffset At);
