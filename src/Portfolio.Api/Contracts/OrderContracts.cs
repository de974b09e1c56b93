using Portfolio.Application.Orders;

namespace Portfolio.Api.Contracts;

public sealed record PlaceOrderBody(
    string? Side = null, string? Symbol = null, decimal? Quantity = null, string? Type = null, decimal? LimitPrice = null, string? TimeInForce = null)
{
    public static readonly IReadOnlyDictionary<string, OrderSide> Sides = new Dictionary<string, OrderSide> { ["buy"] = OrderSide.Buy, ["sell"] = OrderSide.Sell };
    public static readonly IReadOnlyDictionary<string, OrderType> Types = new Dictionary<string, OrderType> { ["market"] = OrderType.Market, ["limit"] = OrderType.Limit };
    public static readonly IReadOnlyDictionary<string, Application.Orders.TimeInForce> TimesInForce =
        new Dictionary<string, Application.Orders.TimeInForce> { ["day"] = Application.Orders.TimeInForce.Day, ["gtc"] = Application.Orders.TimeInForce.Gtc };
    public static readonly IReadOnlyDictionary<string, OrderStatus> Statuses = new Dictionary<string, OrderStatus>
    {
        ["pending"] = OrderStatus.Pending, ["filled"] = OrderStatus.Filled, ["cancelled"] = OrderStatus.Cancelled,
        ["expired"] = OrderStatus.Expired, ["rejected"] = OrderStatus.Rejected,
    };

    public PlaceOrderRequest ToRequest(string accountId, string? idempotencyKey, string requestHash) => new(
        accountId,
        Names.Parse(Sides, Side, "side"),
        Names.ParseSymbol(Symbol),
        Names.Required(Quantity, "quantity"),
        Type is null ? OrderType.Market : Names.Parse(Types, Type, "type"),
        LimitPrice,
        TimeInForce is null ? Application.Orders.TimeInForce.Day : Names.Parse(TimesInForce, TimeInForce, "timeInForce"),
        idempotencyKey, requestHash);
}

public sealed record OrderFillResponse(decimal Price, DateTimeOffset QuoteAsOf, string Source);

/// <summary>
/// An order: <c>closedAt</c> is when it was filled, cancelled, expired or rejected, with <c>reason</c>; <c>reservedCash</c> is
/// what a pending buy of a cash-tracking account sets aside; <c>fill</c> is the quote it filled at, <c>transactionId</c> the booked trade.
/// </summary>
public sealed record OrderResponse(
    string Id, string AccountId, string Side, string Symbol, decimal Quantity, string Type, decimal? LimitPrice, string TimeInForce,
    string Status, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, decimal ReservedCash, DateTimeOffset? ClosedAt, string? Reason,
    OrderFillResponse? Fill, string? TransactionId)
{
    public static OrderResponse From(Order o) => new(
        o.Id, o.AccountId, Key(PlaceOrderBody.Sides, o.Side), o.Symbol, o.Quantity, Key(PlaceOrderBody.Types, o.Type), o.LimitPrice,
        Key(PlaceOrderBody.TimesInForce, o.TimeInForce), Key(PlaceOrderBody.Statuses, o.Status), o.CreatedAt, o.ExpiresAt, o.ReservedCash,
        o.ClosedAt, o.Reason, o.Fill is { } f ? new OrderFillResponse(f.Price, f.QuoteAsOf, f.Source) : null, o.TransactionId);

    private static string Key<T>(IReadOnlyDictionary<string, T> names, T value) where T : struct, Enum =>
        names.First(kv => kv.Value.Equals(value)).Key;
}
