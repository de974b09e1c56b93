using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Portfolio.Application.Common;
using Portfolio.Application.Notifications;
using Portfolio.Application.Ports;
using Portfolio.Application.PriceAlerts;
using Portfolio.Application.Tests.Notifications;
using static Portfolio.Application.Tests.Orders.OrderDesk;

namespace Portfolio.Application.Tests.Races;

/// <summary>Inbox and delivery writes that lose races, giving up on a webhook for good, and a webhook that never answers.</summary>
public class NotificationRaceTests
{
    private const string Url = "https://hooks.example/alice";
    private const string Secret = "0123456789abcdef";

    private static Harness App(out ContestedNotifications store, out CapturedLogs logs, HttpMessageHandler? receiver = null, NotificationOptions? options = null)
    {
        var captured = logs = new CapturedLogs();
        options ??= new NotificationOptions();
        return ContestedStores.App(out _, out _, out store, s => s.AddSingleton<ILoggerProvider>(captured).AddSingleton(options)
            .AddSingleton(sp => new WebhookClient(new HttpClient(receiver ?? new WebhookReceiver()), options, sp.GetRequiredService<TimeProvider>())));
    }

    private static Notification Pending(string id) => new(id, "alice", "order.filled", Now, "m " + id, Delivery: DeliveryStatus.Pending, NextAttemptAt: Now);

    private static async Task<Notification> StoredAsync(Harness app, string id = "evt_1") => (await app.Get<INotificationStore>().GetAsync("alice", id, default))!;

    [Fact]
    public async Task Marking_read_that_loses_three_races_marks_on_the_fourth_write()
    {
        await using var app = App(out var store, out _);
        await store.TryAddAsync(Pending("evt_1"), default);
        store.Contests = n => n.Read;
        store.Remaining = 3;
        store.Rival = current => current with { Attempts = current.Attempts + 1 }; // a delivery attempt lands meanwhile

        var marked = Assert.Single(await app.Get<NotificationService>().MarkReadAsync(app.Alice, ["evt_1"], default));

        Assert.Equal((true, 3), (marked.Read, marked.Attempts)); // read, and the three attempts written meanwhile kept
        Assert.Equal((4, 3), (store.Attempts, store.Lost));
        Assert.True((await StoredAsync(app)).Read);
    }

    [Fact]
    public async Task Marking_read_that_loses_twenty_races_marks_on_the_twenty_first_and_last_write()
    {
        await using var app = App(out var store, out _);
        await store.TryAddAsync(Pending("evt_1"), default);
        store.Contests = n => n.Read;
        store.Remaining = 20;
        store.Rival = current => current with { Attempts = current.Attempts + 1 };

        var marked = Assert.Single(await app.Get<NotificationService>().MarkReadAsync(app.Alice, ["evt_1"], default));

        Assert.Equal((true, 20), (marked.Read, marked.Attempts));
        Assert.Equal((21, 20), (store.Attempts, store.Lost));
    }

    [Fact]
    public async Task Marking_read_that_loses_every_race_is_a_conflict_after_twenty_one_writes()
    {
        await using var app = App(out var store, out _);
        await store.TryAddAsync(Pending("evt_1"), default);
        store.Contests = n => n.Read;

        var conflict = await Assert.ThrowsAsync<ConflictException>(() => app.Get<NotificationService>().MarkReadAsync(app.Alice, ["evt_1"], default));

        Assert.Equal(("ids", "the notification is being changed; retry"), (conflict.Field, conflict.Message));
        Assert.Equal(21, store.Attempts);
        Assert.False((await StoredAsync(app)).Read);
    }

