using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Notifications;
using Portfolio.Application.Orders;
using Portfolio.Application.Ports;
using Portfolio.Application.PriceAlerts;
using Portfolio.Application.Tests.Orders;
using static Portfolio.Application.Tests.Orders.OrderDesk;

namespace Portfolio.Application.Tests.Notifications;

/// <summary>The outbox relay into the inbox, and webhook delivery: signing, retries with backoff, giving up, leases.</summary>
public class NotificationRelayTests
{
    private const string Secret = "0123456789abcdef";
    private const string Url = "https://hooks.example/alice";

    private static Harness App(WebhookReceiver receiver, NotificationOptions? options = null)
    {
        options ??= new NotificationOptions();
        return new Harness(s => s.AddSingleton(options).AddSingleton(sp => new WebhookClient(new HttpClient(receiver), options, sp.GetRequiredService<TimeProvider>())));
    }

    /// <summary>A filled buy of 10 AAPL at 150 in Alice's account: one event in the order's outbox.</summary>
    private static async Task<Order> FilledOrderAsync(Harness app)
    {
        var account = await app.CashAccountAsync(10_000);
        var order = await app.PlaceAsync(account, OrderSide.Buy, 10, 150);
        await app.ObserveAsync(150, Now);
        return await app.ReloadAsync(order);
    }

    private static Task<IReadOnlyList<Notification>> InboxAsync(Harness app, string user = "alice") =>
        app.Get<INotificationStore>().ListAsync(user, false, 200, default);

    [Fact]
    public async Task An_order_event_moves_from_the_outbox_to_the_inbox_once()
    {
        await using var app = App(new WebhookReceiver());
        var order = await FilledOrderAsync(app);
        var relay = app.Get<NotificationRelay>();

        Assert.Equal(1, await relay.RelayOutboxesAsync(default));
        Assert.Equal(0, await relay.RelayOutboxesAsync(default));

        var n = Assert.Single(await InboxAsync(app));
        Assert.Equal((Assert.Single(order.Outbox!).Id, "alice", OrderTransitions.Filled, Now), (n.Id, n.UserId, n.Kind, n.At));
        Assert.Equal("Order buy 10 AAPL filled at 150", n.Message);
        Assert.Equal((order.AccountId, order.Id, "AAPL", (string?)null), (n.AccountId, n.OrderId, n.Symbol, n.AlertId));
        Assert.Equal((DeliveryStatus.None, (DateTimeOffset?)null, false), (n.Delivery, n.NextAttemptAt, n.Read)); // no webhook
        Assert.Empty((await app.ReloadAsync(order)).Outbox!);
    }

    [Fact]
    public async Task Expired_and_rejected_orders_say_why_in_the_inbox()
    {
        await using var app = App(new WebhookReceiver());
        var account = await app.CashAccountAsync(1_000);
        await app.PlaceAsync(account, OrderSide.Buy, 1, 10, TimeInForce.Day);
        await app.StoreQuoteAsync(100, new DateTimeOffset(2024, 5, 31, 19, 0, 0, TimeSpan.Zero));
        await app.PlaceAsync(account, OrderSide.Buy, 9, null);
        await app.ObserveAsync(120, Now); // rejects the market buy: 1,080 > 1,000
        app.Clock.SetUtcNow(new DateTimeOffset(2024, 6, 3, 20, 0, 0, TimeSpan.Zero));
        await app.Get<OrderExecutor>().SweepAsync(default);

        Assert.Equal(2, await app.Get<NotificationRelay>().RelayOutboxesAsync(default));
        var messages = (await InboxAsync(app)).Select(n => n.Message).Order().ToList();
        Assert.Equal("Order buy 1 AAPL expired: a day order, not filled by the close of 2024-06-03T16:00:00.0000000-04:00", messages[0]);
        Assert.StartsWith("Order buy 9 AAPL rejected: the ledger refused the fill at 120: ", messages[1]);
    }

