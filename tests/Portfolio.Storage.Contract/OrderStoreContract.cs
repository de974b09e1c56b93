using Portfolio.Application.Common;
using Portfolio.Application.Orders;

namespace Portfolio.Storage.Contract;

public abstract class OrderStoreContract(IStorageFixture fixture)
{
    private readonly CancellationToken _ct = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2024, 6, 3, 14, 0, 0, TimeSpan.Zero);

    private static Order NewOrder(string accountId, string symbol, DateTimeOffset createdAt, OrderSide side = OrderSide.Buy, string? id = null) =>
        new(id ?? TestData.NewId("ord"), accountId, "owner-1", side, symbol, 12.345678m, OrderType.Limit, 101.000001m, TimeInForce.Day,
            createdAt, createdAt.AddHours(6), 1_246.9193302m, IdempotencyKey: "key-1", RequestHash: "hash-1");

    private static string Json(Order order) => StorageJson.Serialize(order with { ConcurrencyToken = null });

    [ContractFact]
    public async Task Created_order_reads_back_field_by_field_and_a_second_create_of_its_id_changes_nothing()
    {
        var account = TestData.NewId("acc");
        var order = NewOrder(account, "AAPL", T0);

        Assert.True(await fixture.Orders.TryCreateAsync(order, _ct));
        Assert.False(await fixture.Orders.TryCreateAsync(order with { Quantity = 1 }, _ct));

        var read = await fixture.Orders.GetAsync(account, order.Id, _ct);
        Assert.NotNull(read);
        Assert.Equal(Json(order), Json(read));
        Assert.Equal((12.345678m, 101.000001m, 1_246.9193302m), (read.Quantity, read.LimitPrice, read.ReservedCash));
        Assert.False(string.IsNullOrEmpty(read.ConcurrencyToken));
        Assert.Null(await fixture.Orders.GetAsync(TestData.NewId("acc"), order.Id, _ct));
        Assert.Null(await fixture.Orders.GetAsync(account, "ord-none", _ct));
    }

    [ContractFact]
    public async Task A_transition_with_its_outbox_event_reads_back_and_a_stale_token_is_refused()
    {
        var account = TestData.NewId("acc");
        var order = NewOrder(account, "MSFT", T0);
        await fixture.Orders.TryCreateAsync(order, _ct);
        var pending = (await fixture.Orders.GetAsync(account, order.Id, _ct))!;

        var decided = OrderTransitions.Decide(pending, new Application.Prices.Quote("MSFT", 100.5m, T0.AddMinutes(1), "feed", Application.Prices.QuoteKind.RealTime), T0.AddMinutes(2));
        Assert.True(await fixture.Orders.TryReplaceAsync(decided, _ct));
        Assert.False(await fixture.Orders.TryReplaceAsync(OrderTransitions.Close(pending, OrderStatus.Cancelled, T0, "late"), _ct));

        var current = (await fixture.Orders.GetAsync(account, order.Id, _ct))!;
        Assert.NotEqual(pending.ConcurrencyToken, current.ConcurrencyToken);
        var filled = OrderTransitions.Fill(current, "tx_1", T0.AddMinutes(3));
        Assert.True(await fixture.Orders.TryReplaceAsync(filled, _ct));

        var read = (await fixture.Orders.GetAsync(account, order.Id, _ct))!;
        Assert.Equal(Json(filled), Json(read));
        Assert.Equal((OrderStatus.Filled, 100.5m, "tx_1"), (read.Status, read.Fill!.Price, read.TransactionId));
        Assert.Equal(OrderTransitions.Filled, Assert.Single(read.Outbox!).Kind);
        Assert.False(await fixture.Orders.TryReplaceAsync(filled with { ConcurrencyToken = null }, _ct));
    }

    [ContractFact]
    public async Task Of_racing_replaces_under_one_token_exactly_one_wins()
    {
        var account = TestData.NewId("acc");
        var order = NewOrder(account, "VTI", T0);
        await fixture.Orders.TryCreateAsync(order, _ct);
        var pending = (await fixture.Orders.GetAsync(account, order.Id, _ct))!;

        var results = await Task.WhenAll(Enumerable.Range(0, fixture.ParallelAppenders).Select(i =>
            fixture.Orders.TryReplaceAsync(OrderTransitions.Close(pending, OrderStatus.Cancelled, T0, $"writer {i}"), _ct)));

        Assert.Equal(1, results.Count(r => r));
        var winner = Array.IndexOf(results, true);
        Assert.Equal($"writer {winner}", (await fixture.Orders.GetAsync(account, order.Id, _ct))!.Reason);
    }

    [ContractFact]
    public async Task Listings_by_account_status_symbol_and_outbox_find_exactly_their_orders_oldest_first()
    {
        var (a, b) = (TestData.NewId("acc"), TestData.NewId("acc"));
        var (s1, s2) = (TestData.NewId("S"), TestData.NewId("S"));
        var second = NewOrder(a, s1, T0.AddMinutes(2));
        var first = NewOrder(a, s2, T0.AddMinutes(1));
        var other = NewOrder(b, s1, T0.AddMinutes(3), OrderSide.Sell);
        var closed = NewOrder(a, s1, T0);
        foreach (var o in new[] { second, first, other, closed }) Assert.True(await fixture.Orders.TryCreateAsync(o, _ct));
        var toExpire = (await fixture.Orders.GetAsync(a, closed.Id, _ct))!;
        Assert.True(await fixture.Orders.TryReplaceAsync(OrderTransitions.Close(toExpire, OrderStatus.Expired, T0.AddHours(6), "day over"), _ct));

        Assert.Equal([closed.Id, first.Id, second.Id], (await fixture.Orders.ListByAccountAsync(a, null, _ct)).Select(o => o.Id));
        Assert.Equal([first.Id, second.Id], (await fixture.Orders.ListByAccountAsync(a, OrderStatus.Pending, _ct)).Select(o => o.Id));
        Assert.Equal([closed.Id], (await fixture.Orders.ListByAccountAsync(a, OrderStatus.Expired, _ct)).Select(o => o.Id));
        Assert.Equal([second.Id, other.Id], (await fixture.Orders.ListPendingAsync([s1], _ct)).Select(o => o.Id));
        var everyPending = (await fixture.Orders.ListPendingAsync(null, _ct)).Select(o => o.Id).ToList();
        Assert.Equal([first.Id, second.Id, other.Id], everyPending.Where(id => id == first.Id || id == second.Id || id == other.Id || id == closed.Id));

        var withOutbox = (await fixture.Orders.ListWithOutboxAsync(10_000, _ct)).Select(o => o.Id).ToList();
        Assert.Contains(closed.Id, withOutbox);
        Assert.DoesNotContain(first.Id, withOutbox);
        var relayed = (await fixture.Orders.GetAsync(a, closed.Id, _ct))!;
        Assert.True(await fixture.Orders.TryReplaceAsync(relayed with { Outbox = [] }, _ct));
        Assert.DoesNotContain(closed.Id, (await fixture.Orders.ListWithOutboxAsync(10_000, _ct)).Select(o => o.Id));
    }
}
