using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Common;
using Portfolio.Application.Orders;
using Portfolio.Application.Ports;
using Portfolio.Application.Transactions;
using Portfolio.Domain.Transactions;
using static Portfolio.Application.Tests.Orders.OrderDesk;

namespace Portfolio.Application.Tests.Orders;

/// <summary>Filling, expiring, rejecting and cancelling orders against stored quotes, and finishing fills a crash interrupted.</summary>
public class OrderFillTests
{
    private static readonly DateTimeOffset T1801 = Now.AddMinutes(1);

    [Fact]
    public async Task A_limit_buy_fills_at_a_quote_at_its_limit_but_not_one_cent_above_and_books_once()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(10_000);
        var order = await app.PlaceAsync(account, OrderSide.Buy, 10, 150);

        Assert.Equal(new OrderRunSummary(0, 0, 0), await app.ObserveAsync(150.01m, Now));
        Assert.Equal(OrderStatus.Pending, (await app.ReloadAsync(order)).Status);

        Assert.Equal(new OrderRunSummary(1, 0, 0), await app.ObserveAsync(150, T1801));
        var filled = await app.ReloadAsync(order);
        Assert.Equal(OrderStatus.Filled, filled.Status);
        Assert.Equal(150m, filled.Fill!.Price);
        Assert.Equal(T1801, filled.Fill.QuoteAsOf);
        Assert.Equal("test", filled.Fill.Source);
        Assert.Equal(Now, filled.ClosedAt);
        Assert.Equal("filled at 150 (test quote of 2024-06-03T18:01:00.0000000+00:00)", filled.Reason);
        var e = Assert.Single(filled.Outbox!);
        Assert.Equal((OrderTransitions.Filled, Now), (e.Kind, e.At));
        Assert.Equal(Hashing.DeterministicId("evt_", account.Id, order.Id, "order.filled"), e.Id);

        var booked = await app.BookedAsync(account);
        var buy = Assert.IsType<Buy>(booked[^1]);
        Assert.Equal(2, booked.Count);
        Assert.Equal((June3, "AAPL", 10m, 150m), (buy.TradeDate, buy.Symbol, buy.Quantity, buy.Price));
        Assert.Equal(buy.Id, filled.TransactionId);
        Assert.Equal(8_500m, await app.CashAsync(account)); // 10,000 − 10 × 150

