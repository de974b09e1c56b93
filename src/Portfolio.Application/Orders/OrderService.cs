using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Domain;

namespace Portfolio.Application.Orders;

public sealed record PlaceOrderRequest(
    string AccountId, OrderSide Side, string Symbol, decimal Quantity, OrderType Type, decimal? LimitPrice, TimeInForce TimeInForce,
    string? IdempotencyKey, string RequestHash);

/// <param name="Created">False when this answers a retry under the same <c>Idempotency-Key</c>.</param>
public sealed record PlaceOrderResult(Order Order, bool Created);

/// <summary>
/// Places, lists and cancels paper-trading orders. Placing one checks buying power: a buy of a cash-tracking account
/// reserves quantity × limit (a market buy: × the latest price plus <see cref="MarketOrderMargin"/>), which must fit in
/// the cash (plus margin allowance) that other pending buys leave; a sell reserves its shares, which must be held and not
/// reserved by another pending sell. A new order is evaluated at once against the latest quote (<see cref="OrderExecutor"/>).
/// </summary>
public sealed class OrderService(IAccountStore accounts, IOrderStore orders, LedgerReader ledgers, IPriceStore prices, OrderExecutor executor, TimeProvider clock)
{
    /// <summary>A market buy reserves 5 % above the latest price, for the move before it fills.</summary>
    public const decimal MarketOrderMargin = 0.05m;

    public async Task<PlaceOrderResult> PlaceAsync(Caller caller, PlaceOrderRequest request, CancellationToken ct)
    {
        var account = await accounts.GetOwnedAsync(caller, request.AccountId, ct);
        Validate(account, request);
        var now = clock.GetUtcNow();
        var id = request.IdempotencyKey is { } key
            ? Hashing.DeterministicId("ord_", account.Id, key)
            : "ord_" + Guid.CreateVersion7(now).ToString("N");
        if (await orders.GetAsync(account.Id, id, ct) is { } earlier) return Repeat(earlier, request);

        var ledger = (await ledgers.LoadAsync(account, ct)).Ledger;
        var reserved = OrderReservations.Of(await orders.ListByAccountAsync(account.Id, OrderStatus.Pending, ct));
        decimal reserve = 0;
        if (request.Side == OrderSide.Buy && account.Settings.TracksCash)
        {
            var price = request.LimitPrice ?? (await prices.GetLatestAsync(request.Symbol, ct))?.Price * (1 + MarketOrderMargin)
                ?? throw new LedgerRuleViolation("symbol", $"{request.Symbol} has no price yet, so a market buy cannot be covered; place a limit order");
            reserve = request.Quantity * price;
            var available = ledger.Cash + account.Settings.MarginAllowance - reserved.Cash;
            if (reserve > available)
                throw new LedgerRuleViolation("quantity",
                    $"needs {reserve} of buying power but {available} is available (cash {ledger.Cash}, reserved by pending buys {reserved.Cash})");
        }
        if (request.Side == OrderSide.Sell)
        {
            var held = ledger.PositionOf(request.Symbol)?.Quantity ?? 0;
            var free = held - reserved.SharesOf(request.Symbol);
            if (request.Quantity > free)
                throw new LedgerRuleViolation("quantity",
                    $"sells {request.Quantity} {request.Symbol} but {free} are free (held {held}, reserved by pending sells {reserved.SharesOf(request.Symbol)})");
        }

        var order = new Order(id, account.Id, account.OwnerId, request.Side, request.Symbol, request.Quantity, request.Type, request.LimitPrice,
            request.TimeInForce, now, request.TimeInForce == TimeInForce.Day ? DayOrderExpiry(now) : null, reserve,
            IdempotencyKey: request.IdempotencyKey, RequestHash: request.RequestHash);
        if (!await orders.TryCreateAsync(order, ct))
            return Repeat(await orders.GetAsync(account.Id, id, ct)
                ?? throw new ConflictException("Idempotency-Key", "the order for this key is being placed; retry"), request);

        var latest = await prices.GetLatestAsync(request.Symbol, ct);
        if (latest is not null) await executor.EvaluateAsync([latest], ct);
        return new PlaceOrderResult(await orders.GetAsync(account.Id, id, ct) ?? order, true);
    }

