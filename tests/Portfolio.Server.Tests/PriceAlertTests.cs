using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Notifications;
using Portfolio.Application.PriceAlerts;
using Portfolio.Application.Prices;
using Portfolio.Server.Tests.Support;

namespace Portfolio.Server.Tests;

/// <summary>Price alerts fire once per crossing, re-arm when the price moves back, and notify through the outbox.</summary>
public class PriceAlertTests
{
    private static Task<TestApp> StartAsync() => TestApp.StartAsync(configure: builder =>
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Notifications:RelayEnabled"] = "false" }));

    /// <summary>Pushes one quote a minute after the last (stored, so evaluated), and answers the alert as the API shows it.</summary>
    private static async Task<JsonNode> QuoteAsync(TestApp app, string alertId, string symbol, decimal price)
    {
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.ClientFor("ops", admin: true).PushPricesAsync((symbol, price, app.Clock.GetUtcNow()));
        return await AlertAsync(app, alertId);
    }

    private static async Task<JsonNode> AlertAsync(TestApp app, string alertId) =>
        (await app.ClientFor("alice").GetJsonAsync("/api/price-alerts")).Body!.AsArray().Single(a => a!["id"]!.GetValue<string>() == alertId)!;

    private static (string State, int Firings) Of(JsonNode alert) => (alert["state"]!.GetValue<string>(), alert["firings"]!.GetValue<int>());

    private static async Task<List<JsonNode>> InboxAsync(TestApp app, string user)
    {
        await app.Services.GetRequiredService<NotificationRelay>().RunOnceAsync(CancellationToken.None);
        return (await app.ClientFor(user).GetJsonAsync("/api/notifications")).Body!.AsArray().Select(n => n!).Reverse().ToList();
    }

    [Fact]
    public async Task An_above_alert_fires_at_the_threshold_not_again_while_beyond_rearms_below_and_fires_again()
    {
        await using var app = await StartAsync();
        var (status, created) = await app.ClientFor("alice").PostJsonAsync("/api/price-alerts", new { symbol = "aapl", above = 200 });
        Assert.Equal(HttpStatusCode.Created, status);
        var id = created!["id"]!.GetValue<string>();
        Assert.Equal(("AAPL", "above", 200m, "armed"), (created["symbol"]!.GetValue<string>(), created["direction"]!.GetValue<string>(),
            created["threshold"].Dec(), created["state"]!.GetValue<string>()));

        Assert.Equal(("armed", 0), Of(await QuoteAsync(app, id, "AAPL", 199.99m)));   // below 200: nothing
        Assert.Equal(("fired", 1), Of(await QuoteAsync(app, id, "AAPL", 200.00m)));   // at 200: "at or above" crosses
        Assert.Equal(("fired", 1), Of(await QuoteAsync(app, id, "AAPL", 205.50m)));   // still beyond: no second firing
        Assert.Equal(("armed", 1), Of(await QuoteAsync(app, id, "AAPL", 199.99m)));   // back below: re-armed, no notification
        var refired = await QuoteAsync(app, id, "AAPL", 200.01m);                    // crosses again
        Assert.Equal(("fired", 2), Of(refired));
        Assert.Equal(200.01m, refired["lastPrice"].Dec());

        var inbox = await InboxAsync(app, "alice");
        Assert.Equal(2, inbox.Count);
        Assert.All(inbox, n => Assert.Equal(("price.alert", id, "AAPL"),
            (n["kind"]!.GetValue<string>(), n["alertId"]!.GetValue<string>(), n["symbol"]!.GetValue<string>())));
        Assert.Equal("Price alert: AAPL at 200.00 is at or above 200", inbox[0]["message"]!.GetValue<string>());
        Assert.Equal("Price alert: AAPL at 200.01 is at or above 200", inbox[1]["message"]!.GetValue<string>());
        Assert.NotEqual(inbox[0]["id"]!.GetValue<string>(), inbox[1]["id"]!.GetValue<string>());
        Assert.Equal(2, (await InboxAsync(app, "alice")).Count);   // relaying again adds nothing
        Assert.Empty(await InboxAsync(app, "bob"));
    }

    [Fact]
    public async Task A_move_percent_alert_takes_its_threshold_from_the_latest_price_when_created()
    {
        await using var app = await StartAsync();
        await app.ClientFor("ops", admin: true).PushPricesAsync(("MSFT", 420.40m, app.Clock.GetUtcNow()));
        var (status, created) = await app.ClientFor("alice").PostJsonAsync("/api/price-alerts", new { symbol = "MSFT", movePercent = -5 });
        Assert.Equal(HttpStatusCode.Created, status);
        // 420.40 × (1 − 5 / 100) = 420.40 × 0.95 = 399.38, at or below.
        Assert.Equal(("below", 399.38m, 420.40m, -5m), (created!["direction"]!.GetValue<string>(), created["threshold"].Dec(),
            created["referencePrice"].Dec(), created["movePercent"].Dec()));
        var id = created["id"]!.GetValue<string>();

        Assert.Equal(("armed", 0), Of(await QuoteAsync(app, id, "MSFT", 399.39m)));
        Assert.Equal(("fired", 1), Of(await QuoteAsync(app, id, "MSFT", 399.38m)));
        Assert.Equal("Price alert: MSFT at 399.38 is at or below 399.38 (-5 % from 420.40)", (await InboxAsync(app, "alice")).Single()["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_same_quote_twice_fires_once_and_an_older_quote_changes_nothing()
    {
        await using var app = await StartAsync();
        var created = (await app.ClientFor("alice").PostJsonAsync("/api/price-alerts", new { symbol = "VTI", below = 250 })).Body!;
        var evaluator = app.Services.GetRequiredService<PriceAlertEvaluator>();
        var now = app.Clock.GetUtcNow();
        var crossing = new Quote("VTI", 249.5m, now, "feed", QuoteKind.RealTime);

        Assert.Equal(1, await evaluator.EvaluateAsync([crossing], CancellationToken.None));
        Assert.Equal(0, await evaluator.EvaluateAsync([crossing], CancellationToken.None));
        // An older quote back above 250 arrives late: it must not re-arm the alert.
        Assert.Equal(0, await evaluator.EvaluateAsync([crossing with { Price = 251m, AsOf = now.AddSeconds(-30) }], CancellationToken.None));
        Assert.Equal(("fired", 1), Of(await AlertAsync(app, created["id"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Two_concurrent_evaluations_of_one_crossing_fire_once()
    {
        await using var app = await StartAsync();
        var created = (await app.ClientFor("alice").PostJsonAsync("/api/price-alerts", new { symbol = "GLD", above = 180 })).Body!;
        var evaluator = app.Services.GetRequiredService<PriceAlertEvaluator>();
        var crossing = new Quote("GLD", 181.25m, app.Clock.GetUtcNow(), "feed", QuoteKind.RealTime);

        var fired = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => evaluator.EvaluateAsync([crossing], CancellationToken.None))));
        Assert.Equal(1, fired.Sum());
        Assert.Equal(("fired", 1), Of(await AlertAsync(app, created["id"]!.GetValue<string>())));
        Assert.Single(await InboxAsync(app, "alice"));
    }

    [Theory]
    [InlineData("{\"symbol\":\"VTI\"}", HttpStatusCode.UnprocessableEntity, "above")]
    [InlineData("{\"symbol\":\"VTI\",\"above\":10,\"below\":5}", HttpStatusCode.UnprocessableEntity, "below")]
    [InlineData("{\"symbol\":\"VTI\",\"above\":10,\"movePercent\":5}", HttpStatusCode.UnprocessableEntity, "below")]
    [InlineData("{\"symbol\":\"VTI\",\"above\":-1}", HttpStatusCode.UnprocessableEntity, "above")]
    [InlineData("{\"symbol\":\"VTI\",\"movePercent\":0}", HttpStatusCode.UnprocessableEntity, "movePercent")]
    [InlineData("{\"symbol\":\"VTI\",\"movePercent\":-100}", HttpStatusCode.UnprocessableEntity, "movePercent")]
    [InlineData("{\"symbol\":\"NOPRICE\",\"movePercent\":5}", HttpStatusCode.UnprocessableEntity, "symbol")]
    [InlineData("{\"symbol\":\"../x\",\"above\":10}", HttpStatusCode.BadRequest, "symbol")]
    [InlineData("{\"above\":10}", HttpStatusCode.BadRequest, "symbol")]
    public async Task Bad_alerts_are_refused_naming_the_field_and_nothing_is_created(string json, HttpStatusCode status, string field)
    {
        await using var app = await StartAsync();
        await app.ClientFor("ops", admin: true).PushPricesAsync(("VTI", 250m, app.Clock.GetUtcNow()));
        var alice = app.ClientFor("alice");
        (await alice.SendAsync(HttpMethod.Post, "/api/price-alerts", rawBody: json)).AssertProblem(status, field);
        Assert.Empty((await alice.GetJsonAsync("/api/price-alerts")).Body!.AsArray());
    }

    [Fact]
    public async Task A_retry_under_the_same_key_answers_the_original_and_a_deleted_alert_stops_firing()
    {
        await using var app = await StartAsync();
        var alice = app.ClientFor("alice");
        var first = await alice.PostJsonAsync("/api/price-alerts", new { symbol = "AMD", above = 150 }, idempotencyKey: "k-1");
        var retry = await alice.PostJsonAsync("/api/price-alerts", new { symbol = "AMD", above = 150 }, idempotencyKey: "k-1");
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.Status, retry.Status));
        Assert.Equal(first.Body!["id"]!.GetValue<string>(), retry.Body!["id"]!.GetValue<string>());
        (await alice.PostJsonAsync("/api/price-alerts", new { symbol = "AMD", above = 151 }, idempotencyKey: "k-1"))
            .AssertProblem(HttpStatusCode.Conflict, "Idempotency-Key");
        var id = first.Body["id"]!.GetValue<string>();

        (await app.ClientFor("mallory").SendAsync(HttpMethod.Delete, $"/api/price-alerts/{id}")).AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.SendAsync(HttpMethod.Delete, $"/api/price-alerts/{id}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.SendAsync(HttpMethod.Delete, $"/api/price-alerts/{id}")).Status);
        Assert.Empty((await alice.GetJsonAsync("/api/price-alerts")).Body!.AsArray());

        await app.ClientFor("ops", admin: true).PushPricesAsync(("AMD", 155m, app.Clock.GetUtcNow()));
        Assert.Empty(await InboxAsync(app, "alice"));
    }
}