    [Fact]
    public async Task A_price_alert_firing_reaches_the_inbox_with_its_alert_and_a_pending_delivery_when_there_is_a_webhook()
    {
        await using var app = App(new WebhookReceiver());
        await app.Get<NotificationService>().PutWebhookAsync(app.Alice, Url, Secret, default);
        var alert = (await app.Get<PriceAlertService>().CreateAsync(app.Alice, new CreatePriceAlertRequest("AAPL", 200, null, null, null, "h"), default)).Alert;
        await app.Get<PriceAlertEvaluator>().EvaluateAsync([Quote(205, Now.AddMinutes(-1))], default);

        Assert.Equal(1, await app.Get<NotificationRelay>().RelayOutboxesAsync(default));
        var n = Assert.Single(await InboxAsync(app));
        Assert.Equal((PriceAlert.FiredKind, "Price alert: AAPL at 205 is at or above 200", alert.Id, "AAPL"), (n.Kind, n.Message, n.AlertId, n.Symbol));
        Assert.Equal((DeliveryStatus.Pending, Now.AddMinutes(-1), Now.AddMinutes(-1)), (n.Delivery, n.NextAttemptAt, (DateTimeOffset?)n.At));
        Assert.Empty((await app.Get<IPriceAlertStore>().GetAsync("alice", alert.Id, default))!.Outbox!);
    }

