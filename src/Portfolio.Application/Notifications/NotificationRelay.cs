using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Portfolio.Application.Alerts;
using Portfolio.Application.Orders;
using Portfolio.Application.Ports;
using Portfolio.Application.PriceAlerts;

namespace Portfolio.Application.Notifications;

/// <summary>What one relay run did.</summary>
public sealed record RelaySummary(int Relayed, int Delivered, int Retried, int Failed);

/// <summary>
/// Moves events from the outboxes they were written to (in the same write as the change that caused them: an order's
/// transition, a price alert's firing, a drift alert's opening or resolving) into
/// the owners' inboxes, and delivers them to webhooks. Both steps are safe to repeat: an inbox entry is keyed by the event
/// id, and an outbox is emptied only after its events are in the inbox, so a crash loses nothing and at worst relays or
/// delivers an event again (at least once). A webhook POST carries the event as JSON, its id in <c>X-Event-Id</c> and
/// <c>X-Signature: sha256=</c> the hex HMAC-SHA256 of the body under the webhook's secret; a non-2xx answer or no answer
/// is retried with exponential backoff and jitter (<see cref="NotificationOptions"/>), then kept as failed and visible.
/// </summary>
public sealed class NotificationRelay(
    IOrderStore orders, INotificationStore notifications, WebhookClient client, NotificationOptions options, TimeProvider clock,
    ILogger<NotificationRelay> logger, IPriceAlertStore? priceAlerts = null, IAlertStore? driftAlerts = null)
{
    public const string SignatureHeader = "X-Signature";
    public const string EventIdHeader = "X-Event-Id";
    public const int BatchSize = 500;

    public static readonly JsonSerializerOptions BodyJson = new(JsonSerializerDefaults.Web);

    public async Task<RelaySummary> RunOnceAsync(CancellationToken ct)
    {
        var relayed = await RelayOutboxesAsync(ct);
        var (delivered, retried, failed) = await DeliverDueAsync(ct);
        return new RelaySummary(relayed, delivered, retried, failed);
    }

    /// <summary>Every outbox (orders, price alerts, drift alerts) into its owner's inbox; returns how many events were new to the inbox.</summary>
    public async Task<int> RelayOutboxesAsync(CancellationToken ct)
    {
        var relayed = 0;
        var webhooks = new Dictionary<string, Webhook?>(StringComparer.Ordinal);
        async Task<bool> HasWebhookAsync(string userId)
        {
            if (!webhooks.TryGetValue(userId, out var webhook)) webhooks[userId] = webhook = await notifications.GetWebhookAsync(userId, ct);
            return webhook is not null;
        }
        // In each loop a clear lost to a concurrent writer leaves the events, relayed again next time (the inbox ignores repeats).
        foreach (var order in await orders.ListWithOutboxAsync(BatchSize, ct))
        {
            var hasWebhook = await HasWebhookAsync(order.OwnerId);
            foreach (var e in order.Outbox!)
                if (await notifications.TryAddAsync(FromOrder(order, e, hasWebhook), ct)) relayed++;
            await orders.TryReplaceAsync(order with { Outbox = [] }, ct);
        }
        if (priceAlerts is not null)
            foreach (var alert in await priceAlerts.ListWithOutboxAsync(BatchSize, ct))
            {
                var hasWebhook = await HasWebhookAsync(alert.UserId);
                foreach (var e in alert.Outbox!)
                    if (await notifications.TryAddAsync(FromPriceAlert(alert, e, hasWebhook), ct)) relayed++;
                await priceAlerts.TryReplaceAsync(alert with { Outbox = [] }, ct);
            }
        if (driftAlerts is not null)
        {
            // A first revaluation opens hundreds of thousands of alerts: a batch goes into the inboxes in one write, and its
            // outboxes are cleared in one more, only after that write.
            // The batch's owners' webhooks are read at once too.
            var batch = await driftAlerts.ListWithOutboxAsync(BatchSize, ct);
            var owners = new HashSet<string>(StringComparer.Ordinal);
            foreach (var alert in batch)
                if (alert.OwnerId is { } owner && !webhooks.ContainsKey(owner)) owners.Add(owner);
            var found = owners.Count == 0 ? null : await notifications.GetWebhooksAsync(owners, ct);
            foreach (var owner in owners) webhooks[owner] = found!.GetValueOrDefault(owner);
            var events = new List<Notification>(batch.Count);
            foreach (var alert in batch)
                // An alert opened before alerts carried their owner cannot be addressed: its events are dropped, not retried forever.
                if (alert.OwnerId is { } owner)
                {
                    var hasWebhook = webhooks[owner] is not null;
                    foreach (var kind in alert.Outbox!) events.Add(FromDriftAlert(alert, owner, kind, hasWebhook, clock.GetUtcNow()));
                }
            if (events.Count > 0) relayed += await notifications.TryAddManyAsync(events, ct);
            if (batch.Count > 0) await driftAlerts.TryClearOutboxesAsync(batch, ct);
        }
        return relayed;
    }

    public async Task<(int Delivered, int Retried, int Failed)> DeliverDueAsync(CancellationToken ct)
    {
        int delivered = 0, retried = 0, failed = 0;
        foreach (var notification in await notifications.ListDueDeliveriesAsync(clock.GetUtcNow(), BatchSize, ct))
            switch (await DeliverAsync(notification, ct))
            {
                case DeliveryStatus.Delivered: delivered++; break;
                case DeliveryStatus.Failed: failed++; break;
                case DeliveryStatus.Pending: retried++; break;
            }
        return (delivered, retried, failed);
    }

    /// <summary>
    /// The due deliveries, each leased for <paramref name="lease"/> (its next attempt moved that far on) so that the next
    /// listing does not hand it out again while a queue message for it is in flight (the Functions host's path).
    /// </summary>
    public async Task<IReadOnlyList<Notification>> LeaseDueAsync(TimeSpan lease, CancellationToken ct)
    {
        var leased = new List<Notification>();
        var now = clock.GetUtcNow();
        foreach (var notification in await notifications.ListDueDeliveriesAsync(now, BatchSize, ct))
            if (await notifications.TryReplaceAsync(notification with { NextAttemptAt = now + lease }, ct)) leased.Add(notification);
        return leased;
    }

    /// <summary>One delivery attempt of a pending notification; answers its delivery state afterwards (None when there was nothing to do).</summary>
    public async Task<DeliveryStatus> DeliverAsync(Notification notification, CancellationToken ct)
    {
        if (notification.Delivery != DeliveryStatus.Pending) return DeliveryStatus.None;
        var webhook = await notifications.GetWebhookAsync(notification.UserId, ct);
        if (webhook is null)
        {
            await notifications.TryReplaceAsync(notification with { Delivery = DeliveryStatus.None, NextAttemptAt = null }, ct);
            return DeliveryStatus.None;
        }
        var error = await client.PostAsync(webhook, notification, ct);
        var attempts = notification.Attempts + 1;
        var next = error is null
            ? notification with { Delivery = DeliveryStatus.Delivered, Attempts = attempts, NextAttemptAt = null, LastError = null }
            : attempts >= options.MaxAttempts
                ? notification with { Delivery = DeliveryStatus.Failed, Attempts = attempts, NextAttemptAt = null, LastError = error }
                : notification with { Attempts = attempts, NextAttemptAt = clock.GetUtcNow() + Backoff(attempts), LastError = error };
        // Two dispatchers may both post it (at least once): the receiver drops the repeat by its X-Event-Id.
        // Changed meanwhile (marked read by its owner): the delivery outcome goes onto the current version.
        for (var attempt = 0; !await notifications.TryReplaceAsync(next, ct); attempt++)
        {
            var current = await notifications.GetAsync(notification.UserId, notification.Id, ct);
            if (current is null || current.Delivery != DeliveryStatus.Pending || attempt >= 10) return DeliveryStatus.None;
            next = current with { Delivery = next.Delivery, Attempts = next.Attempts, NextAttemptAt = next.NextAttemptAt, LastError = next.LastError };
        }
        if (next.Delivery == DeliveryStatus.Failed)
            logger.LogWarning("Webhook delivery of {EventId} failed for good after {Attempts} attempts: {Error}", notification.Id, attempts, error);
        return next.Delivery;
    }

    /// <summary>Exponential backoff with jitter: the n-th retry waits BaseDelay × 2^(n−1), at most MaxDelay, less up to half at random.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var exponential = options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 30));
        var capped = Math.Min(exponential, options.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + Random.Shared.NextDouble() * 0.5));
    }

    public static Notification FromOrder(Order order, OrderEvent e, bool hasWebhook) => new(
        e.Id, order.OwnerId, e.Kind, e.At, Describe(order, e.Kind), order.AccountId, order.Id, order.Symbol,
        Delivery: hasWebhook ? DeliveryStatus.Pending : DeliveryStatus.None, NextAttemptAt: hasWebhook ? e.At : null);

    public static Notification FromPriceAlert(PriceAlert alert, PriceAlertEvent e, bool hasWebhook) => new(
        e.Id, alert.UserId, PriceAlert.FiredKind, e.At, "Price alert: " + alert.Describe(e.Price), Symbol: alert.Symbol,
        Delivery: hasWebhook ? DeliveryStatus.Pending : DeliveryStatus.None, NextAttemptAt: hasWebhook ? e.At : null, AlertId: alert.Id);

    /// <summary>A drift event is timed by its transition (opened, resolved); one without a time (not expected) by the relay.</summary>
    public static Notification FromDriftAlert(DriftAlert alert, string owner, string kind, bool hasWebhook, DateTimeOffset now)
    {
        var at = (kind == DriftAlertEvents.Opened ? alert.OpenedAt : alert.ResolvedAt) ?? now;
        return new(DriftAlertEvents.EventId(alert, kind), owner, kind, at, "Drift alert: " + DriftAlertEvents.Describe(alert, kind), alert.AccountId,
            Symbol: alert.Symbol, Delivery: hasWebhook ? DeliveryStatus.Pending : DeliveryStatus.None, NextAttemptAt: hasWebhook ? at : null);
    }

    private static string Describe(Order order, string kind)
    {
        var what = $"{order.Side.ToString().ToLowerInvariant()} {order.Quantity} {order.Symbol}";
        return kind switch
        {
            OrderTransitions.Filled => $"Order {what} filled at {order.Fill?.Price}",
            OrderTransitions.Expired => $"Order {what} expired: {order.Reason}",
            OrderTransitions.Rejected => $"Order {what} rejected: {order.Reason}",
            _ => $"Order {what}: {kind}",
        };
    }

    /// <summary>The webhook body: the notification without its delivery state.</summary>
    public static byte[] Body(Notification n) => JsonSerializer.SerializeToUtf8Bytes(
        new { id = n.Id, kind = n.Kind, at = n.At, message = n.Message, accountId = n.AccountId, orderId = n.OrderId, alertId = n.AlertId, symbol = n.Symbol }, BodyJson);

    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}

/// <summary>POSTs one notification to a webhook; answers null on a 2xx, otherwise what went wrong.</summary>
public class WebhookClient(HttpClient http, NotificationOptions options, TimeProvider time)
{
    public virtual async Task<string?> PostAsync(Webhook webhook, Notification notification, CancellationToken ct)
    {
        var body = NotificationRelay.Body(notification);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(NotificationRelay.SignatureHeader, NotificationRelay.Sign(webhook.Secret, body));
        request.Headers.Add(NotificationRelay.EventIdHeader, notification.Id);
        using var timeout = new CancellationTokenSource(options.RequestTimeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, either.Token);
            return response.IsSuccessStatusCode ? null : $"answered {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return e is OperationCanceledException ? $"no answer within {options.RequestTimeout.TotalSeconds} s" : e.Message;
        }
    }
}
