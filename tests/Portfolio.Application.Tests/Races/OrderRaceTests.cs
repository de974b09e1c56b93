using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portfolio.Application.Common;
using Portfolio.Application.Orders;
using Portfolio.Application.Tests.Orders;
using static Portfolio.Application.Tests.Orders.OrderDesk;

namespace Portfolio.Application.Tests.Races;

/// <summary>Order writes that lose the race to another writer: retried on the reloaded order, and given up after twenty.</summary>
public class OrderRaceTests
{
    private static Harness App(out ContestedOrders orders, out CapturedLogs logs)
    {
        var captured = logs = new CapturedLogs();
        return ContestedStores.App(out orders, out _, out _, s => s.AddSingleton<ILoggerProvider>(captured));
    }

    [Fact]
    public async Task A_cancel_that_loses_three_races_cancels_on_its_fourth_write()
    {
        await using var app = App(out var orders, out _);
        var account = await app.CashAccountAsync(10_000);
        var order = await app.PlaceAsync(account, OrderSide.Buy, 10, 100);
        orders.Contests = o => o.Status == OrderStatus.Cancelled;
        orders.Remaining = 3;

        var cancelled = await app.Get<OrderService>().CancelAsync(app.Alice, account.Id, order.Id, default);

        Assert.Equal((OrderStatus.Cancelled, "cancelled by the owner"), (cancelled.Status, cancelled.Reason));
        Assert.Equal((4, 3), (orders.Attempts, orders.Lost));
        Assert.Equal(OrderStatus.Cancelled, (await app.ReloadAsync(order)).Status);
    }

    [Fact]
    public async Task A_cancel_that_loses_every_race_gives_up_after_twenty_writes_with_a_conflict()
    {
        await using var app = App(out var orders, out _);
        var account = await app.CashAccountAsync(10_000);
        var order = await app.PlaceAsync(account, OrderSide.Buy, 10, 100);
        orders.Contests = o => o.Status == OrderStatus.Cancelled;

        var conflict = await Assert.ThrowsAsync<ConflictException>(() => app.Get<OrderService>().CancelAsync(app.Alice, account.Id, order.Id, default));

        Assert.Equal(("orderId", "the order is being changed by many clients at once; retry"), (conflict.Field, conflict.Message));
        Assert.Equal(20, orders.Attempts);
        Assert.Equal(OrderStatus.Pending, (await app.ReloadAsync(order)).Status);
    }

    [Fact]
    public async Task Cancelling_an_unknown_order_names_it_in_the_not_found()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(0);
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => app.Get<OrderService>().CancelAsync(app.Alice, account.Id, "ord_x", default));
        Assert.Equal(("order", "order 'ord_x' was not found"), (missing.Resource, missing.Message));
    }

    [Fact]
    public async Task A_fill_whose_closing_write_loses_three_races_is_filled_once_on_the_reloaded_order()
    {
        await using var app = App(out var orders, out var logs);
        var account = await app.CashAccountAsync(10_000);
        var order = await app.PlaceAsync(account, OrderSide.Buy, 10, 150);
        orders.Contests = o => o.Status == OrderStatus.Filled;
        orders.Remaining = 3;

        Assert.Equal(new OrderRunSummary(1, 0, 0), await app.ObserveAsync(150, Now));

        Assert.Equal((4, 3), (orders.Attempts, orders.Lost));
        Assert.Equal(OrderStatus.Filled, (await app.ReloadAsync(order)).Status);
        Assert.Equal(10_000m - 1_500m, await app.CashAsync(account));
        Assert.Empty(logs.AtLeast(LogLevel.Warning));
    }

    [Fact]
    public async Task A_fill_whose_closing_write_loses_every_race_is_logged_left_decided_and_finished_by_the_next_sweep()
    {
        await using var app = App(out var orders, out var logs);
        var account = await app.CashAccountAsync(10_000);
        var order = await app.PlaceAsync(account, OrderSide.Buy, 10, 150);
        orders.Contests = o => o.Status == OrderStatus.Filled;

        Assert.Equal(new OrderRunSummary(0, 0, 0), await app.ObserveAsync(150, Now));

        Assert.Equal(20, orders.Attempts);
        var error = Assert.Single(logs.AtLeast(LogLevel.Warning));
        Assert.Equal((LogLevel.Error, $"Could not evaluate order {order.Id} of account {account.Id}"), (error.Level, error.Message));
        var conflict = Assert.IsType<ConflictException>(error.Exception);
        Assert.Equal(("orderId", $"order {order.Id} is being changed by many writers at once"), (conflict.Field, conflict.Message));
        var decided = await app.ReloadAsync(order);
        Assert.Equal((OrderStatus.Pending, 150m), (decided.Status, decided.Fill!.Price));
        Assert.Equal(8_500m, await app.CashAsync(account)); // the buy is booked; only the order's closing write is missing

        orders.Contests = _ => false;
        Assert.Equal(new OrderRunSummary(1, 0, 0), await app.Get<OrderExecutor>().SweepAsync(default));
        Assert.Equal(OrderStatus.Filled, (await app.ReloadAsync(order)).Status);
        Assert.Equal(2, (await app.BookedAsync(account)).Count); // the deposit and one buy
    }

    [Fact]
    public async Task A_fill_another_executor_closed_first_is_left_as_that_executor_closed_it()
    {
        await using var app = App(out var orders, out var logs);
        var account = await app.CashAccountAsync(10_000);
        var order = await app.PlaceAsync(account, OrderSide.Buy, 10, 150);
        orders.Contests = o => o.Status == OrderStatus.Filled;
        orders.Remaining = 1;
        orders.Rival = current => OrderTransitions.Fill(current, "tx_rival", Now.AddSeconds(1));

        Assert.Equal(new OrderRunSummary(0, 0, 0), await app.ObserveAsync(150, Now));

        var filled = await app.ReloadAsync(order);
        Assert.Equal((OrderStatus.Filled, "tx_rival", Now.AddSeconds(1)), (filled.Status, filled.TransactionId, filled.ClosedAt));
        Assert.Equal(1, orders.Attempts);
        Assert.Empty(logs.AtLeast(LogLevel.Warning));
    }

    [Fact]
    public async Task Deciding_and_closing_a_fill_take_one_order_write_each()
    {
        await using var app = App(out var orders, out _);
        var account = await app.CashAccountAsync(10_000);
        var order = await app.PlaceAsync(account, OrderSide.Buy, 10, 150);
        orders.Contests = o => o.Id == order.Id;
        orders.Remaining = 0; // count only

        Assert.Equal(new OrderRunSummary(1, 0, 0), await app.ObserveAsync(150, Now));
        Assert.Equal(2, orders.Attempts); // a closing write on the order as decided (not the stale pre-decision copy) succeeds at once
    }
}