    [Fact]
    public async Task A_delivery_posts_the_event_signed_with_the_webhook_secret()
    {
        var receiver = new WebhookReceiver();
        await using var app = App(receiver);
        await app.Get<NotificationService>().PutWebhookAsync(app.Alice, Url, Secret, default);
        var order = await FilledOrderAsync(app);

        Assert.Equal(new RelaySummary(1, 1, 0, 0), await app.Get<NotificationRelay>().RunOnceAsync(default));

        var (request, body) = Assert.Single(receiver.Received);
        var eventId = Assert.Single(order.Outbox!).Id;
        Assert.Equal((HttpMethod.Post, new Uri(Url)), (request.Method, request.RequestUri));
        Assert.Equal("application/json", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal([eventId], request.Headers.GetValues("X-Event-Id"));
        var expected = "sha256=" + Convert.ToHexStringLower(new HMACSHA256(Encoding.UTF8.GetBytes(Secret)).ComputeHash(body));
        Assert.Equal([expected], request.Headers.GetValues("X-Signature"));
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal((eventId, "order.filled", "Order buy 10 AAPL filled at 150", order.AccountId, order.Id, "AAPL"),
            (root.GetProperty("id").GetString(), root.GetProperty("kind").GetString(), root.GetProperty("message").GetString(),
             root.GetProperty("accountId").GetString(), root.GetProperty("orderId").GetString(), root.GetProperty("symbol").GetString()));
        Assert.Equal(Now, root.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("alertId").ValueKind);
        Assert.False(root.TryGetProperty("delivery", out _));

        var n = Assert.Single(await InboxAsync(app));
        Assert.Equal((DeliveryStatus.Delivered, 1, (DateTimeOffset?)null, (string?)null), (n.Delivery, n.Attempts, n.NextAttemptAt, n.LastError));
        Assert.Equal(new RelaySummary(0, 0, 0, 0), await app.Get<NotificationRelay>().RunOnceAsync(default));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public void The_signature_is_the_hex_hmac_sha256_of_the_body()
    {
        // RFC 4231-style published vector: HMAC-SHA256(key "key", "The quick brown fox jumps over the lazy dog").
        Assert.Equal("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
            NotificationRelay.Sign("key", Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog")));
    }

    [Fact]
    public async Task A_failing_webhook_is_retried_after_a_growing_delay_and_kept_as_failed_after_the_last_attempt()
    {
        var receiver = new WebhookReceiver().Answer(HttpStatusCode.InternalServerError).Refuse("connection refused").Answer(HttpStatusCode.ServiceUnavailable);
        var options = new NotificationOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromSeconds(10), MaxDelay = TimeSpan.FromSeconds(15) };
        await using var app = App(receiver, options);
        await app.Get<NotificationService>().PutWebhookAsync(app.Alice, Url, Secret, default);
        await FilledOrderAsync(app);
        var relay = app.Get<NotificationRelay>();

        Assert.Equal(new RelaySummary(1, 0, 1, 0), await relay.RunOnceAsync(default));
        var first = Assert.Single(await InboxAsync(app));
        Assert.Equal((DeliveryStatus.Pending, 1, "answered 500"), (first.Delivery, first.Attempts, first.LastError));
        Assert.InRange(first.NextAttemptAt!.Value, Now.AddSeconds(5), Now.AddSeconds(10)); // 10 s less up to half

        Assert.Equal((0, 0, 0), await relay.DeliverDueAsync(default)); // not due yet
        Assert.Single(receiver.Received);

        app.Clock.SetUtcNow(first.NextAttemptAt.Value);
        Assert.Equal((0, 1, 0), await relay.DeliverDueAsync(default));
        var second = Assert.Single(await InboxAsync(app));
        Assert.Equal((2, "connection refused"), (second.Attempts, second.LastError));
        Assert.InRange(second.NextAttemptAt!.Value, first.NextAttemptAt.Value.AddSeconds(7.5), first.NextAttemptAt.Value.AddSeconds(15)); // 20 s capped at 15

        app.Clock.SetUtcNow(second.NextAttemptAt.Value);
        Assert.Equal((0, 0, 1), await relay.DeliverDueAsync(default));
        var failed = Assert.Single(await InboxAsync(app));
        Assert.Equal((DeliveryStatus.Failed, 3, (DateTimeOffset?)null, "answered 503"), (failed.Delivery, failed.Attempts, failed.NextAttemptAt, failed.LastError));

        app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal((0, 0, 0), await relay.DeliverDueAsync(default));
        Assert.Equal(3, receiver.Received.Count);
    }

    [Theory]
    [InlineData(1, 2.5, 5)]
    [InlineData(2, 5, 10)]
    [InlineData(4, 20, 40)]
    [InlineData(10, 900, 1800)] // 5 s × 2^9 = 2,560 s, capped at 30 minutes
    [InlineData(1000, 900, 1800)]
    public void The_nth_retry_waits_the_base_delay_doubled_n_minus_one_times_capped_less_up_to_half_at_random(int attempts, double least, double most)
    {
        var relay = new NotificationRelay(null!, null!, null!, new NotificationOptions(), TimeProvider.System, null!);
        var waits = Enumerable.Range(0, 200).Select(_ => relay.Backoff(attempts).TotalSeconds).ToList();
        Assert.All(waits, w => Assert.InRange(w, least, most));
        Assert.Contains(waits, w => w < (least + most) / 2); // jitter reaches both halves of the range
        Assert.Contains(waits, w => w > (least + most) / 2);
    }

    [Fact]
    public async Task A_pending_delivery_without_a_webhook_is_dropped_and_a_settled_one_is_not_posted_again()
    {
        var receiver = new WebhookReceiver();
        await using var app = App(receiver);
        var store = app.Get<INotificationStore>();
        var relay = app.Get<NotificationRelay>();
        await store.TryAddAsync(new Notification("evt_1", "carol", "order.filled", Now, "m", Delivery: DeliveryStatus.Pending, NextAttemptAt: Now), default);
        await store.TryAddAsync(new Notification("evt_2", "carol", "order.filled", Now, "m", Delivery: DeliveryStatus.Delivered), default);

        Assert.Equal(DeliveryStatus.None, await relay.DeliverAsync((await store.GetAsync("carol", "evt_1", default))!, default));
        Assert.Equal(DeliveryStatus.None, await relay.DeliverAsync((await store.GetAsync("carol", "evt_2", default))!, default));

        var dropped = (await store.GetAsync("carol", "evt_1", default))!;
        Assert.Equal((DeliveryStatus.None, (DateTimeOffset?)null, 0), (dropped.Delivery, dropped.NextAttemptAt, dropped.Attempts));
        Assert.Equal(DeliveryStatus.Delivered, (await store.GetAsync("carol", "evt_2", default))!.Delivery);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task A_leased_delivery_is_not_handed_out_again_until_its_lease_ends()
    {
        await using var app = App(new WebhookReceiver());
        await app.Get<NotificationService>().PutWebhookAsync(app.Alice, Url, Secret, default);
        await FilledOrderAsync(app);
        var relay = app.Get<NotificationRelay>();
        await relay.RelayOutboxesAsync(default);

        Assert.Single(await relay.LeaseDueAsync(TimeSpan.FromMinutes(2), default));
        Assert.Empty(await relay.LeaseDueAsync(TimeSpan.FromMinutes(2), default));
        Assert.Equal(Now.AddMinutes(2), Assert.Single(await InboxAsync(app)).NextAttemptAt);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Single(await relay.LeaseDueAsync(TimeSpan.FromMinutes(2), default));
    }
}
