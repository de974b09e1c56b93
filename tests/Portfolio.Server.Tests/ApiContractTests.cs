using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portfolio.Server.Tests.Support;

namespace Portfolio.Server.Tests;

/// <summary>The OpenAPI document declares what the handlers really answer, and refusals speak the API's language.</summary>
public class ApiContractTests
{
    [Fact]
    public async Task Every_status_a_route_answers_is_declared_in_the_openapi_document()
    {
        var observed = new StatusRecorder();
        await using var app = await TestApp.StartAsync(configure: builder => builder.Services.AddSingleton<IStartupFilter>(observed));
        await DriveEveryRouteAsync(app);
        var document = (await app.Anonymous().GetJsonAsync("/openapi/v1.json")).Body!;
        var declared = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().SelectMany(op => op.Value!["responses"]!.AsObject()
                .Select(r => $"{op.Value["operationId"]} {r.Key}")))
            .ToHashSet();

        var undeclared = observed.Pairs.Where(p => !declared.Contains(p)).Order().ToList();

        Assert.True(observed.Pairs.Count >= 70, $"the scenario should provoke most answers, saw {observed.Pairs.Count}: {string.Join(", ", observed.Pairs.Order())}");
        Assert.Equal(17, observed.Pairs.Select(p => p.Split(' ')[0]).Distinct().Count());
        Assert.True(undeclared.Count == 0, "answered but not declared: " + string.Join(", ", undeclared));
    }

    [Theory]
    [InlineData("{\"targets\":[\"VTI\",60]}", "targets", "such as {\"VTI\": 60, \"BND\": 40}")]
    [InlineData("{\"targets\":{\"VTI\":60},\"tolerance\":\"five\"}", "tolerance", "must be a number, such as 12.5")]
    [InlineData("{\"targets\":{\"VTI\":60},\"extra\":1}", "extra", "is not a field of this request")]
    public async Task A_body_of_the_wrong_shape_is_refused_in_the_apis_words(string json, string field, string expected)
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync();

        var response = await alice.SendAsync(HttpMethod.Put, $"/api/accounts/{account}/targets", rawBody: json);

        response.AssertProblem(HttpStatusCode.BadRequest, field);
        var reason = response.Body!["errors"]![field]![0]!.GetValue<string>();
        Assert.Contains(expected, reason);
        Assert.DoesNotContain("System.", response.Body.ToJsonString());
    }

    [Fact]
    public async Task A_value_out_of_range_is_invalid_and_an_oversell_breaks_an_accounting_rule()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync(tracksCash: false);

        var pageSize = await alice.GetJsonAsync($"/api/accounts/{account}/transactions?pageSize=0");
        var oversell = await alice.PostJsonAsync($"/api/accounts/{account}/transactions", Requests.Sell("2024-05-01", "AAPL", 1, 100));

        pageSize.AssertProblem(HttpStatusCode.UnprocessableEntity, "pageSize");
        Assert.Equal("The request is not valid.", pageSize.Body!["title"]!.GetValue<string>());
        oversell.AssertProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("The request breaks an accounting rule.", oversell.Body!["title"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/signing-key/)", "Key Vault reference")]
    [InlineData("REPLACE-ME: generate your own", "placeholder")]
    [InlineData("too-short-0123456789", "too weak")]
    public async Task The_server_refuses_to_start_with_an_unusable_signing_key(string key, string reason)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(signingKey: key));

        Assert.Contains("Auth:SigningKey", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1441")]
    public async Task The_server_refuses_to_start_with_a_price_cycle_interval_out_of_range(string minutes)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(configure: builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Pricing:IntervalMinutes"] = minutes })));

        Assert.Contains("Pricing:IntervalMinutes", error.Message);
    }

    /// <summary>Success and every refusal the scenario can provoke, on each of the routes.</summary>
    private static async Task DriveEveryRouteAsync(TestApp app)
    {
        var alice = app.ClientFor("alice");
        var bob = app.ClientFor("bob");
        var admin = app.ClientFor("ops", admin: true);
        var anonymous = app.Anonymous();
        var tooBig = "{\"name\":\"" + new string('x', 300 * 1024) + "\"}";
        const string accounts = "/api/accounts";

        var account = (await alice.PostJsonAsync(accounts, new { name = "A", type = "taxable", currency = "USD" }, "create-1")).Body!["id"]!.GetValue<string>();
        await alice.PostJsonAsync(accounts, new { name = "A", type = "taxable", currency = "USD" }, "create-1");
        await alice.PostJsonAsync(accounts, new { name = "B", type = "taxable", currency = "USD" }, "create-1");
        await alice.SendAsync(HttpMethod.Post, accounts, rawBody: "{");
        await alice.SendAsync(HttpMethod.Post, accounts, rawBody: tooBig);
        await alice.PostJsonAsync(accounts, new { name = "A", type = "taxable", currency = "US" });
        var bare = await alice.CreateAccountAsync();
        await anonymous.GetJsonAsync(accounts);
        await alice.GetJsonAsync(accounts);
        await alice.GetJsonAsync($"{accounts}/{account}");
        await bob.GetJsonAsync($"{accounts}/{account}");

        var transactions = $"{accounts}/{account}/transactions";
        await alice.PostJsonAsync(transactions, Requests.Deposit("2024-05-01", 10_000), "tx-1");
        await alice.PostJsonAsync(transactions, Requests.Deposit("2024-05-01", 10_000), "tx-1");
        await alice.PostJsonAsync(transactions, Requests.Deposit("2024-05-01", 20_000), "tx-1");
        await alice.PostJsonAsync(transactions, Requests.Buy("2024-05-01", "VTI", 10, 100));
        await alice.PostJsonAsync(transactions, Requests.Sell("2024-05-02", "VTI", 100, 100));
        await alice.SendAsync(HttpMethod.Post, transactions, rawBody: "{\"type\":");
        await alice.SendAsync(HttpMethod.Post, transactions, rawBody: tooBig);
        await bob.PostJsonAsync(transactions, Requests.Deposit("2024-05-01", 1));
        foreach (var query in new[] { "", "?page=x", "?pageSize=0" }) await alice.GetJsonAsync(transactions + query);
        await bob.GetJsonAsync(transactions);

        await admin.PushPricesAsync(("VTI", 110m, app.Clock.GetUtcNow().AddMinutes(-1)));
        foreach (var view in new[] { "positions", "tax-lots", "realized-gains", "rebalance" })
        {
            var path = $"{accounts}/{account}/{view}";
            await alice.SendAsync(HttpMethod.Put, $"{accounts}/{account}/targets", new { targets = new { VTI = 50 } });
            using var first = await alice.GetAsync(path);
            using var conditional = new HttpRequestMessage(HttpMethod.Get, path);
            conditional.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag?.ToString() ?? "\"none\"");
            using var _ = await alice.SendAsync(conditional);
            await bob.GetJsonAsync(path);
        }
        foreach (var query in new[] { "?year=x", "?year=0" }) await alice.GetJsonAsync($"{accounts}/{account}/realized-gains{query}");
        await alice.GetJsonAsync($"{accounts}/{bare}/rebalance");
        foreach (var query in new[] { "", "?from=x", "?from=2024-05-03&to=2024-05-01" }) await alice.GetJsonAsync($"{accounts}/{account}/performance{query}");
        await bob.GetJsonAsync($"{accounts}/{account}/performance");

        var imports = $"{accounts}/{account}/imports";
        foreach (var query in new[] { "?format=csv&dryRun=true", "?format=csv", "?format=x", "?dryRun=true", "?format=csv&dryRun=maybe" })
            await alice.SendAsync(HttpMethod.Post, imports + query, rawBody: "date,type,symbol,quantity,price\n2024-05-03,buy,VTI,1,100\n2024-05-03,buy,VTI,x,100\n");
        await bob.SendAsync(HttpMethod.Post, imports + "?format=csv", rawBody: "date,type\n");
        await alice.SendAsync(HttpMethod.Post, imports + "?format=csv", rawBody: new string('x', 51 * 1024 * 1024));
        foreach (var query in new[] { "?format=csv", "?format=x" }) await alice.GetAsync($"{accounts}/{account}/export{query}");
        await bob.GetJsonAsync($"{accounts}/{account}/export?format=csv");

        var targets = $"{accounts}/{account}/targets";
        await alice.SendAsync(HttpMethod.Put, targets, rawBody: "{\"targets\":[1]}");
        await alice.SendAsync(HttpMethod.Put, targets, rawBody: tooBig);
        await alice.SendAsync(HttpMethod.Put, targets, new { targets = new { VTI = 70, BND = 40 } });
        await bob.SendAsync(HttpMethod.Put, targets, new { targets = new { VTI = 70 } });
        foreach (var query in new[] { "", "?includeResolved=maybe" }) await alice.GetJsonAsync($"{accounts}/{account}/alerts{query}");
        await bob.GetJsonAsync($"{accounts}/{account}/alerts");

        foreach (var path in new[] { "/api/prices/VTI", "/api/prices/VTI$", "/api/prices/VTI?from=2024-05-03&to=2024-05-01" }) await alice.GetJsonAsync(path);
        await alice.PostJsonAsync("/api/prices", new { quotes = new[] { new { symbol = "VTI", price = 1m } } });
        await admin.SendAsync(HttpMethod.Post, "/api/prices", rawBody: "{\"quotes\":1}");
        await admin.SendAsync(HttpMethod.Post, "/api/prices", rawBody: tooBig);
        await admin.PostJsonAsync("/api/prices", new { quotes = Array.Empty<object>() });

        var split = new { type = "split", tradeDate = "2024-05-20", symbol = "VTI", newShares = 2, oldShares = 1 };
        await admin.PostJsonAsync("/api/corporate-actions", split, "split-1");
        await admin.PostJsonAsync("/api/corporate-actions", split with { }, "split-1");
        await admin.PostJsonAsync("/api/corporate-actions", new { type = "split", tradeDate = "2024-05-21", symbol = "VTI", newShares = 3, oldShares = 1 }, "split-1");
        await admin.PostJsonAsync("/api/corporate-actions", new { type = "split", tradeDate = "2030-01-01", symbol = "VTI", newShares = 2, oldShares = 1 });
        await admin.SendAsync(HttpMethod.Post, "/api/corporate-actions", rawBody: "{\"type\":\"split\",\"tradeDate\":1}");
        await admin.SendAsync(HttpMethod.Post, "/api/corporate-actions", rawBody: tooBig);
        await alice.PostJsonAsync("/api/corporate-actions", split);

        foreach (var (method, path) in new[]
                 {
                     ("POST", accounts), ("GET", $"{accounts}/{account}"), ("POST", transactions), ("GET", transactions),
                     ("POST", imports), ("GET", $"{accounts}/{account}/export"),
                     ("GET", $"{accounts}/{account}/positions"), ("GET", $"{accounts}/{account}/tax-lots"), ("GET", $"{accounts}/{account}/realized-gains"),
                     ("GET", $"{accounts}/{account}/performance"), ("PUT", targets), ("GET", $"{accounts}/{account}/rebalance"),
                     ("GET", $"{accounts}/{account}/alerts"), ("GET", "/api/prices/VTI"), ("POST", "/api/prices"), ("POST", "/api/corporate-actions"),
                 })
            await anonymous.SendAsync(new HttpMethod(method), path, rawBody: "{}");
    }

    /// <summary>Records "operationId status" for every request that reached an endpoint (the operation id is the endpoint name).</summary>
    private sealed class StatusRecorder : IStartupFilter
    {
        private readonly HashSet<string> pairs = [];

        public IReadOnlyCollection<string> Pairs { get { lock (pairs) return pairs.ToList(); } }

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, call) =>
            {
                await call(context);
                // The exception handler clears the endpoint of a request it handled and keeps it in its feature.
                var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
                if (endpoint?.Metadata.GetMetadata<IEndpointNameMetadata>() is { } name)
                    lock (pairs) pairs.Add($"{name.EndpointName} {context.Response.StatusCode}");
            });
            next(app);
        };
    }
}
