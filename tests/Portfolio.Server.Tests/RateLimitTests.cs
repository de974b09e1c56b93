using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Portfolio.Api.RateLimiting;
using Portfolio.Server.Tests.Support;

namespace Portfolio.Server.Tests;

public class RateLimitTests
{
    /// <summary>A bucket that does not refill during a test: a refill every hour.</summary>
    private static Task<TestApp> StartWithLimitsAsync(int reads = 1000, int writes = 1000, int pushes = 1000) =>
        TestApp.StartAsync(configure: builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RateLimits:Reads:TokenLimit"] = $"{reads}",
            ["RateLimits:Reads:TokensPerPeriod"] = "1",
            ["RateLimits:Reads:PeriodSeconds"] = "3600",
            ["RateLimits:Writes:TokenLimit"] = $"{writes}",
            ["RateLimits:Writes:TokensPerPeriod"] = "1",
            ["RateLimits:Writes:PeriodSeconds"] = "3600",
            ["RateLimits:PricePushes:TokenLimit"] = $"{pushes}",
            ["RateLimits:PricePushes:TokensPerPeriod"] = "1",
            ["RateLimits:PricePushes:PeriodSeconds"] = "3600",
        }));

    [Fact]
    public async Task A_write_over_the_callers_limit_is_refused_with_429_retry_after_and_a_problem_body_and_changes_nothing()
    {
        await using var app = await StartWithLimitsAsync(writes: 2);
        using var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync();                          // write 1
        await alice.RecordAsync(account, Requests.Deposit("2024-05-01", 100m)); // write 2

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/accounts/{account}/transactions")
        {
            Content = System.Net.Http.Json.JsonContent.Create(Requests.Deposit("2024-05-02", 50m)),
        };
        using var refused = await alice.SendAsync(request);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        // One token is missing and the bucket refills one token per 3,600 s: retry after one period.
        Assert.Equal("3600", Assert.Single(refused.Headers.GetValues("Retry-After")));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.Nodes.JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal(429, problem["status"]!.GetValue<int>());
        Assert.Equal(RateLimited.Title, problem["title"]!.GetValue<string>());
        Assert.Contains("writes", problem["detail"]!.GetValue<string>());

        var (_, page) = await alice.GetJsonAsync($"/api/accounts/{account}/transactions");
        Assert.Equal(1, page!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task One_caller_at_its_limit_does_not_limit_another()
    {
        await using var app = await StartWithLimitsAsync(reads: 3);
        using var alice = app.ClientFor("alice");
        using var bob = app.ClientFor("bob");

        var aliceStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) aliceStatuses.Add((await alice.GetAsync("/api/accounts")).StatusCode);
        var bobStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) bobStatuses.Add((await bob.GetAsync("/api/accounts")).StatusCode);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], aliceStatuses);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], bobStatuses);
    }

    [Fact]
    public async Task Writes_and_reads_are_limited_separately()
    {
        await using var app = await StartWithLimitsAsync(reads: 2, writes: 1);
        using var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync();

        var secondWrite = await alice.PostJsonAsync("/api/accounts/" + account + "/transactions", Requests.Deposit("2024-05-01", 100m));
        var firstRead = await alice.GetJsonAsync("/api/accounts/" + account);
        var secondRead = await alice.GetJsonAsync("/api/accounts");
        var thirdRead = await alice.GetJsonAsync("/api/accounts");

        secondWrite.AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, firstRead.Status);
        Assert.Equal(HttpStatusCode.OK, secondRead.Status);
        thirdRead.AssertProblem(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Admin_price_pushes_have_their_own_limit()
    {
        await using var app = await StartWithLimitsAsync(writes: 1, pushes: 1);
        using var admin = app.ClientFor("ops", admin: true);
        var quote = new { quotes = new[] { new { symbol = "AAPL", price = 190.5m, asOf = TestApp.DefaultNow.AddMinutes(-5), source = "feed" } } };

        var firstPush = await admin.PostJsonAsync("/api/prices", quote);
        var secondPush = await admin.PostJsonAsync("/api/prices", quote);
        var write = await admin.PostJsonAsync("/api/accounts", new { name = "Ops", type = "taxable", currency = "USD", lotMethod = "fifo", tracksCash = true, allowsFractionalShares = false });

        Assert.Equal(HttpStatusCode.OK, firstPush.Status);
        secondPush.AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.Created, write.Status);
    }

    [Fact]
    public async Task Health_metrics_and_the_openapi_document_are_never_limited()
    {
        await using var app = await StartWithLimitsAsync(reads: 1);
        using var client = app.Anonymous();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            foreach (var path in new[] { "/health", "/health/live", "/metrics", "/openapi/v1.json" })
                statuses.Add((await client.GetAsync(path)).StatusCode);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task Anonymous_api_requests_share_one_limit_by_address()
    {
        await using var app = await StartWithLimitsAsync(reads: 2);
        using var anonymous = app.Anonymous();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) statuses.Add((await anonymous.GetAsync("/api/accounts")).StatusCode);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task A_limit_that_cannot_work_stops_the_start_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(configure: builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["RateLimits:Writes:TokenLimit"] = "0" })));

        Assert.Contains("RateLimits:Writes:TokenLimit must be between 1 and 10000000", error.Message);
    }
}