    [Fact]
    public async Task Marking_none_or_too_many_says_how_many_may_be_named()
    {
        await using var app = new Harness();
        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => app.Get<NotificationService>().MarkReadAsync(app.Alice, [], default));
        Assert.Equal(("ids", "must name 1 to 200 notifications"), (refused.Field, refused.Reason));
    }

    [Fact]
    public async Task A_delivery_outcome_that_loses_to_the_owner_marking_it_read_is_written_onto_the_read_version()
    {
        await using var app = App(out var store, out _);
        await app.Get<NotificationService>().PutWebhookAsync(app.Alice, Url, Secret, default);
        await store.TryAddAsync(Pending("evt_1"), default);
        store.Contests = n => n.Delivery == DeliveryStatus.Delivered;
        store.Remaining = 1;
        store.Rival = current => current with { Read = true };

        Assert.Equal(DeliveryStatus.Delivered, await app.Get<NotificationRelay>().DeliverAsync(await StoredAsync(app), default));

        var stored = await StoredAsync(app);
        Assert.Equal((DeliveryStatus.Delivered, 1, true), (stored.Delivery, stored.Attempts, stored.Read));
        Assert.Equal(2, store.Attempts);
    }

    [Fact]
    public async Task A_delivery_another_dispatcher_settled_first_is_not_written_over()
    {
        await using var app = App(out var store, out _, new WebhookReceiver().Answer(HttpStatusCode.InternalServerError));
        await app.Get<NotificationService>().PutWebhookAsync(app.Alice, Url, Secret, default);
        await store.TryAddAsync(Pending("evt_1"), default);
        store.Contests = n => n.Id == "evt_1";
        store.Remaining = 1;
        store.Rival = current => current with { Delivery = DeliveryStatus.Delivered, Attempts = 1, NextAttemptAt = null };

        Assert.Equal(DeliveryStatus.None, await app.Get<NotificationRelay>().DeliverAsync(await StoredAsync(app), default));

        var stored = await StoredAsync(app);
        Assert.Equal((DeliveryStatus.Delivered, 1, (string?)null), (stored.Delivery, stored.Attempts, stored.LastError));
        Assert.Equal(1, store.Attempts);
    }

    [Fact]
    public async Task A_delivery_outcome_that_loses_every_race_is_dropped_after_eleven_writes_and_the_event_stays_due()
    {
        await using var app = App(out var store, out _);
        await app.Get<NotificationService>().PutWebhookAsync(app.Alice, Url, Secret, default);
        await store.TryAddAsync(Pending("evt_1"), default);
        store.Contests = n => n.Id == "evt_1";

        Assert.Equal(DeliveryStatus.None, await app.Get<NotificationRelay>().DeliverAsync(await StoredAsync(app), default));

        Assert.Equal(11, store.Attempts);
        var stored = await StoredAsync(app);
        Assert.Equal((DeliveryStatus.Pending, 0, (DateTimeOffset?)Now), (stored.Delivery, stored.Attempts, stored.NextAttemptAt));
    }

    [Fact]
    public async Task Giving_up_on_a_webhook_is_logged_once_as_a_warning_and_a_delivery_is_not()
    {
        var receiver = new WebhookReceiver().Answer(HttpStatusCode.InternalServerError);
        await using var app = App(out var store, out var logs, receiver, new NotificationOptions { MaxAttempts = 1 });
        await app.Get<NotificationService>().PutWebhookAsync(app.Alice, Url, Secret, default);
        await store.TryAddAsync(Pending("evt_1"), default);
        await store.TryAddAsync(Pending("evt_2"), default);
        var relay = app.Get<NotificationRelay>();

        Assert.Equal(DeliveryStatus.Failed, await relay.DeliverAsync(await StoredAsync(app, "evt_1"), default));
        Assert.Equal(DeliveryStatus.Delivered, await relay.DeliverAsync(await StoredAsync(app, "evt_2"), default));

        var warning = Assert.Single(logs.AtLeast(LogLevel.Warning));
        Assert.Equal((LogLevel.Warning, "Webhook delivery of evt_1 failed for good after 1 attempts: answered 500"), (warning.Level, warning.Message));
    }

    [Fact]
    public async Task A_price_alert_firing_without_a_webhook_is_not_due_for_delivery()
    {
        await using var app = new Harness();
        await app.Get<PriceAlertService>().CreateAsync(app.Alice, new CreatePriceAlertRequest("AAPL", 200, null, null, null, "h"), default);
        await app.Get<PriceAlertEvaluator>().EvaluateAsync([Quote(205, Now)], default);

        Assert.Equal(1, await app.Get<NotificationRelay>().RelayOutboxesAsync(default));
        var n = Assert.Single(await app.Get<INotificationStore>().ListAsync("alice", false, 10, default));
        Assert.Equal((DeliveryStatus.None, (DateTimeOffset?)null), (n.Delivery, n.NextAttemptAt));
    }

    /// <summary>A webhook that accepts the connection and never answers.</summary>
    private sealed class Silent : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        }
    }

    [Fact]
    public async Task A_webhook_that_never_answers_is_an_error_after_the_request_timeout_on_the_injected_clock()
    {
        var clock = new FakeTimeProvider(Now);
        var options = new NotificationOptions { RequestTimeout = TimeSpan.FromHours(1) };
        var client = new WebhookClient(new HttpClient(new Silent()) { Timeout = Timeout.InfiniteTimeSpan }, options, clock);

        var posting = client.PostAsync(new Webhook("alice", Url, Secret, Now), Pending("evt_1"), default);
        clock.Advance(options.RequestTimeout - TimeSpan.FromTicks(1));
        Assert.False(posting.IsCompleted, "still waiting one tick before the timeout");
        clock.Advance(TimeSpan.FromTicks(1));

        // Only the fake clock can end the wait within the 30 s bound: a timer on the wall clock would wait an hour.
        Assert.Equal("no answer within 3600 s", await posting.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_delivery_the_caller_cancels_is_cancelled_not_reported_as_a_webhook_error()
    {
        var client = new WebhookClient(new HttpClient(new Silent()) { Timeout = Timeout.InfiniteTimeSpan }, new NotificationOptions(), TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var posting = client.PostAsync(new Webhook("alice", Url, Secret, Now), Pending("evt_1"), stop.Token);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => posting.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