    public async Task<Order> GetAsync(Caller caller, string accountId, string orderId, CancellationToken ct)
    {
        var account = await accounts.GetOwnedAsync(caller, accountId, ct);
        return await orders.GetAsync(account.Id, orderId, ct) ?? throw new NotFoundException("order", orderId);
    }

    public async Task<IReadOnlyList<Order>> ListAsync(Caller caller, string accountId, OrderStatus? status, CancellationToken ct)
    {
        var account = await accounts.GetOwnedAsync(caller, accountId, ct);
        return await orders.ListByAccountAsync(account.Id, status, ct);
    }

    /// <summary>Cancels a pending order; one already filled, closed, or decided to fill is a 409.</summary>
    public async Task<Order> CancelAsync(Caller caller, string accountId, string orderId, CancellationToken ct)
    {
        var account = await accounts.GetOwnedAsync(caller, accountId, ct);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var order = await orders.GetAsync(account.Id, orderId, ct) ?? throw new NotFoundException("order", orderId);
            if (order.Status == OrderStatus.Cancelled) return order;
            if (!order.IsPending)
                throw new ConflictException("orderId", $"the order is {order.Status.ToString().ToLowerInvariant()} and can no longer be cancelled");
            if (order.Fill is not null)
                throw new ConflictException("orderId", $"the order is being filled at {order.Fill.Price} and can no longer be cancelled");
            var now = clock.GetUtcNow();
            if (await orders.TryReplaceAsync(OrderTransitions.Close(order, OrderStatus.Cancelled, now, "cancelled by the owner"), ct))
                return await orders.GetAsync(account.Id, orderId, ct) ?? order;
        }
        throw new ConflictException("orderId", "the order is being changed by many clients at once; retry");
    }

    /// <summary>
    /// A day order placed during a session expires at that session's close; placed outside one, at the close of the next
    /// session (it waits for the open).
    /// </summary>
    public static DateTimeOffset DayOrderExpiry(DateTimeOffset placedAt)
    {
        var calendar = UsMarketCalendar.Instance;
        for (var day = calendar.ExchangeDate(placedAt); ; day = day.AddDays(1))
            if (calendar.IsTradingDay(day) && calendar.SessionClose(day) > placedAt)
                return calendar.SessionClose(day);
    }

    private static void Validate(Account account, PlaceOrderRequest request)
    {
        Quantities.RequireQuantity(request.Quantity, "quantity");
        if (!account.Settings.AllowsFractionalShares && request.Quantity != decimal.Truncate(request.Quantity))
            throw new LedgerRuleViolation("quantity", "the account does not allow fractional shares");
        if (request.Type == OrderType.Limit)
        {
            if (request.LimitPrice is not { } limit) throw new LedgerRuleViolation("limitPrice", "is required for a limit order");
            Quantities.RequirePositive(limit, "limitPrice");
            if (limit.Scale > Quantities.MaxQuantityDecimals && Quantities.SignificantDecimalPlaces(limit) > Quantities.MaxQuantityDecimals)
                throw new LedgerRuleViolation("limitPrice", $"has more than {Quantities.MaxQuantityDecimals} decimal places");
        }
        else if (request.LimitPrice is not null)
            throw new LedgerRuleViolation("limitPrice", "applies only to a limit order");
    }

    private static PlaceOrderResult Repeat(Order earlier, PlaceOrderRequest request) =>
        earlier.RequestHash == request.RequestHash
            ? new PlaceOrderResult(earlier, false)
            : throw new ConflictException("Idempotency-Key", "this key was already used for a different request");
}
