using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Common;
using Portfolio.Application.Orders;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.Transactions;
using Portfolio.Domain.Transactions;
using Portfolio.Server.Tests.Support;

namespace Portfolio.Server.Tests;

/// <summary>Paper-trading orders through the server: every transition, market hours, expiry, buying power and share reservation.</summary>
public class OrderTests
{
    // Monday 3 June 2024, 14:00 in New York (TestApp.DefaultNow): the market is open.
    private static readonly DateTimeOffset Open = TestApp.DefaultNow;
    // Saturday 1 June 2024, 11:00 in New York: closed until Monday 09:30 (13:30Z); Monday's session closes 16:00 (20:00Z).
    private static readonly DateTimeOffset Saturday = new(2024, 6, 1, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MondayClose = new(2024, 6, 3, 20, 0, 0, TimeSpan.Zero);

    private static object Limit(string side, string symbol, decimal quantity, decimal limit, string tif = "gtc") =>
        new { side, symbol, quantity, type = "limit", limitPrice = limit, timeInForce = tif };

    private static object Market(string side, string symbol, decimal quantity, string tif = "day") =>
        new { side, symbol, quantity, type = "market", timeInForce = tif };

    private static Task<(HttpStatusCode Status, JsonNode? Body)> PlaceAsync(HttpClient client, string account, object order, string? key = null) =>
        client.PostJsonAsync($"/api/accounts/{account}/orders", order, key);

    private static async Task<JsonNode> PlacedAsync(HttpClient client, string account, object order, string? key = null)
    {
        var (status, body) = await PlaceAsync(client, account, order, key);
        Assert.True(status == HttpStatusCode.Created, $"expected 201, got {(int)status}: {body}");
        return body!;
    }

    private static async Task<JsonNode> OrderAsync(HttpClient client, string account, JsonNode order) =>
        (await client.GetJsonAsync($"/api/accounts/{account}/orders/{Id(order)}")).Body!;

    private static string Id(JsonNode order) => order["id"]!.GetValue<string>();
    private static string Status(JsonNode order) => order["status"]!.GetValue<string>();

    private static async Task<decimal> CashAsync(HttpClient client, string account) =>
        (await client.GetJsonAsync($"/api/accounts/{account}/positions")).Body!["cash"].Dec();

    private static async Task<decimal> QuantityAsync(HttpClient client, string account, string symbol) =>
        (await client.GetJsonAsync($"/api/accounts/{account}/positions")).Body!["positions"]!.AsArray()
            .Where(p => p!["symbol"]!.GetValue<string>() == symbol).Select(p => p!["quantity"].Dec()).SingleOrDefault();

    private static async Task<List<JsonNode>> TransactionsAsync(HttpClient client, string account) =>
        (await client.GetJsonAsync($"/api/accounts/{account}/transactions?pageSize=500")).Body!["items"]!.AsArray().Select(i => i!["transaction"]!).ToList();

    private static async Task<(HttpClient Alice, HttpClient Admin, string Account)> FundedAsync(TestApp app, decimal deposit, string date = "2024-05-31")
    {
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync(marginAllowance: 0);
        await alice.RecordAsync(account, Requests.Deposit(date, deposit));
        return (alice, app.ClientFor("ops", admin: true), account);
    }

    [Fact]
    public async Task Market_buy_with_a_fresh_quote_in_market_hours_fills_at_once_and_books_one_buy()
    {
        await using var app = await TestApp.StartAsync();
        var (alice, admin, account) = await FundedAsync(app, 10_000);
        await admin.PushPricesAsync(("AAPL", 190.25m, Open.AddMinutes(-1)));

        var order = await PlacedAsync(alice, account, Market("buy", "AAPL", 10));

        Assert.Equal("filled", Status(order));
        Assert.Equal(190.25m, order["fill"]!["price"].Dec());
        Assert.Equal(Open, order["closedAt"]!.GetValue<DateTimeOffset>());
        var buy = (await TransactionsAsync(alice, account)).Single(t => t["type"]!.GetValue<string>() == "buy");
        Assert.Equal((10m, 190.25m, "2024-06-03"), (buy["quantity"].Dec(), buy["price"].Dec(), buy["tradeDate"]!.GetValue<string>()));
        Assert.Equal(buy["id"]!.GetValue<string>(), order["transactionId"]!.GetValue<string>());
        Assert.Equal(8_097.5m, await CashAsync(alice, account)); // 10,000 − 10 × 190.25
        Assert.Equal(10m, await QuantityAsync(alice, account, "AAPL"));
    }

    [Fact]
    public async Task Limit_buy_waits_for_a_quote_at_or_below_the_limit_and_fills_at_that_quote()
    {
        await using var app = await TestApp.StartAsync();
        var (alice, admin, account) = await FundedAsync(app, 10_000);

        var order = await PlacedAsync(alice, account, Limit("buy", "MSFT", 10, 180));
        Assert.Equal(("pending", 1_800m), (Status(order), order["reservedCash"].Dec())); // 10 × 180

        await admin.PushPricesAsync(("MSFT", 180.01m, Open.AddMinutes(-3)));
        Assert.Equal("pending", Status(await OrderAsync(alice, account, order)));
        await admin.PushPricesAsync(("MSFT", 179.5m, Open.AddMinutes(-2)));

        var filled = await OrderAsync(alice, account, order);
        Assert.Equal(("filled", 179.5m), (Status(filled), filled["fill"]!["price"].Dec()));
        Assert.Equal(8_205m, await CashAsync(alice, account)); // 10,000 − 10 × 179.5: the quote's price, below the limit
        Assert.Equal(2, (await TransactionsAsync(alice, account)).Count);
    }

    [Fact]
    public async Task Limit_sell_fills_at_a_quote_at_or_above_the_limit_with_the_accounts_lot_method()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var admin = app.ClientFor("ops", admin: true);
        var account = await alice.CreateAccountAsync(lotMethod: "lifo", marginAllowance: 0);
        await alice.RecordAsync(account, Requests.Deposit("2024-05-01", 5_000));
        await alice.RecordAsync(account, Requests.Buy("2024-05-02", "VTI", 10, 200));   // lot 1: 2,000
        await alice.RecordAsync(account, Requests.Buy("2024-05-03", "VTI", 10, 220));   // lot 2: 2,200

        var order = await PlacedAsync(alice, account, Limit("sell", "VTI", 10, 250));
        await admin.PushPricesAsync(("VTI", 249.99m, Open.AddMinutes(-3)));
        Assert.Equal("pending", Status(await OrderAsync(alice, account, order)));
        await admin.PushPricesAsync(("VTI", 250m, Open.AddMinutes(-2)));

        Assert.Equal("filled", Status(await OrderAsync(alice, account, order)));
        // Cash 5,000 − 4,200 + 10 × 250 = 3,300; LIFO sells lot 2: gain 2,500 − 2,200 = 300.
        Assert.Equal(3_300m, await CashAsync(alice, account));
        Assert.Equal(300m, (await alice.GetJsonAsync($"/api/accounts/{account}/realized-gains")).Body!["recognizedGain"].Dec());
    }

