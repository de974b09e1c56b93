using System.Net;
using Portfolio.Server.Tests.Support;

namespace Portfolio.Server.Tests;

public class TransactionRoutesTests
{
    [Fact]
    public async Task Sell_answers_with_its_realized_pieces()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync();
        await alice.RecordAsync(account, Requests.Buy("2023-01-10", "MSFT", 10, 200, fee: 5));   // basis 2005
        await alice.RecordAsync(account, Requests.Buy("2024-01-10", "MSFT", 10, 300));           // basis 3000

        // FIFO: 15 shares = all of lot 1 (basis 2005) + 5 of lot 2 (basis 1500); proceeds 15 × 400 − 6 fee = 5994,
        // the fee shared 10:5 → 4 and 2; pieces: 3996 − 2005 = 1991 long-term, 1998 − 1500 = 498 short-term.
        var sale = await alice.RecordAsync(account, Requests.Sell("2024-05-01", "MSFT", 15, 400, fee: 6));
        var pieces = sale["realized"]!.AsArray();
        Assert.Equal(2, pieces.Count);
        Assert.Equal((10m, 3996m, 2005m, 1991m, "longTerm"), (pieces[0]!["quantity"].Dec(), pieces[0]!["proceeds"].Dec(), pieces[0]!["costBasis"].Dec(), pieces[0]!["gain"].Dec(), pieces[0]!["term"]!.GetValue<string>()));
        Assert.Equal((5m, 1998m, 1500m, 498m, "shortTerm"), (pieces[1]!["quantity"].Dec(), pieces[1]!["proceeds"].Dec(), pieces[1]!["costBasis"].Dec(), pieces[1]!["gain"].Dec(), pieces[1]!["term"]!.GetValue<string>()));
        Assert.Equal("sell", sale["transaction"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Retry_with_the_same_idempotency_key_returns_the_original_and_records_once()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync();
        var buy = Requests.Buy("2024-05-01", "AAPL", 10, 150);
        var first = await alice.PostJsonAsync($"/api/accounts/{account}/transactions", buy, "k-1");
        var retry = await alice.PostJsonAsync($"/api/accounts/{account}/transactions", buy, "k-1");

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.OK, retry.Status);
        Assert.Equal(first.Body!["transaction"]!["id"]!.GetValue<string>(), retry.Body!["transaction"]!["id"]!.GetValue<string>());
        Assert.Equal(1, (await alice.GetJsonAsync($"/api/accounts/{account}/transactions")).Body!["total"]!.GetValue<int>());

        (await alice.PostJsonAsync($"/api/accounts/{account}/transactions", Requests.Buy("2024-05-01", "AAPL", 11, 150), "k-1"))
            .AssertProblem(HttpStatusCode.Conflict, "Idempotency-Key");
        Assert.Equal(10m, (await alice.GetJsonAsync($"/api/accounts/{account}/positions")).Body!["positions"]![0]!["quantity"].Dec());
    }

    public static TheoryData<string, string, int> BadTransactions => new()
    {
        { "{\"type\":\"buy\",\"tradeDate\":\"2024-05-01\",\"symbol\":\"AAPL\",\"quantity\":10,\"price\":", "body", 400 },
        { "{\"type\":\"buy\",\"tradeDate\":\"2024-05-01\",\"symbol\":\"AAPL\",\"quantity\":\"ten\",\"price\":1}", "quantity", 400 },
        { "{\"type\":\"buy\",\"tradeDate\":\"2024-05-01\",\"symbol\":\"AAPL\",\"quantity\":1e40,\"price\":1}", "quantity", 400 },
        { "{\"type\":\"buy\",\"tradeDate\":\"01/05/2024\",\"symbol\":\"AAPL\",\"quantity\":1,\"price\":1}", "tradeDate", 400 },
        { "{\"type\":\"buy\",\"tradeDate\":\"2024-05-01\",\"symbol\":\"AAPL\",\"price\":1}", "quantity", 400 },
        { "{\"type\":\"bye\",\"tradeDate\":\"2024-05-01\",\"symbol\":\"AAPL\",\"quantity\":1,\"price\":1}", "type", 400 },
        { "{\"type\":\"buy\",\"tradeDate\":\"2024-05-01\",\"symbol\":\"AAPL\",\"quantity\":-5,\"price\":1}", "quantity", 422 },
        { "{\"type\":\"buy\",\"tradeDate\":\"2024-05-01\",\"symbol\":\"AAPL\",\"quantity\":0,\"price\":1}", "quantity", 422 },
        { "{\"type\":\"buy\",\"tradeDate\":\"2024-05-01\",\"symbol\":\"AAPL\",\"quantity\":1.0000001,\"price\":1}", "quantity", 422 },
        { "{\"type\":\"buy\",\"tradeDate\":\"2024-06-04\",\"symbol\":\"AAPL\",\"quantity\":1,\"price\":1}", "tradeDate", 422 },
        { "{\"type\":\"sell\",\"tradeDate\":\"2024-05-02\",\"symbol\":\"AAPL\",\"quantity\":11,\"price\":1}", "quantity", 422 },
        { "{\"type\":\"sell\",\"tradeDate\":\"2024-05-02\",\"symbol\":\"AAPL\",\"quantity\":1,\"price\":1,\"lots\":[{\"lotId\":\"nope\",\"quantity\":1}]}", "lots[0].lotId", 422 },
        { "{\"type\":\"withdrawal\",\"tradeDate\":\"2024-05-02\",\"amount\":-3}", "amount", 422 },
        { "{\"type\":\"buy\",\"tradeDate\":\"2024-05-01\",\"symbol\":\"AA PL\",\"quantity\":1,\"price\":1}", "symbol", 400 },
    };

