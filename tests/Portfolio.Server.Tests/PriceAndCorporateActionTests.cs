using System.Net;
using Portfolio.Server.Tests.Support;

namespace Portfolio.Server.Tests;

public class PriceAndCorporateActionTests
{
    [Fact]
    public async Task Pushed_quotes_are_validated_and_readable_with_history()
    {
        await using var app = await TestApp.StartAsync();
        var admin = app.ClientFor("ops", admin: true);
        var now = app.Clock.GetUtcNow();
        var (status, body) = await admin.PostJsonAsync("/api/prices", new
        {
            quotes = new object[]
            {
                new { symbol = "AAPL", price = 190.5m, asOf = now.AddMinutes(-20), source = "feed" },
                new { symbol = "AAPL", price = 191.25m, asOf = now.AddMinutes(-10), source = "feed" },
                new { symbol = "MSFT", price = 0m, asOf = now, source = "feed" },
                new { symbol = "IBM", price = 170m, asOf = now.AddHours(1), source = "feed" },
            },
        });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body!["stored"]!.AsArray().Count);
        Assert.Equal(2, body["rejected"]!.AsArray().Count); // zero price, and a quote from the future

        var aapl = (await app.ClientFor("alice").GetJsonAsync("/api/prices/aapl")).Body!;
        Assert.Equal(191.25m, aapl["latest"]!["price"].Dec());
        Assert.Equal("feed", aapl["latest"]!["source"]!.GetValue<string>());
        Assert.Equal([190.5m, 191.25m], aapl["history"]!.AsArray().Select(q => q!["price"].Dec()));
        Assert.Null((await app.ClientFor("alice").GetJsonAsync("/api/prices/MSFT")).Body!["latest"]);
    }

    [Fact]
    public async Task Split_is_booked_once_in_every_account_holding_the_symbol()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var bob = app.ClientFor("bob");
        var admin = app.ClientFor("ops", admin: true);
        var holder = await alice.CreateAccountAsync();
        await alice.RecordAsync(holder, Requests.Buy("2024-05-01", "NVDA", 10, 900));
        var other = await bob.CreateAccountAsync();
        await bob.RecordAsync(other, Requests.Buy("2024-05-01", "AMD", 10, 150));

        var split = new { type = "split", tradeDate = "2024-05-10", symbol = "NVDA", newShares = 10, oldShares = 1 };
        var first = await admin.PostJsonAsync("/api/corporate-actions", split);
        var again = await admin.PostJsonAsync("/api/corporate-actions", split);
        Assert.Equal((1, 0), (first.Body!["accountsApplied"]!.GetValue<int>(), first.Body["alreadyApplied"]!.GetValue<int>()));
        Assert.Equal((0, 1), (again.Body!["accountsApplied"]!.GetValue<int>(), again.Body["alreadyApplied"]!.GetValue<int>()));

        // 10 shares at 900 (basis 9000) become 100 shares at 90 each: basis unchanged.
        var lot = Assert.Single((await alice.GetJsonAsync($"/api/accounts/{holder}/tax-lots")).Body!.AsArray())!;
        Assert.Equal((100m, 9000m, 90m), (lot["quantity"].Dec(), lot["costBasis"].Dec(), lot["costPerShare"].Dec()));
        Assert.Equal(1, (await bob.GetJsonAsync($"/api/accounts/{other}/transactions")).Body!["total"]!.GetValue<int>());
        (await admin.PostJsonAsync("/api/corporate-actions", new { type = "buy", tradeDate = "2024-05-10", symbol = "NVDA", quantity = 1, price = 1 }))
            .AssertProblem(HttpStatusCode.BadRequest, "type");
    }

    [Theory]
    [InlineData("{\"type\":\"split\",\"tradeDate\":\"2024-05-10\",\"symbol\":\"NVDA\",\"newShares\":0,\"oldShares\":1}", "newShares")]
    [InlineData("{\"type\":\"split\",\"tradeDate\":\"2024-07-10\",\"symbol\":\"NVDA\",\"newShares\":2,\"oldShares\":1}", "tradeDate")]
    [InlineData("{\"type\":\"spinOff\",\"tradeDate\":\"2024-05-10\",\"symbol\":\"NVDA\",\"newSymbol\":\"NVDA\",\"sharesPerShare\":1,\"parentPrice\":1,\"newPrice\":1}", "newSymbol")]
    public async Task Malformed_corporate_action_is_refused_once_and_books_nothing(string json, string field)
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var holder = await alice.CreateAccountAsync();
        await alice.RecordAsync(holder, Requests.Buy("2024-05-01", "NVDA", 10, 900));

        (await app.ClientFor("ops", admin: true).SendAsync(HttpMethod.Post, "/api/corporate-actions", rawBody: json))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, field);
        Assert.Equal(1, (await alice.GetJsonAsync($"/api/accounts/{holder}/transactions")).Body!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Health_and_openapi_documents_are_served()
    {
        await using var app = await TestApp.StartAsync();
        var client = app.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var openapi = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/accounts/{accountId}/positions", openapi);
    }
}
