using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portfolio.Application.Orders;
using Portfolio.Application.Ports;
using Portfolio.Application.Tests.Orders;
using Portfolio.Domain.Transactions;
using static Portfolio.Application.Tests.Orders.OrderDesk;

namespace Portfolio.Application.Tests.Races;

/// <summary>The executor as a quote observer (the ingestion path), a batch's newest quote, and orders it cannot book.</summary>
public class OrderObserverTests
{
    private static Harness App(out ContestedOrders orders, out CapturedLogs logs)
    {
        var captured = logs = new CapturedLogs();
        return ContestedStores.App(out orders, out _, out _, s => s.AddSingleton<ILoggerProvider>(captured));
    }

    [Fact]
    public async Task A_stored_quote_seen_by_the_observer_fills_a_waiting_limit_buy()
    {
        await using var app = App(out _, out _);
        var account = await app.CashAccountAsync(10_000);
        var order = await app.PlaceAsync(account, OrderSide.Buy, 10, 150);

        await app.Get<OrderExecutor>().OnStoredAsync([await app.StoreQuoteAsync(149, Now)], default);

        var filled = await app.ReloadAsync(order);
        Assert.Equal((OrderStatus.Filled, 149m), (filled.Status, filled.Fill!.Price));
        Assert.Equal(10_000m - 1_490m, await app.CashAsync(account));
    }

    [Fact]
    public async Task An_observer_whose_evaluation_fails_logs_it_and_lets_the_quotes_stand()
    {
        await using var app = App(out var orders, out var logs);
        var account = await app.CashAccountAsync(10_000);
        var order = await app.PlaceAsync(account, OrderSide.Buy, 10, 150);
        orders.Broken = true;

        await app.Get<OrderExecutor>().OnStoredAsync([await app.StoreQuoteAsync(149, Now)], default);

        var error = Assert.Single(logs.AtLeast(LogLevel.Warning));
        Assert.Equal((LogLevel.Error, "Could not evaluate pending orders after 1 stored quotes", "the database is unavailable"),
            (error.Level, error.Message, error.Exception!.Message));
        Assert.Equal(OrderStatus.Pending, (await app.ReloadAsync(order)).Status);
        Assert.Equal(149m, (await app.Get<IPriceStore>().GetLatestAsync("AAPL", default))!.Price);
    }

    [Fact]
    public async Task Of_two_quotes_of_a_batch_at_the_same_instant_the_first_decides()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(10_000);
        var order = await app.PlaceAsync(account, OrderSide.Buy, 10, 149.50m);

        // 150 (first) is above the limit; 149 at the same instant does not replace it.
        Assert.Equal(new OrderRunSummary(0, 0, 0), await app.Get<OrderExecutor>().EvaluateAsync([Quote(150, Now), Quote(149, Now)], default));
        Assert.Equal(OrderStatus.Pending, (await app.ReloadAsync(order)).Status);

        // A later instant does replace it.
        Assert.Equal(new OrderRunSummary(1, 0, 0), await app.Get<OrderExecutor>().EvaluateAsync([Quote(150, Now), Quote(149, Now.AddSeconds(1))], default));
        Assert.Equal(149m, (await app.ReloadAsync(order)).Fill!.Price);
    }

    [Fact]
    public async Task A_decided_order_of_an_account_that_does_not_exist_is_logged_and_left_pending()
    {
        await using var app = App(out var orders, out var logs);
        var orphan = new Order("ord_orphan", "acc_gone", "alice", OrderSide.Buy, "AAPL", 1, OrderType.Market, null, TimeInForce.Gtc, Now, null, 0,
            Fill: new OrderFill(100, Now, "test", Now));
        Assert.True(await orders.TryCreateAsync(orphan, default));

        Assert.Equal(new OrderRunSummary(0, 0, 0), await app.Get<OrderExecutor>().SweepAsync(default));

        var error = Assert.Single(logs.AtLeast(LogLevel.Warning));
        Assert.Equal((LogLevel.Error, "Order ord_orphan names account acc_gone, which does not exist"), (error.Level, error.Message));
        Assert.Equal(OrderStatus.Pending, (await orders.GetAsync("acc_gone", "ord_orphan", default))!.Status);
    }

    [Fact]
    public async Task An_order_placed_without_a_key_gets_ord_and_a_32_digit_hex_id()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(10_000);
        var order = await app.PlaceAsync(account, OrderSide.Buy, 1, 100);
        Assert.Matches("^ord_[0-9a-f]{32}$", order.Id);
    }

    [Fact]
    public async Task A_key_reused_for_a_different_order_is_a_conflict_that_says_so()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(10_000);
        await app.PlaceAsync(account, OrderSide.Buy, 1, 100, key: "k", hash: "h1");
        var conflict = await Assert.ThrowsAsync<Common.ConflictException>(() => app.PlaceAsync(account, OrderSide.Buy, 2, 100, key: "k", hash: "h2"));
        Assert.Equal(("Idempotency-Key", "this key was already used for a different request"), (conflict.Field, conflict.Message));
    }

    [Fact]
    public void Transitions_refuse_an_order_in_the_wrong_state_and_name_it()
    {
        var pending = new Order("ord_1", "acc_1", "alice", OrderSide.Buy, "AAPL", 1, OrderType.Market, null, TimeInForce.Gtc, Now, null, 0);
        var decided = OrderTransitions.Decide(pending, Quote(100, Now), Now);
        var filled = OrderTransitions.Fill(decided, "tx_1", Now);

        Assert.Equal("order ord_1 is already decided",
            Assert.Throws<InvalidOperationException>(() => OrderTransitions.Decide(decided, Quote(101, Now), Now)).Message);
        Assert.Equal("order ord_1 has no decided fill", Assert.Throws<InvalidOperationException>(() => OrderTransitions.Fill(pending, "tx_1", Now)).Message);
        Assert.Equal("order ord_1 is Filled, not pending", Assert.Throws<InvalidOperationException>(() => OrderTransitions.Fill(filled, "tx_2", Now)).Message);
    }
}
