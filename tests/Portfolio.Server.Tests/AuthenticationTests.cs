using System.Net;
using Portfolio.Server.Tests.Support;

namespace Portfolio.Server.Tests;

public class AuthenticationTests
{
    [Fact]
    public async Task Request_without_token_is_401_problem()
    {
        await using var app = await TestApp.StartAsync();
        var response = await app.Anonymous().GetJsonAsync("/api/accounts");
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal(401, response.Body!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Token_signed_with_another_key_is_rejected()
    {
        await using var app = await TestApp.StartAsync();
        var forged = app.Token("alice", admin: true, key: "an-attacker-key-that-is-also-long-enough-000");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.WithToken(forged).GetJsonAsync("/api/accounts")).Status);
    }

    [Fact]
    public async Task Expired_token_is_rejected()
    {
        await using var app = await TestApp.StartAsync();
        var token = app.Token("alice", lifetime: TimeSpan.FromMinutes(5));
        app.Clock.Advance(TimeSpan.FromMinutes(10)); // past expiry plus the one-minute clock skew
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.WithToken(token).GetJsonAsync("/api/accounts")).Status);
    }

    [Fact]
    public async Task A_token_accepted_before_is_refused_once_it_expires()
    {
        await using var app = await TestApp.StartAsync();
        var token = app.Token("alice", lifetime: TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.OK, (await app.WithToken(token).GetJsonAsync("/api/accounts")).Status);
        app.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(59)); // within the one-minute clock skew: still accepted
        Assert.Equal(HttpStatusCode.OK, (await app.WithToken(token).GetJsonAsync("/api/accounts")).Status);
        app.Clock.Advance(TimeSpan.FromSeconds(2)); // past expiry plus skew
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.WithToken(token).GetJsonAsync("/api/accounts")).Status);
    }

    [Fact]
    public async Task Another_users_account_answers_404_on_every_route()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var bob = app.ClientFor("bob");
        var account = await alice.CreateAccountAsync();
        await alice.RecordAsync(account, Requests.Buy("2024-05-01", "AAPL", 10, 100));

        foreach (var path in new[] { "", "/transactions", "/positions", "/tax-lots", "/realized-gains", "/performance", "/rebalance", "/alerts" })
            (await bob.GetJsonAsync($"/api/accounts/{account}{path}")).AssertProblem(HttpStatusCode.NotFound);
        (await bob.PostJsonAsync($"/api/accounts/{account}/transactions", Requests.Sell("2024-05-02", "AAPL", 10, 1))).AssertProblem(HttpStatusCode.NotFound);
        (await bob.SendAsync(HttpMethod.Put, $"/api/accounts/{account}/targets", new { targets = new { AAPL = 100 } })).AssertProblem(HttpStatusCode.NotFound);

        var positions = await alice.GetJsonAsync($"/api/accounts/{account}/positions");
        Assert.Equal(10m, positions.Body!["positions"]![0]!["quantity"].Dec());
        Assert.Empty((await bob.GetJsonAsync("/api/accounts")).Body!.AsArray());
    }

    [Fact]
    public async Task Admin_routes_refuse_ordinary_users()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        (await alice.PostJsonAsync("/api/prices", new { quotes = new[] { new { symbol = "AAPL", price = 1m, asOf = TestApp.DefaultNow } } }))
            .AssertProblem(HttpStatusCode.Forbidden);
        (await alice.PostJsonAsync("/api/corporate-actions", new { type = "split", tradeDate = "2024-06-01", symbol = "AAPL", newShares = 2, oldShares = 1 }))
            .AssertProblem(HttpStatusCode.Forbidden);
    }
}