        Assert.Equal(new OrderRunSummary(0, 0, 0), await app.ObserveAsync(140, T1801.AddMinutes(1))); // filled orders are not pending
        Assert.Equal(new OrderRunSummary(0, 0, 0), await app.Get<OrderExecutor>().SweepAsync(default));
        Assert.Equal(2, (await app.BookedAsync(account)).Count);
    }

    [Fact]
    public async Task A_limit_buy_fills_at_the_quote_below_its_limit_not_at_the_limit()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(10_000);
        var order = await app.PlaceAsync(account, OrderSide.Buy, 10, 150);
        await app.ObserveAsync(140, Now);
        Assert.Equal(140m, (await app.ReloadAsync(order)).Fill!.Price);
        Assert.Equal(8_600m, await app.CashAsync(account));
    }

    [Fact]
    public async Task A_limit_sell_fills_at_or_above_its_limit()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(10_000);
        await app.RecordAsync(account, id => new Buy(id, June3, "AAPL", 10, 100));
        var order = await app.PlaceAsync(account, OrderSide.Sell, 10, 120);

        Assert.Equal(new OrderRunSummary(0, 0, 0), await app.ObserveAsync(119.99m, Now));
        Assert.Equal(new OrderRunSummary(1, 0, 0), await app.ObserveAsync(120, T1801));

        Assert.Equal(OrderStatus.Filled, (await app.ReloadAsync(order)).Status);
        Assert.Equal(10_200m, await app.CashAsync(account)); // 10,000 − 1,000 + 10 × 120
        Assert.Equal(0m, await app.SharesAsync(account));
        Assert.IsType<Sell>((await app.BookedAsync(account))[^1]);
    }

    [Fact]
    public async Task A_market_order_placed_against_a_fresh_quote_in_market_hours_fills_at_once()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(10_000);
        await app.StoreQuoteAsync(200, Now.AddMinutes(-1));

        var order = await app.PlaceAsync(account, OrderSide.Buy, 10, null);

        Assert.Equal(OrderStatus.Filled, order.Status);
        Assert.Equal(2_100m, order.ReservedCash);
        Assert.Equal(8_000m, await app.CashAsync(account)); // filled at 200, not at the reserved 210
    }

    [Fact]
    public async Task The_newest_quote_of_a_batch_decides_whatever_order_the_batch_lists_them_in()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(10_000);
        var order = await app.PlaceAsync(account, OrderSide.Buy, 10, 150);
        var executor = app.Get<OrderExecutor>();
        var older = Quote(140, Now.AddMinutes(-2));
        var newer = Quote(160, Now.AddMinutes(-1));

        Assert.Equal(new OrderRunSummary(0, 0, 0), await executor.EvaluateAsync([older, newer], default));
        Assert.Equal(new OrderRunSummary(0, 0, 0), await executor.EvaluateAsync([newer, older], default));
        Assert.Equal(new OrderRunSummary(0, 0, 0), await executor.EvaluateAsync([], default));
        Assert.Equal(new OrderRunSummary(0, 0, 0), await executor.EvaluateAsync([Quote(100, Now, "MSFT")], default));
        Assert.Equal(new OrderRunSummary(1, 0, 0), await executor.EvaluateAsync([newer, Quote(150, Now)], default));
        Assert.Equal(150m, (await app.ReloadAsync(order)).Fill!.Price);
    }

    [Fact]
    public async Task Only_a_fresh_quote_of_the_same_symbol_quoted_and_seen_in_market_hours_fills()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(10_000);
        var order = await app.PlaceAsync(account, OrderSide.Buy, 1, 150);
        var executor = app.Get<OrderExecutor>();
        var preOpen = new DateTimeOffset(2024, 6, 3, 13, 29, 0, TimeSpan.Zero); // 09:29 New York
        var afterOpen = new DateTimeOffset(2024, 6, 3, 13, 31, 0, TimeSpan.Zero);
        var beforeClose = new DateTimeOffset(2024, 6, 3, 19, 58, 0, TimeSpan.Zero); // 15:58 New York
        var afterClose = new DateTimeOffset(2024, 6, 3, 20, 5, 0, TimeSpan.Zero);

        Assert.True(executor.Fills(order, Quote(100, Now), Now));
        Assert.False(executor.Fills(order, Quote(100, Now, "MSFT"), Now));
        Assert.False(executor.Fills(order, Quote(100, Now.AddMinutes(-30)), Now)); // 30 minutes of session: stale
        Assert.True(executor.Fills(order, Quote(100, Now.AddMinutes(-19)), Now));
        Assert.False(executor.Fills(order, Quote(100, preOpen), afterOpen)); // fresh, but quoted before the open
        Assert.False(executor.Fills(order, Quote(100, beforeClose), afterClose)); // fresh, but the market is closed now
        Assert.True(executor.Fills(order, Quote(100, beforeClose), beforeClose.AddMinutes(1)));
        Assert.False(executor.Fills(order, Quote(100, beforeClose), beforeClose.AddMinutes(2))); // 16:00 sharp: closed

        await using var night = new Harness(s => s.AddSingleton(new OrderOptions { TradeOutsideMarketHours = true }));
        var nightExecutor = night.Get<OrderExecutor>();
        Assert.True(nightExecutor.Fills(order, Quote(100, preOpen), afterOpen));
        Assert.True(nightExecutor.Fills(order, Quote(100, beforeClose), afterClose));
        Assert.False(nightExecutor.Fills(order, Quote(100, Now.AddMinutes(-30)), Now)); // stale is stale at any hour
    }

    [Fact]
    public async Task A_day_order_expires_at_the_close_and_then_neither_fills_nor_reserves_cash()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(1_000);
        var order = await app.PlaceAsync(account, OrderSide.Buy, 10, 100, TimeInForce.Day);
        var executor = app.Get<OrderExecutor>();

        app.Clock.SetUtcNow(new DateTimeOffset(2024, 6, 3, 19, 59, 59, TimeSpan.Zero));
        Assert.Equal(new OrderRunSummary(0, 0, 0), await executor.SweepAsync(default));
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new OrderRunSummary(0, 1, 0), await executor.SweepAsync(default));

        var expired = await app.ReloadAsync(order);
        var close = new DateTimeOffset(2024, 6, 3, 20, 0, 0, TimeSpan.Zero);
        Assert.Equal((OrderStatus.Expired, close), (expired.Status, expired.ClosedAt));
        Assert.Equal("a day order, not filled by the close of 2024-06-03T16:00:00.0000000-04:00", expired.Reason);
        Assert.Equal(OrderTransitions.Expired, Assert.Single(expired.Outbox!).Kind);

        Assert.Equal(new OrderRunSummary(0, 0, 0), await app.ObserveAsync(50, close.AddMinutes(-1)));
        Assert.Equal(OrderStatus.Expired, (await app.ReloadAsync(order)).Status);
        Assert.Equal(1_000m, await app.CashAsync(account));
        Assert.Equal(1_000m, (await app.PlaceAsync(account, OrderSide.Buy, 10, 100)).ReservedCash); // its reservation is free again
    }

    [Fact]
    public async Task A_day_order_that_sees_a_filling_quote_after_its_close_expires_instead()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(1_000);
        var order = await app.PlaceAsync(account, OrderSide.Buy, 1, 100, TimeInForce.Day);
        app.Clock.SetUtcNow(new DateTimeOffset(2024, 6, 3, 20, 0, 0, TimeSpan.Zero));
        var summary = await app.Get<OrderExecutor>().EvaluateAsync([Quote(90, new DateTimeOffset(2024, 6, 3, 19, 59, 0, TimeSpan.Zero))], default);
        Assert.Equal(new OrderRunSummary(0, 1, 0), summary);
        Assert.Equal(OrderStatus.Expired, (await app.ReloadAsync(order)).Status);
    }

    [Fact]
    public async Task A_fill_decided_and_booked_before_a_crash_is_finished_by_the_sweep_with_the_same_transaction()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(10_000);
        var order = await app.PlaceAsync(account, OrderSide.Buy, 10, 150);
        var store = app.Get<IOrderStore>();
        var quote = Quote(145, Now);

        Assert.True(await store.TryReplaceAsync(OrderTransitions.Decide(order, quote, Now), default)); // step 1, then the crash...
        var decided = await app.ReloadAsync(order);
        var cancel = await Assert.ThrowsAsync<ConflictException>(() => app.Get<OrderService>().CancelAsync(app.Alice, account.Id, order.Id, default));
        Assert.Equal(("orderId", "the order is being filled at 145 and can no longer be cancelled"), (cancel.Field, cancel.Message));
        var booked = await app.Get<TransactionService>().RecordAsync(account,
            new RecordTransactionRequest(account.Id, new Buy("", June3, "AAPL", 10, 145), decided.FillKey, "order-fill:" + order.Id, order.Id), default);

        Assert.Equal(new OrderRunSummary(1, 0, 0), await app.Get<OrderExecutor>().SweepAsync(default));
        Assert.Equal(new OrderRunSummary(0, 0, 0), await app.Get<OrderExecutor>().SweepAsync(default));

        var filled = await app.ReloadAsync(order);
        Assert.Equal(OrderStatus.Filled, filled.Status);
        Assert.Equal(booked.Entry.Transaction.Id, filled.TransactionId);
        Assert.Equal(2, (await app.BookedAsync(account)).Count); // the deposit and one buy
        Assert.Equal(8_550m, await app.CashAsync(account));
    }

    [Fact]
    public async Task A_decided_fill_the_ledger_refuses_rejects_the_order_with_the_reason_and_books_nothing()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(1_000);
        await app.StoreQuoteAsync(100, new DateTimeOffset(2024, 5, 31, 19, 0, 0, TimeSpan.Zero)); // stale: the market buy waits
        var order = await app.PlaceAsync(account, OrderSide.Buy, 9, null);
        Assert.Equal(945m, order.ReservedCash); // 9 × 105

        Assert.Equal(new OrderRunSummary(0, 0, 1), await app.ObserveAsync(120, Now)); // 9 × 120 = 1,080 > 1,000 of cash

        var rejected = await app.ReloadAsync(order);
        Assert.Equal(OrderStatus.Rejected, rejected.Status);
        Assert.StartsWith("the ledger refused the fill at 120: ", rejected.Reason);
        Assert.Equal(OrderTransitions.Rejected, Assert.Single(rejected.Outbox!).Kind);
        Assert.Null(rejected.TransactionId);
        Assert.Single(await app.BookedAsync(account));
        Assert.Equal(1_000m, await app.CashAsync(account));
    }

    [Fact]
    public async Task Cancelling_closes_a_pending_order_without_a_notification_and_a_filled_one_is_a_conflict()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(10_000);
        var service = app.Get<OrderService>();
        var pending = await app.PlaceAsync(account, OrderSide.Buy, 1, 100);
        app.Clock.Advance(TimeSpan.FromMinutes(3));

        var cancelled = await service.CancelAsync(app.Alice, account.Id, pending.Id, default);
        Assert.Equal((OrderStatus.Cancelled, Now.AddMinutes(3), "cancelled by the owner"), (cancelled.Status, cancelled.ClosedAt, cancelled.Reason));
        Assert.Empty(cancelled.Outbox!);
        Assert.Equal(cancelled.ClosedAt, (await service.CancelAsync(app.Alice, account.Id, pending.Id, default)).ClosedAt); // again: the same answer
        Assert.Equal(new OrderRunSummary(0, 0, 0), await app.ObserveAsync(90, Now.AddMinutes(2)));

        var filled = await app.PlaceAsync(account, OrderSide.Buy, 1, 100);
        await app.ObserveAsync(95, Now.AddMinutes(3));
        var conflict = await Assert.ThrowsAsync<ConflictException>(() => service.CancelAsync(app.Alice, account.Id, filled.Id, default));
        Assert.Equal(("orderId", "the order is filled and can no longer be cancelled"), (conflict.Field, conflict.Message));
        Assert.Single(await service.ListAsync(app.Alice, account.Id, OrderStatus.Cancelled, default));
        Assert.Single(await service.ListAsync(app.Alice, account.Id, OrderStatus.Filled, default));
    }

    [Fact]
    public void Transitions_happen_only_from_pending_and_a_fill_only_once_decided()
    {
        var order = new Order("o1", "acc", "alice", OrderSide.Buy, "AAPL", 1, OrderType.Limit, 10, TimeInForce.Gtc, Now, null, 10);
        var decided = OrderTransitions.Decide(order, Quote(9, Now), Now);
        var closed = OrderTransitions.Close(order, OrderStatus.Cancelled, Now, "x");

        Assert.Throws<InvalidOperationException>(() => OrderTransitions.Decide(decided, Quote(9, Now), Now));
        Assert.Throws<InvalidOperationException>(() => OrderTransitions.Fill(order, "t1", Now));
        Assert.Throws<ArgumentOutOfRangeException>(() => OrderTransitions.Close(order, OrderStatus.Pending, Now, "x"));
        Assert.Throws<InvalidOperationException>(() => OrderTransitions.Close(closed, OrderStatus.Expired, Now, "x"));
        Assert.Throws<InvalidOperationException>(() => OrderTransitions.Decide(closed, Quote(9, Now), Now));
        var filled = OrderTransitions.Fill(decided, "t1", Now);
        Assert.Equal(("t1", OrderStatus.Filled), (filled.TransactionId, filled.Status));
        Assert.Throws<InvalidOperationException>(() => OrderTransitions.Fill(filled, "t2", Now));
        var twice = OrderTransitions.Close(OrderTransitions.Close(order with { Outbox = [new OrderEvent("e0", "x", Now)] }, OrderStatus.Rejected, Now, "r") with { Status = OrderStatus.Pending }, OrderStatus.Expired, Now, "r");
        Assert.Equal(["e0", Hashing.DeterministicId("evt_", "acc", "o1", "order.rejected"), Hashing.DeterministicId("evt_", "acc", "o1", "order.expired")], twice.Outbox!.Select(e => e.Id));
        Assert.True(order.IsPending);
        Assert.False(closed.IsPending);
    }

    [Fact]
    public void Run_summaries_add_up_field_by_field() =>
        Assert.Equal(new OrderRunSummary(5, 7, 9), new OrderRunSummary(1, 2, 3) + new OrderRunSummary(4, 5, 6));
}