    [Theory]
    [MemberData(nameof(BadTransactions))]
    public async Task Bad_transaction_is_refused_naming_the_field_and_changes_nothing(string json, string field, int status)
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync();
        await alice.RecordAsync(account, Requests.Buy("2024-05-01", "AAPL", 10, 100));

        (await alice.SendAsync(HttpMethod.Post, $"/api/accounts/{account}/transactions", rawBody: json)).AssertProblem((HttpStatusCode)status, field);

        Assert.Equal(1, (await alice.GetJsonAsync($"/api/accounts/{account}/transactions")).Body!["total"]!.GetValue<int>());
        var lots = (await alice.GetJsonAsync($"/api/accounts/{account}/tax-lots")).Body!.AsArray();
        Assert.Equal(10m, Assert.Single(lots)!["quantity"].Dec());
    }

    [Fact]
    public async Task Unknown_account_is_404()
    {
        await using var app = await TestApp.StartAsync();
        (await app.ClientFor("alice").PostJsonAsync("/api/accounts/acc_missing/transactions", Requests.Deposit("2024-05-01", 10)))
            .AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Oversized_body_is_413()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync();
        var huge = "{\"type\":\"deposit\",\"tradeDate\":\"2024-05-01\",\"amount\":1,\"symbol\":\"" + new string('A', 300_000) + "\"}";
        (await alice.SendAsync(HttpMethod.Post, $"/api/accounts/{account}/transactions", rawBody: huge)).AssertProblem(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Transactions_are_listed_by_trade_date_a_page_at_a_time()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync();
        foreach (var day in new[] { 5, 1, 3, 2, 4 })
            await alice.RecordAsync(account, Requests.Deposit($"2024-05-0{day}", day));

        var page2 = (await alice.GetJsonAsync($"/api/accounts/{account}/transactions?page=2&pageSize=2")).Body!;
        Assert.Equal(5, page2["total"]!.GetValue<int>());
        Assert.Equal(["2024-05-03", "2024-05-04"], page2["items"]!.AsArray().Select(i => i!["transaction"]!["tradeDate"]!.GetValue<string>()));
        (await alice.GetJsonAsync($"/api/accounts/{account}/transactions?pageSize=0")).AssertProblem(HttpStatusCode.UnprocessableEntity, "pageSize");
    }

    [Fact]
    public async Task Back_dated_buy_is_booked_in_date_order_and_later_sales_are_recomputed()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync(lotMethod: "lifo");
        await alice.RecordAsync(account, Requests.Buy("2024-05-01", "AAPL", 10, 100));
        await alice.RecordAsync(account, Requests.Sell("2024-05-10", "AAPL", 5, 120));  // LIFO from the only lot: gain 5 × 20 = 100

        // Recorded later, dated before the sale: LIFO now sells 5 of this lot at 110, gain 5 × 10 = 50.
        await alice.RecordAsync(account, Requests.Buy("2024-05-05", "AAPL", 5, 110));

        var realized = (await alice.GetJsonAsync($"/api/accounts/{account}/realized-gains")).Body!;
        var piece = Assert.Single(realized["items"]!.AsArray())!;
        Assert.Equal(50m, piece["gain"].Dec());
        Assert.Equal(550m, piece["costBasis"].Dec());
        var lot = Assert.Single((await alice.GetJsonAsync($"/api/accounts/{account}/tax-lots")).Body!.AsArray())!;
        Assert.Equal((10m, 1000m), (lot["quantity"].Dec(), lot["costBasis"].Dec()));
    }

    [Fact]
    public async Task Back_dated_sale_that_would_invalidate_a_later_sale_is_refused()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync();
        await alice.RecordAsync(account, Requests.Buy("2024-05-01", "AAPL", 10, 100));
        await alice.RecordAsync(account, Requests.Sell("2024-05-10", "AAPL", 8, 120));

        (await alice.PostJsonAsync($"/api/accounts/{account}/transactions", Requests.Sell("2024-05-05", "AAPL", 5, 110)))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "tradeDate");
        Assert.Equal(2, (await alice.GetJsonAsync($"/api/accounts/{account}/transactions")).Body!["total"]!.GetValue<int>());
    }
}
