using Microsoft.Extensions.Logging;
using Portfolio.Application.Common;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.Transactions;
using Portfolio.Application.Valuation;
using Portfolio.Domain;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Orders;

/// <summary>What one evaluation did.</summary>
public sealed record OrderRunSummary(int Filled, int Expired, int Rejected)
{
    public static OrderRunSummary operator +(OrderRunSummary a, OrderRunSummary b) => new(a.Filled + b.Filled, a.Expired + b.Expired, a.Rejected + b.Rejected);
}

/// <summary>
/// Fills pending orders against stored quotes, expires day orders, and finishes fills a crash interrupted.
/// <para>
/// A quote fills an order only when it is fresh (<see cref="PricePolicy.IsStale"/>) and was quoted while the US market was
/// open: a market order fills at it; a limit buy when it is at or below the limit, a limit sell at or above, both at the
/// quote's price (never beyond the limit). Otherwise the order waits for the next such quote.
/// </para>
/// <para>
/// A fill happens in three writes, each safe to repeat: (1) the decided price is written on the pending order with its
/// concurrency token, so of two cycles (or a cycle and a cancel) exactly one decides; (2) the buy or sell is recorded with
/// the order id as its idempotency key, so it is booked once however often this step runs; (3) the order becomes filled,
/// its notification in the same write. A crash between them leaves a decided pending order, which
/// <see cref="SweepAsync"/> (at start and after every cycle) finishes: the booking answers with the stored transaction if it
/// was made. Partial fills are not modelled: an order fills whole or not at all.
/// </para>
/// </summary>
public sealed class OrderExecutor(
    IAccountStore accounts, IOrderStore orders, TransactionService transactions, PricePolicy policy, TimeProvider clock, ILogger<OrderExecutor> logger,
    OrderOptions? options = null)
    : IQuoteObserver
{
    /// <summary>After every stored quote: the quotes are stored whatever happens here; a failure is logged and the next sweep retries.</summary>
    public async Task OnStoredAsync(IReadOnlyList<Quote> stored, CancellationToken ct)
    {
        try { await EvaluateAsync(stored, ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not evaluate pending orders after {Count} stored quotes", stored.Count);
        }
    }

    /// <summary>Evaluates the pending orders of the quotes' symbols against the newest quote of each.</summary>
    public async Task<OrderRunSummary> EvaluateAsync(IReadOnlyList<Quote> quotes, CancellationToken ct)
    {
        var latest = new Dictionary<string, Quote>(StringComparer.Ordinal);
        foreach (var quote in quotes)
            if (!latest.TryGetValue(quote.Symbol, out var seen) || seen.AsOf < quote.AsOf) latest[quote.Symbol] = quote;
        if (latest.Count == 0) return new OrderRunSummary(0, 0, 0);
        var summary = new OrderRunSummary(0, 0, 0);
        foreach (var order in await orders.ListPendingAsync(latest.Keys, ct))
            summary += await EvaluateAsync(order, latest.GetValueOrDefault(order.Symbol), ct);
        return summary;
    }

    /// <summary>Every pending order: finishes decided fills and expires day orders past their close.</summary>
    public async Task<OrderRunSummary> SweepAsync(CancellationToken ct)
    {
        var summary = new OrderRunSummary(0, 0, 0);
        foreach (var order in await orders.ListPendingAsync(null, ct))
            summary += await EvaluateAsync(order, null, ct);
        return summary;
    }

    private async Task<OrderRunSummary> EvaluateAsync(Order order, Quote? quote, CancellationToken ct)
    {
        try
        {
            if (order.Fill is not null) return await FinishAsync(order, ct);
            var now = clock.GetUtcNow();
            if (order.ExpiresAt is { } expiry && now >= expiry)
            {
                var expired = OrderTransitions.Close(order, OrderStatus.Expired, now, $"a day order, not filled by the close of {expiry:O}");
                return await orders.TryReplaceAsync(expired, ct) ? new OrderRunSummary(0, 1, 0) : new OrderRunSummary(0, 0, 0);
            }
            if (quote is null || !Fills(order, quote, now)) return new OrderRunSummary(0, 0, 0);
            var decided = OrderTransitions.Decide(order, quote, now);
            if (!await orders.TryReplaceAsync(decided, ct)) return new OrderRunSummary(0, 0, 0); // another evaluation or a cancel came first
            return await FinishAsync(await orders.GetAsync(order.AccountId, order.Id, ct) ?? decided, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One order's failure must not stop the others; the next sweep tries it again.
            logger.LogError(e, "Could not evaluate order {OrderId} of account {AccountId}", order.Id, order.AccountId);
            return new OrderRunSummary(0, 0, 0);
        }
    }

    /// <summary>Whether this quote fills the order now (see the class remarks).</summary>
    public bool Fills(Order order, Quote quote, DateTimeOffset now)
    {
        if (quote.Symbol != order.Symbol || policy.IsStale(quote, now)) return false;
        if (options?.TradeOutsideMarketHours != true && (!policy.IsMarketOpen(quote.AsOf) || !policy.IsMarketOpen(now))) return false;
        return (order.Type, order.Side) switch
        {
            (OrderType.Market, _) => true,
            (OrderType.Limit, OrderSide.Buy) => quote.Price <= order.LimitPrice,
            (OrderType.Limit, OrderSide.Sell) => quote.Price >= order.LimitPrice,
            _ => false,
        };
    }

    private async Task<OrderRunSummary> FinishAsync(Order order, CancellationToken ct)
    {
        var fill = order.Fill!;
        var account = await accounts.GetAsync(order.OwnerId, order.AccountId, ct);
        if (account is null)
        {
            logger.LogError("Order {OrderId} names account {AccountId}, which does not exist", order.Id, order.AccountId);
            return new OrderRunSummary(0, 0, 0);
        }
        var date = MarketClock.MarketDate(fill.QuoteAsOf);
        Transaction transaction = order.Side == OrderSide.Buy
            ? new Buy("", date, order.Symbol, order.Quantity, fill.Price)
            : new Sell("", date, order.Symbol, order.Quantity, fill.Price);
        string transactionId;
        try
        {
            var booked = await transactions.RecordAsync(account,
                new RecordTransactionRequest(account.Id, transaction, order.FillKey, "order-fill:" + order.Id, order.Id), ct);
            transactionId = booked.Entry.Transaction.Id;
        }
        catch (LedgerRuleViolation refused)
        {
            return await CloseAsync(order, OrderStatus.Rejected, $"the ledger refused the fill at {fill.Price}: {refused.Field} {refused.Reason}", null, ct)
                ? new OrderRunSummary(0, 0, 1) : new OrderRunSummary(0, 0, 0);
        }
        return await CloseAsync(order, OrderStatus.Filled, null, transactionId, ct) ? new OrderRunSummary(1, 0, 0) : new OrderRunSummary(0, 0, 0);
    }

    /// <summary>Closes a decided order, reloading when another writer changed it; false when someone else closed it.</summary>
    private async Task<bool> CloseAsync(Order order, OrderStatus status, string? reason, string? transactionId, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var now = clock.GetUtcNow();
            var closed = status == OrderStatus.Filled
                ? OrderTransitions.Fill(order, transactionId!, now)
                : OrderTransitions.Close(order, status, now, reason!);
            if (await orders.TryReplaceAsync(closed, ct)) return true;
            order = await orders.GetAsync(order.AccountId, order.Id, ct) ?? throw new InvalidOperationException($"order {order.Id} vanished");
            if (!order.IsPending) return false;
        }
        throw new ConflictException("orderId", $"order {order.Id} is being changed by many writers at once");
    }
}
