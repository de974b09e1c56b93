using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Notifications;
using Portfolio.Application.Orders;
using Portfolio.Server.Tests.Support;

namespace Portfolio.Server.Tests;

/// <summary>Order events reach the owner's inbox, the event stream and a signed webhook, retried with backoff, at least once.</summary>
public class NotificationTests
{
    private const string Secret = "a-secret-of-at-least-16-chars";
    private static readonly DateTimeOffset Open = TestApp.DefaultNow;

    private static Task<TestApp> StartAsync(bool loopback = true) => TestApp.StartAsync(configure: builder =>
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notifications:AllowLoopbackHttp"] = loopback ? "true" : "false",
            ["Notifications:RelayEnabled"] = "false",   // the tests run the relay themselves
            ["Notifications:BaseDelay"] = "00:00:10",
            ["Notifications:MaxAttempts"] = "3",
        }));

    private static async Task<(HttpClient Alice, string Account, JsonNode Order)> FilledOrderAsync(TestApp app)
    {
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync(marginAllowance: 0);
        await alice.RecordAsync(account, Requests.Deposit("2024-05-31", 10_000));
        await app.ClientFor("ops", admin: true).PushPricesAsync(("AAPL", 190.25m, Open.AddMinutes(-1)));
        var (status, order) = await alice.PostJsonAsync($"/api/accounts/{account}/orders", new { side = "buy", symbol = "AAPL", quantity = 10, type = "market" });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("filled", order!["status"]!.GetValue<string>());
        return (alice, account, order);
    }

    private static Task<RelaySummary> RelayAsync(TestApp app) =>
        app.Services.GetRequiredService<NotificationRelay>().RunOnceAsync(CancellationToken.None);

    [Fact]
    public async Task Filled_order_lands_in_the_inbox_unread_once_and_can_be_marked_read()
    {
        await using var app = await StartAsync();
        var (alice, account, order) = await FilledOrderAsync(app);

        Assert.Equal(new RelaySummary(1, 0, 0, 0), await RelayAsync(app));
        Assert.Equal(new RelaySummary(0, 0, 0, 0), await RelayAsync(app));   // the outbox is empty now

        var inbox = (await alice.GetJsonAsync("/api/notifications?unread=true")).Body!.AsArray();
        var notification = Assert.Single(inbox)!;
        Assert.Equal(("order.filled", "Order buy 10 AAPL filled at 190.25", account, order["id"]!.GetValue<string>(), false, "none"),
            (notification["kind"]!.GetValue<string>(), notification["message"]!.GetValue<string>(), notification["accountId"]!.GetValue<string>(),
             notification["orderId"]!.GetValue<string>(), notification["read"]!.GetValue<bool>(), notification["delivery"]!.GetValue<string>()));

        var marked = await alice.PostJsonAsync("/api/notifications/read", new { ids = new[] { notification["id"]!.GetValue<string>() } });
        Assert.Equal(HttpStatusCode.OK, marked.Status);
        Assert.Empty((await alice.GetJsonAsync("/api/notifications?unread=true")).Body!.AsArray());
        Assert.Single((await alice.GetJsonAsync("/api/notifications")).Body!.AsArray());
        Assert.Empty((await app.ClientFor("mallory").GetJsonAsync("/api/notifications")).Body!.AsArray());
        (await app.ClientFor("mallory").PostJsonAsync("/api/notifications/read", new { ids = new[] { notification["id"]!.GetValue<string>() } }))
            .AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Webhook_gets_each_event_signed_with_its_id_and_a_failing_one_is_retried_with_backoff_then_delivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await StartAsync();
        var alice = app.ClientFor("alice");
        Assert.Equal(HttpStatusCode.OK, (await alice.SendAsync(HttpMethod.Put, "/api/webhooks", new { url = receiver.Url, secret = Secret })).Status);
        receiver.Answers.Enqueue(500);
        receiver.Answers.Enqueue(503);
        var (_, _, order) = await FilledOrderAsync(app);

        Assert.Equal(new RelaySummary(1, 0, 1, 0), await RelayAsync(app));       // 500: retry in 5–10 s (10 s × 2^0, less up to half)
        Assert.Equal(new RelaySummary(0, 0, 0, 0), await RelayAsync(app));       // not due yet
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(new RelaySummary(0, 0, 1, 0), await RelayAsync(app));       // 503: retry in 10–20 s
        app.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(new RelaySummary(0, 1, 0, 0), await RelayAsync(app));

        Assert.Equal(3, receiver.Requests.Count);
        var received = receiver.Requests.ToArray();
        Assert.Single(received.Select(r => r.EventId).Distinct());
        foreach (var r in received)
        {
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), r.Body));
            Assert.Equal(expected, r.Signature);
            var body = JsonNode.Parse(r.Body)!;
            Assert.Equal((r.EventId, "order.filled", order["id"]!.GetValue<string>()),
                (body["id"]!.GetValue<string>(), body["kind"]!.GetValue<string>(), body["orderId"]!.GetValue<string>()));
        }
        var inbox = (await alice.GetJsonAsync("/api/notifications")).Body!.AsArray();
        Assert.Equal(("delivered", 3), (inbox[0]!["delivery"]!.GetValue<string>(), inbox[0]!["attempts"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Webhook_that_keeps_failing_is_kept_as_failed_and_visible()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await StartAsync();
        var alice = app.ClientFor("alice");
        await alice.SendAsync(HttpMethod.Put, "/api/webhooks", new { url = receiver.Url, secret = Secret });
        for (var i = 0; i < 5; i++) receiver.Answers.Enqueue(500);
        await FilledOrderAsync(app);

        for (var i = 0; i < 3; i++)
        {
            await RelayAsync(app);
            app.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        Assert.Equal(new RelaySummary(0, 0, 0, 0), await RelayAsync(app));   // MaxAttempts 3: no fourth

        var notification = (await alice.GetJsonAsync("/api/notifications")).Body!.AsArray()[0]!;
        Assert.Equal(("failed", 3, "answered 500"),
            (notification["delivery"]!.GetValue<string>(), notification["attempts"]!.GetValue<int>(), notification["lastError"]!.GetValue<string>()));
        Assert.Equal(3, receiver.Requests.Count);
    }

    [Theory]
    [InlineData("{\"url\":\"http://hooks.example.org/x\",\"secret\":\"a-secret-of-at-least-16-chars\"}", "url")]
    [InlineData("{\"url\":\"ftp://hooks.example.org/x\",\"secret\":\"a-secret-of-at-least-16-chars\"}", "url")]
    [InlineData("{\"url\":\"/relative\",\"secret\":\"a-secret-of-at-least-16-chars\"}", "url")]
    [InlineData("{\"url\":\"https://user:pw@hooks.example.org/x\",\"secret\":\"a-secret-of-at-least-16-chars\"}", "url")]
    [InlineData("{\"url\":\"http://127.0.0.1:9/x\",\"secret\":\"a-secret-of-at-least-16-chars\"}", "url")]
    [InlineData("{\"url\":\"https://hooks.example.org/x\",\"secret\":\"short\"}", "secret")]
    [InlineData("{\"url\":\"https://hooks.example.org/x\"}", "secret")]
    public async Task Bad_webhook_is_refused_naming_the_field(string json, string field)
    {
        await using var app = await StartAsync(loopback: false);
        (await app.ClientFor("alice").SendAsync(HttpMethod.Put, "/api/webhooks", rawBody: json)).AssertProblem(HttpStatusCode.UnprocessableEntity, field);
    }

    [Fact]
    public async Task Expired_order_notifies_its_owner()
    {
        await using var app = await StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync(marginAllowance: 0);
        await alice.RecordAsync(account, Requests.Deposit("2024-05-31", 1_000));
        await alice.PostJsonAsync($"/api/accounts/{account}/orders", new { side = "buy", symbol = "AAPL", quantity = 1, type = "limit", limitPrice = 10, timeInForce = "day" });

        app.Clock.SetUtcNow(new DateTimeOffset(2024, 6, 3, 20, 0, 0, TimeSpan.Zero));
        await app.Services.GetRequiredService<OrderExecutor>().SweepAsync(CancellationToken.None);
        await RelayAsync(app);

        var notification = Assert.Single((await app.ClientFor("alice").GetJsonAsync("/api/notifications")).Body!.AsArray())!;
        Assert.Equal("order.expired", notification["kind"]!.GetValue<string>());
        Assert.StartsWith("Order buy 1 AAPL expired: a day order, not filled by the close", notification["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Event_stream_sends_unread_notifications_with_their_id_and_kind()
    {
        await using var app = await StartAsync();
        var (alice, _, _) = await FilledOrderAsync(app);
        await RelayAsync(app);
        var id = (await alice.GetJsonAsync("/api/notifications")).Body!.AsArray()[0]!["id"]!.GetValue<string>();

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await alice.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/notifications/stream"), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var lines = new List<string>();
        while (lines.Count(l => l.Length == 0) == 0 && await reader.ReadLineAsync(cts.Token) is { } line) lines.Add(line);

        Assert.Contains("event: order.filled", lines);
        Assert.Contains($"id: {id}", lines);
        var data = JsonNode.Parse(lines.Single(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..])!;
        Assert.Equal((id, "AAPL"), (data["id"]!.GetValue<string>(), data["symbol"]!.GetValue<string>()));
    }
}