    [Fact]
    public async Task Pending_buys_reserve_cash_that_new_orders_and_withdrawals_cannot_spend()
    {
        await using var app = await TestApp.StartAsync();
        var (alice, _, account) = await FundedAsync(app, 1_000);

        var first = await PlacedAsync(alice, account, Limit("buy", "AAPL", 5, 150));   // reserves 750, leaves 250
        (await PlaceAsync(alice, account, Limit("buy", "AAPL", 2, 125.01m))).AssertProblem(HttpStatusCode.UnprocessableEntity, "quantity"); // 250.02
        await PlacedAsync(alice, account, Limit("buy", "AAPL", 2, 125));                // exactly 250
        (await alice.PostJsonAsync($"/api/accounts/{account}/transactions", new { type = "withdrawal", tradeDate = "2024-06-03", amount = 0.01m }))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "amount");

        await alice.SendAsync(HttpMethod.Delete, $"/api/accounts/{account}/orders/{Id(first)}");
        await alice.RecordAsync(account, new { type = "withdrawal", tradeDate = "2024-06-03", amount = 750m });
        Assert.Equal(250m, await CashAsync(alice, account));
    }

    [Fact]
    public async Task Market_buy_reserves_the_latest_price_plus_five_percent()
    {
        await using var app = await TestApp.StartAsync(Saturday);
        var (alice, admin, account) = await FundedAsync(app, 1_000);
        await admin.PushPricesAsync(("AAPL", 100m, new DateTimeOffset(2024, 5, 31, 19, 59, 0, TimeSpan.Zero)));   // Friday's last quote

        (await PlaceAsync(alice, account, Market("buy", "AAPL", 10))).AssertProblem(HttpStatusCode.UnprocessableEntity, "quantity"); // 1,050
        var order = await PlacedAsync(alice, account, Market("buy", "AAPL", 9));                                                    // 945
        Assert.Equal(("pending", 945m), (Status(order), order["reservedCash"].Dec()));
        (await PlaceAsync(alice, account, Market("buy", "NOPRICE", 1))).AssertProblem(HttpStatusCode.UnprocessableEntity, "symbol");
    }

    [Fact]
    public async Task Pending_sell_reserves_its_shares_against_other_sales_and_transfers()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync(marginAllowance: 0);
        await alice.RecordAsync(account, Requests.Deposit("2024-05-01", 5_000));
        await alice.RecordAsync(account, Requests.Buy("2024-05-02", "VTI", 10, 200));

        await PlacedAsync(alice, account, Limit("sell", "VTI", 8, 500));
        (await PlaceAsync(alice, account, Limit("sell", "VTI", 3, 500))).AssertProblem(HttpStatusCode.UnprocessableEntity, "quantity"); // 2 free
        (await alice.PostJsonAsync($"/api/accounts/{account}/transactions", Requests.Sell("2024-06-03", "VTI", 3, 210)))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "quantity");
        (await alice.PostJsonAsync($"/api/accounts/{account}/transactions", new { type = "transferOut", tradeDate = "2024-06-03", symbol = "VTI", quantity = 3m }))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "quantity");
        await alice.RecordAsync(account, Requests.Sell("2024-06-03", "VTI", 2, 210));   // the 2 free shares
        Assert.Equal(8m, await QuantityAsync(alice, account, "VTI"));
        (await PlaceAsync(alice, account, Limit("sell", "AAPL", 1, 1))).AssertProblem(HttpStatusCode.UnprocessableEntity, "quantity"); // none held
    }

    [Fact]
    public async Task Cancel_closes_a_pending_order_once_and_a_filled_order_cannot_be_cancelled()
    {
        await using var app = await TestApp.StartAsync();
        var (alice, admin, account) = await FundedAsync(app, 10_000);
        var pending = await PlacedAsync(alice, account, Limit("buy", "AAPL", 1, 100));

        var cancelled = await alice.SendAsync(HttpMethod.Delete, $"/api/accounts/{account}/orders/{Id(pending)}");
        Assert.Equal(HttpStatusCode.OK, cancelled.Status);
        Assert.Equal(("cancelled", "cancelled by the owner"), (Status(cancelled.Body!), cancelled.Body!["reason"]!.GetValue<string>()));
        Assert.Equal(Open, cancelled.Body!["closedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(HttpStatusCode.OK, (await alice.SendAsync(HttpMethod.Delete, $"/api/accounts/{account}/orders/{Id(pending)}")).Status);
        await admin.PushPricesAsync(("AAPL", 99m, Open.AddMinutes(-1)));
        Assert.Equal("cancelled", Status(await OrderAsync(alice, account, pending)));   // a cancelled order never fills
        Assert.Single(await TransactionsAsync(alice, account));

        var filled = await PlacedAsync(alice, account, Market("buy", "AAPL", 1));
        Assert.Equal("filled", Status(filled));
        (await alice.SendAsync(HttpMethod.Delete, $"/api/accounts/{account}/orders/{Id(filled)}")).AssertProblem(HttpStatusCode.Conflict, "orderId");

        var list = (await alice.GetJsonAsync($"/api/accounts/{account}/orders?status=cancelled")).Body!.AsArray();
        Assert.Equal([Id(pending)], list.Select(o => Id(o!)));
        (await alice.GetJsonAsync($"/api/accounts/{account}/orders?status=done")).AssertProblem(HttpStatusCode.BadRequest, "status");
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor("mallory").GetJsonAsync($"/api/accounts/{account}/orders/{Id(pending)}")).Status);
    }

    [Fact]
    public async Task Market_order_placed_while_the_market_is_closed_waits_for_the_first_fresh_quote_in_market_hours()
    {
        await using var app = await TestApp.StartAsync(Saturday);
        var (alice, admin, account) = await FundedAsync(app, 10_000);
        await admin.PushPricesAsync(("AAPL", 100m, new DateTimeOffset(2024, 5, 31, 19, 59, 0, TimeSpan.Zero)));

        var order = await PlacedAsync(alice, account, Market("buy", "AAPL", 10));
        Assert.Equal("pending", Status(order));
        Assert.Equal(MondayClose, order["expiresAt"]!.GetValue<DateTimeOffset>());   // a day order placed on a weekend: Monday's session
        await admin.PushPricesAsync(("AAPL", 101m, Saturday.AddMinutes(-5)));          // a weekend quote does not fill
        Assert.Equal("pending", Status(await OrderAsync(alice, account, order)));

        app.Clock.SetUtcNow(new DateTimeOffset(2024, 6, 3, 13, 31, 0, TimeSpan.Zero));  // Monday 09:31
        (alice, admin) = (app.ClientFor("alice"), app.ClientFor("ops", admin: true));  // Saturday's tokens have expired
        await admin.PushPricesAsync(("AAPL", 102.5m, new DateTimeOffset(2024, 6, 3, 13, 30, 30, TimeSpan.Zero)));

        var filled = await OrderAsync(alice, account, order);
        Assert.Equal(("filled", 102.5m), (Status(filled), filled["fill"]!["price"].Dec()));
        Assert.Equal(8_975m, await CashAsync(alice, account)); // 10,000 − 10 × 102.5
    }

    [Fact]
    public async Task Day_order_expires_at_the_close_and_good_till_cancelled_stays()
    {
        await using var app = await TestApp.StartAsync();
        var (alice, _, account) = await FundedAsync(app, 10_000);
        var day = await PlacedAsync(alice, account, Limit("buy", "AAPL", 10, 100, "day"));
        var gtc = await PlacedAsync(alice, account, Limit("buy", "AAPL", 10, 100, "gtc"));
        Assert.Equal(MondayClose, day["expiresAt"]!.GetValue<DateTimeOffset>());
        var executor = app.Services.GetRequiredService<OrderExecutor>();

        app.Clock.SetUtcNow(MondayClose.AddTicks(-1));
        await executor.SweepAsync(CancellationToken.None);
        Assert.Equal("pending", Status(await OrderAsync(alice, account, day)));

        app.Clock.SetUtcNow(MondayClose);
        Assert.Equal(new OrderRunSummary(0, 1, 0), await executor.SweepAsync(CancellationToken.None));
        var expired = await OrderAsync(alice, account, day);
        Assert.Equal(("expired", MondayClose), (Status(expired), expired["closedAt"]!.GetValue<DateTimeOffset>()));
        Assert.Equal("pending", Status(await OrderAsync(alice, account, gtc)));
        Assert.Equal(new OrderRunSummary(0, 0, 0), await executor.SweepAsync(CancellationToken.None));   // once
        // The expired order's reservation is released: 10,000 − 1,000 reserved by the GTC order is available.
        await alice.RecordAsync(account, new { type = "withdrawal", tradeDate = "2024-06-03", amount = 9_000m });
    }

    [Fact]
    public async Task The_background_sweep_expires_a_day_order_once_the_fake_clock_passes_the_close()
    {
        await using var app = await TestApp.StartAsync(configure: builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Orders:SweepEnabled"] = "true" }));
        var (alice, _, account) = await FundedAsync(app, 10_000);
        var day = await PlacedAsync(alice, account, Limit("buy", "AAPL", 10, 100, "day"));

        // The worker sweeps at start and then every 30 s of the fake clock. Whether it is waiting yet or still in a sweep
        // when the clock jumps, moving on 30 s at a time wakes it; it only ever expires the order at or after the close.
        app.Clock.SetUtcNow(MondayClose);
        for (var step = 0; Status(await OrderAsync(alice, account, day)) == "pending"; step++)
        {
            Assert.True(step < 1000, "the background sweep did not expire the day order");
            app.Clock.Advance(TimeSpan.FromSeconds(30));
            await Task.Delay(10);
        }

        var expired = await OrderAsync(alice, account, day);
        Assert.Equal("expired", Status(expired));
        Assert.True(expired["closedAt"]!.GetValue<DateTimeOffset>() >= MondayClose);
    }

    [Fact]
    public async Task Fill_the_ledger_refuses_is_rejected_with_the_reason()
    {
        await using var app = await TestApp.StartAsync(Saturday);
        var (alice, admin, account) = await FundedAsync(app, 1_000);
        await admin.PushPricesAsync(("AAPL", 100m, new DateTimeOffset(2024, 5, 31, 19, 59, 0, TimeSpan.Zero)));
        var order = await PlacedAsync(alice, account, Market("buy", "AAPL", 9));   // reserves 945

        app.Clock.SetUtcNow(new DateTimeOffset(2024, 6, 3, 13, 31, 0, TimeSpan.Zero));
        (alice, admin) = (app.ClientFor("alice"), app.ClientFor("ops", admin: true));  // Saturday's tokens have expired
        await admin.PushPricesAsync(("AAPL", 120m, new DateTimeOffset(2024, 6, 3, 13, 30, 30, TimeSpan.Zero)));   // 9 × 120 = 1,080 > 1,000

        var rejected = await OrderAsync(alice, account, order);
        Assert.Equal("rejected", Status(rejected));
        Assert.Contains("quantity", rejected["reason"]!.GetValue<string>());
        Assert.Equal(1_000m, await CashAsync(alice, account));
        Assert.Single(await TransactionsAsync(alice, account));
    }

    [Fact]
    public async Task Retry_under_the_same_key_answers_the_original_order()
    {
        await using var app = await TestApp.StartAsync();
        var (alice, _, account) = await FundedAsync(app, 10_000);
        var first = await PlaceAsync(alice, account, Limit("buy", "AAPL", 10, 100), "o-1");
        var retry = await PlaceAsync(alice, account, Limit("buy", "AAPL", 10, 100), "o-1");
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.Status, retry.Status));
        Assert.Equal(Id(first.Body!), Id(retry.Body!));
        (await PlaceAsync(alice, account, Limit("buy", "AAPL", 11, 100), "o-1")).AssertProblem(HttpStatusCode.Conflict, "Idempotency-Key");
        Assert.Single((await alice.GetJsonAsync($"/api/accounts/{account}/orders")).Body!.AsArray());
    }

    [Theory]
    [InlineData("{\"side\":\"hold\",\"symbol\":\"AAPL\",\"quantity\":1}", "side", 400)]
    [InlineData("{\"side\":\"buy\",\"quantity\":1}", "symbol", 400)]
    [InlineData("{\"side\":\"buy\",\"symbol\":\"AAPL\"}", "quantity", 400)]
    [InlineData("{\"side\":\"buy\",\"symbol\":\"AAPL\",\"quantity\":0,\"type\":\"limit\",\"limitPrice\":1}", "quantity", 422)]
    [InlineData("{\"side\":\"buy\",\"symbol\":\"AAPL\",\"quantity\":1.5,\"type\":\"limit\",\"limitPrice\":1}", "quantity", 422)]
    [InlineData("{\"side\":\"buy\",\"symbol\":\"AAPL\",\"quantity\":1,\"type\":\"limit\"}", "limitPrice", 422)]
    [InlineData("{\"side\":\"buy\",\"symbol\":\"AAPL\",\"quantity\":1,\"type\":\"limit\",\"limitPrice\":-1}", "limitPrice", 422)]
    [InlineData("{\"side\":\"buy\",\"symbol\":\"AAPL\",\"quantity\":1,\"type\":\"market\",\"limitPrice\":1}", "limitPrice", 422)]
    [InlineData("{\"side\":\"buy\",\"symbol\":\"AAPL\",\"quantity\":1,\"type\":\"stop\"}", "type", 400)]
    [InlineData("{\"side\":\"buy\",\"symbol\":\"AAPL\",\"quantity\":1,\"type\":\"limit\",\"limitPrice\":1,\"timeInForce\":\"ioc\"}", "timeInForce", 400)]
    public async Task Bad_order_is_refused_naming_the_field_and_places_nothing(string json, string field, int status)
    {
        await using var app = await TestApp.StartAsync();
        var (alice, _, account) = await FundedAsync(app, 10_000);
        (await alice.SendAsync(HttpMethod.Post, $"/api/accounts/{account}/orders", rawBody: json)).AssertProblem((HttpStatusCode)status, field);
        Assert.Empty((await alice.GetJsonAsync($"/api/accounts/{account}/orders")).Body!.AsArray());
    }

    [Fact]
    public async Task Same_quote_twice_and_two_concurrent_evaluations_book_each_fill_once()
    {
        await using var app = await TestApp.StartAsync();
        var (alice, admin, account) = await FundedAsync(app, 100_000);
        var orders = new List<JsonNode>();
        for (var i = 0; i < 20; i++) orders.Add(await PlacedAsync(alice, account, Limit("buy", "AAPL", 1 + i, 100)));
        var quote = new Quote("AAPL", 99.5m, Open.AddMinutes(-1), "test", QuoteKind.RealTime);
        var executor = app.Services.GetRequiredService<OrderExecutor>();

        var runs = await Task.WhenAll(executor.EvaluateAsync([quote], CancellationToken.None), executor.EvaluateAsync([quote], CancellationToken.None),
            admin.PushPricesAsync(("AAPL", 99.5m, quote.AsOf)).ContinueWith(_ => new OrderRunSummary(0, 0, 0)));
        await admin.PushPricesAsync(("AAPL", 99.5m, quote.AsOf));

        Assert.True(runs.Sum(r => r.Filled) <= 20, $"{runs.Sum(r => r.Filled)} fills reported for 20 orders");
        var filled = (await alice.GetJsonAsync($"/api/accounts/{account}/orders?status=filled")).Body!.AsArray();
        Assert.Equal(20, filled.Count);
        var buys = (await TransactionsAsync(alice, account)).Where(t => t["type"]!.GetValue<string>() == "buy").ToList();
        Assert.Equal(20, buys.Count);
        Assert.Equal(filled.Select(o => o!["transactionId"]!.GetValue<string>()).Order(), buys.Select(b => b["id"]!.GetValue<string>()).Order());
        Assert.Equal(210m, await QuantityAsync(alice, account, "AAPL"));          // 1 + 2 + … + 20
        Assert.Equal(100_000m - 210m * 99.5m, await CashAsync(alice, account));   // 79,105
    }

    [Fact]
    public async Task Fill_decided_but_not_booked_is_booked_by_the_sweep_and_one_booked_but_not_marked_is_marked()
    {
        await using var app = await TestApp.StartAsync();
        var (alice, _, account) = await FundedAsync(app, 10_000);
        var store = app.Services.GetRequiredService<IOrderStore>();
        var quote = new Quote("AAPL", 95m, Open.AddMinutes(-1), "test", QuoteKind.RealTime);
        var a = await PlacedAsync(alice, account, Limit("buy", "AAPL", 10, 100));
        var b = await PlacedAsync(alice, account, Limit("buy", "AAPL", 20, 100));

        // A: the process died right after deciding the fill. B: it died after booking, before marking the order filled.
        var orderA = (await store.GetAsync(account, Id(a), CancellationToken.None))!;
        Assert.True(await store.TryReplaceAsync(OrderTransitions.Decide(orderA, quote, Open), CancellationToken.None));
        var orderB = (await store.GetAsync(account, Id(b), CancellationToken.None))!;
        Assert.True(await store.TryReplaceAsync(OrderTransitions.Decide(orderB, quote, Open), CancellationToken.None));
        var accountDoc = (await app.Services.GetRequiredService<IAccountStore>().GetAsync("alice", account, CancellationToken.None))!;
        var booked = await app.Services.GetRequiredService<TransactionService>().RecordAsync(accountDoc,
            new RecordTransactionRequest(account, new Buy("", new DateOnly(2024, 6, 3), "AAPL", 20, 95), orderB.FillKey, "order-fill:" + orderB.Id, orderB.Id),
            CancellationToken.None);
        (await alice.SendAsync(HttpMethod.Delete, $"/api/accounts/{account}/orders/{Id(a)}")).AssertProblem(HttpStatusCode.Conflict, "orderId");

        var sweep = await app.Services.GetRequiredService<OrderExecutor>().SweepAsync(CancellationToken.None);

        Assert.Equal(new OrderRunSummary(2, 0, 0), sweep);
        Assert.Equal(booked.Entry.Transaction.Id, (await OrderAsync(alice, account, b))["transactionId"]!.GetValue<string>());
        Assert.Equal("filled", Status(await OrderAsync(alice, account, a)));
        Assert.Equal(3, (await TransactionsAsync(alice, account)).Count);   // the deposit and one buy each
        Assert.Equal(30m, await QuantityAsync(alice, account, "AAPL"));
        Assert.Equal(7_150m, await CashAsync(alice, account));              // 10,000 − 30 × 95
        Assert.Equal(new OrderRunSummary(0, 0, 0), await app.Services.GetRequiredService<OrderExecutor>().SweepAsync(CancellationToken.None));
    }
}
