using Portfolio.Application.Common;
using Portfolio.Application.Orders;
using Portfolio.Domain;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;
using static Portfolio.Application.Tests.Orders.OrderDesk;

namespace Portfolio.Application.Tests.Orders;

/// <summary>Placing orders: buying power, share reservations, validation, idempotency and the day order's close.</summary>
public class OrderPlacementTests
{
    private static readonly DateTimeOffset FridayAfternoon = new(2024, 5, 31, 19, 0, 0, TimeSpan.Zero); // 15:00 New York: stale by Monday 14:00

    [Fact]
    public async Task A_limit_buy_reserves_quantity_times_limit_and_later_buys_may_spend_only_the_rest()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(10_000);

        var first = await app.PlaceAsync(account, OrderSide.Buy, 50, 150);
        Assert.Equal(OrderStatus.Pending, first.Status);
        Assert.Equal(7_500m, first.ReservedCash); // 50 × 150

        var refused = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.PlaceAsync(account, OrderSide.Buy, 17, 150)); // 2,550 > 2,500 left
        Assert.Equal("quantity", refused.Field);
        Assert.Equal("needs 2550 of buying power but 2500 is available (cash 10000, reserved by pending buys 7500)", refused.Reason);

        var exact = await app.PlaceAsync(account, OrderSide.Buy, 20, 125); // 2,500: exactly what is left
        Assert.Equal(2_500m, exact.ReservedCash);
        await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.PlaceAsync(account, OrderSide.Buy, 1, 0.01m));
        Assert.Equal(2, (await app.Get<OrderService>().ListAsync(app.Alice, account.Id, OrderStatus.Pending, default)).Count);
        Assert.Equal(10_000m, await app.CashAsync(account)); // reserving spends nothing
    }

    [Fact]
    public async Task The_margin_allowance_adds_to_buying_power()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(1_000, margin: 500);

        Assert.Equal(1_500m, (await app.PlaceAsync(account, OrderSide.Buy, 10, 150)).ReservedCash); // cash 1,000 + margin 500
        var refused = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.PlaceAsync(account, OrderSide.Buy, 1, 0.01m));
        Assert.Equal("needs 0.01 of buying power but 0 is available (cash 1000, reserved by pending buys 1500)", refused.Reason);
    }

    [Fact]
    public async Task A_market_buy_reserves_five_percent_above_the_latest_price()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(10_000);
        await app.StoreQuoteAsync(200, FridayAfternoon); // stale now, so the order waits

        var order = await app.PlaceAsync(account, OrderSide.Buy, 10, null);

        Assert.Equal(OrderStatus.Pending, order.Status);
        Assert.Equal(2_100m, order.ReservedCash); // 10 × 200 × 1.05
        Assert.Null(order.LimitPrice);
        Assert.Equal(OrderType.Market, order.Type);
    }

    [Fact]
    public async Task A_market_buy_without_any_price_is_refused_naming_the_symbol_only_when_the_account_tracks_cash()
    {
        await using var app = new Harness();
        var cash = await app.CashAccountAsync(10_000);
        var refused = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.PlaceAsync(cash, OrderSide.Buy, 1, null));
        Assert.Equal("symbol", refused.Field);
        Assert.Equal("AAPL has no price yet, so a market buy cannot be covered; place a limit order", refused.Reason);

        var securitiesOnly = await app.AccountAsync(); // TracksCash false: nothing to reserve
        var order = await app.PlaceAsync(securitiesOnly, OrderSide.Buy, 1_000_000, null);
        Assert.Equal(0m, order.ReservedCash);
        Assert.Equal(OrderStatus.Pending, order.Status);
    }

    [Fact]
    public async Task A_sell_reserves_its_shares_so_later_sells_may_sell_only_the_free_ones_until_it_is_cancelled()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(10_000);
        await app.RecordAsync(account, id => new Buy(id, June3, "AAPL", 10, 100));
        await app.RecordAsync(account, id => new Buy(id, June3, "MSFT", 3, 100));

        var first = await app.PlaceAsync(account, OrderSide.Sell, 6, 500);
        Assert.Equal(0m, first.ReservedCash);
        await app.PlaceAsync(account, OrderSide.Buy, 5, 1); // a pending buy reserves cash, not shares
        await app.PlaceAsync(account, OrderSide.Sell, 3, 500, symbol: "MSFT"); // another symbol's reservation

        var refused = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.PlaceAsync(account, OrderSide.Sell, 5, 500));
        Assert.Equal("quantity", refused.Field);
        Assert.Equal("sells 5 AAPL but 4 are free (held 10, reserved by pending sells 6)", refused.Reason);
        await app.PlaceAsync(account, OrderSide.Sell, 4, 500); // exactly the free shares

        await app.Get<OrderService>().CancelAsync(app.Alice, account.Id, first.Id, default);
        Assert.Equal(6m, (await app.PlaceAsync(account, OrderSide.Sell, 6, 500)).Quantity); // the cancelled reservation is free again
        await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.PlaceAsync(account, OrderSide.Sell, 1, 500, symbol: "NVDA")); // none held
    }

    [Fact]
    public void Reservations_count_only_pending_orders_other_than_the_one_being_filled()
    {
        Order Make(string id, OrderSide side, decimal quantity, decimal cash, OrderStatus status = OrderStatus.Pending, string symbol = "AAPL") =>
            new(id, "acc", "alice", side, symbol, quantity, OrderType.Limit, 10, TimeInForce.Gtc, Now, null, cash, status);
        var orders = new[]
        {
            Make("b1", OrderSide.Buy, 10, 100), Make("b2", OrderSide.Buy, 5, 50), Make("b3", OrderSide.Buy, 1, 7, OrderStatus.Filled),
            Make("s1", OrderSide.Sell, 4, 0), Make("s2", OrderSide.Sell, 2, 0), Make("s3", OrderSide.Sell, 9, 0, OrderStatus.Cancelled),
            Make("s4", OrderSide.Sell, 1.5m, 0, symbol: "MSFT"),
        };

        var all = OrderReservations.Of(orders);
        Assert.Equal(150m, all.Cash);
        Assert.Equal(6m, all.SharesOf("AAPL"));
        Assert.Equal(1.5m, all.SharesOf("MSFT"));
        Assert.Equal(0m, all.SharesOf("NVDA"));

        var fillingB1 = OrderReservations.Of(orders, "b1");
        Assert.Equal(50m, fillingB1.Cash);
        Assert.Equal(2m, OrderReservations.Of(orders, "s1").SharesOf("AAPL"));
        Assert.Equal(0m, OrderReservations.None.Cash);
        Assert.Empty(OrderReservations.None.Shares);
    }

    [Fact]
    public async Task Placing_refuses_bad_quantities_and_limit_prices_naming_the_field()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(10_000);
        var service = app.Get<OrderService>();
        async Task<LedgerRuleViolation> Refused(decimal quantity, OrderType type, decimal? limit) =>
            await Assert.ThrowsAsync<LedgerRuleViolation>(() => service.PlaceAsync(app.Alice,
                new PlaceOrderRequest(account.Id, OrderSide.Buy, "AAPL", quantity, type, limit, TimeInForce.Gtc, null, "h"), default));

        Assert.Equal("quantity", (await Refused(0, OrderType.Limit, 10)).Field);
        var fractional = await Refused(1.5m, OrderType.Limit, 10);
        Assert.Equal(("quantity", "the account does not allow fractional shares"), (fractional.Field, fractional.Reason));
        var missing = await Refused(1, OrderType.Limit, null);
        Assert.Equal(("limitPrice", "is required for a limit order"), (missing.Field, missing.Reason));
        Assert.Equal("limitPrice", (await Refused(1, OrderType.Limit, 0)).Field);
        Assert.Equal("limitPrice", (await Refused(1, OrderType.Limit, -5)).Field);
        var precise = await Refused(1, OrderType.Limit, 100.1234567m);
        Assert.Equal(("limitPrice", "has more than 6 decimal places"), (precise.Field, precise.Reason));
        var marketWithLimit = await Refused(1, OrderType.Market, 10);
        Assert.Equal(("limitPrice", "applies only to a limit order"), (marketWithLimit.Field, marketWithLimit.Reason));

        Assert.Equal(100.1234560m, (await app.PlaceAsync(account, OrderSide.Buy, 1, 100.1234560m)).LimitPrice); // trailing zero: 6 significant places
        var fractionalAccount = await app.CashAccountAsync(1_000, fractional: true);
        Assert.Equal(15m, (await app.PlaceAsync(fractionalAccount, OrderSide.Buy, 1.5m, 10)).ReservedCash);
        Assert.Empty(await service.ListAsync(app.Alice, account.Id, OrderStatus.Cancelled, default));
        Assert.Single(await service.ListAsync(app.Alice, account.Id, null, default));
    }

    [Fact]
    public async Task A_retry_under_the_same_key_answers_the_same_order_and_another_request_under_it_is_a_conflict()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(10_000);
        var service = app.Get<OrderService>();
        PlaceOrderRequest Request(decimal quantity, string key, string hash) =>
            new(account.Id, OrderSide.Buy, "AAPL", quantity, OrderType.Limit, 100, TimeInForce.Gtc, key, hash);

        var first = await service.PlaceAsync(app.Alice, Request(10, "k1", "h1"), default);
        var again = await service.PlaceAsync(app.Alice, Request(10, "k1", "h1"), default);
        var conflict = await Assert.ThrowsAsync<ConflictException>(() => service.PlaceAsync(app.Alice, Request(20, "k1", "h2"), default));
        var other = await service.PlaceAsync(app.Alice, Request(10, "k2", "h1"), default);

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.Order.Id, again.Order.Id);
        Assert.Equal(Hashing.DeterministicId("ord_", account.Id, "k1"), first.Order.Id);
        Assert.Equal("Idempotency-Key", conflict.Field);
        Assert.NotEqual(first.Order.Id, other.Order.Id);
        Assert.Equal(2, (await service.ListAsync(app.Alice, account.Id, null, default)).Count);
        Assert.Equal("k1", first.Order.IdempotencyKey);
        Assert.Equal("h1", first.Order.RequestHash);
    }

    [Fact]
    public async Task Another_users_account_and_an_unknown_order_are_not_found()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(10_000);
        var service = app.Get<OrderService>();
        var bob = new Caller("bob");

        await Assert.ThrowsAsync<NotFoundException>(() => service.PlaceAsync(bob,
            new PlaceOrderRequest(account.Id, OrderSide.Buy, "AAPL", 1, OrderType.Limit, 1, TimeInForce.Gtc, null, "h"), default));
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => service.GetAsync(app.Alice, account.Id, "ord_missing", default));
        Assert.Equal("order", missing.Resource);
        await Assert.ThrowsAsync<NotFoundException>(() => service.CancelAsync(app.Alice, account.Id, "ord_missing", default));
    }

    [Theory]
    [InlineData("2024-06-03T18:00:00Z", "2024-06-03T20:00:00Z")] // Monday 14:00 New York: that session's 16:00 close
    [InlineData("2024-06-03T13:00:00Z", "2024-06-03T20:00:00Z")] // before the open: the same day's close
    [InlineData("2024-06-03T20:00:00Z", "2024-06-04T20:00:00Z")] // exactly at the close: the next session's
    [InlineData("2024-06-01T15:00:00Z", "2024-06-03T20:00:00Z")] // Saturday: Monday's close
    [InlineData("2024-07-03T15:00:00Z", "2024-07-03T17:00:00Z")] // the early close before Independence Day, 13:00 New York
    [InlineData("2024-07-03T17:30:00Z", "2024-07-05T20:00:00Z")] // after it: the holiday is skipped
    public void A_day_order_expires_at_the_close_of_the_session_it_was_placed_in_or_waits_for(string placed, string expires) =>
        Assert.Equal(DateTimeOffset.Parse(expires), OrderService.DayOrderExpiry(DateTimeOffset.Parse(placed)));

    [Fact]
    public async Task A_day_order_carries_its_close_and_a_good_till_cancelled_order_none()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(10_000);
        var day = await app.PlaceAsync(account, OrderSide.Buy, 1, 10, TimeInForce.Day);
        var gtc = await app.PlaceAsync(account, OrderSide.Buy, 1, 10, TimeInForce.Gtc);

        Assert.Equal(new DateTimeOffset(2024, 6, 3, 20, 0, 0, TimeSpan.Zero), day.ExpiresAt);
        Assert.Null(gtc.ExpiresAt);
        Assert.Equal(Now, day.CreatedAt);
        Assert.Equal("order:" + day.Id, day.FillKey);
    }

    [Fact]
    public async Task Placing_a_securities_only_buy_reserves_nothing_whatever_the_limit()
    {
        await using var app = new Harness();
        var account = await app.FundedAsync(new AccountSettings(AccountType.Ira, "USD", LotMethod.Fifo, TracksCash: false), 0);
        Assert.Equal(0m, (await app.PlaceAsync(account, OrderSide.Buy, 100, 1_000)).ReservedCash);
    }
}
