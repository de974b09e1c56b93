using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Portfolio.Application.Notifications;
using Portfolio.Application.Ports;

namespace Portfolio.Functions.Notifications;

/// <summary>Which notification a <c>notifications</c> queue message asks to deliver.</summary>
public sealed record DeliveryMessage(string UserId, string Id);

/// <summary>
/// The Functions host's dispatcher. <c>RelayNotifications</c> (every 10 seconds) moves order outboxes into the inboxes
/// and sends one <c>notifications</c> queue message per due webhook delivery, leasing it for two minutes so the next run
/// does not send it again; <c>DeliverNotification</c> makes one attempt per message (a failure is scheduled again with
/// backoff and jitter by the next relay, then kept as failed). Message ids are <c>{event id}:{attempt}</c>, so the queue's
/// duplicate detection drops a repeat of the same attempt.
/// </summary>
public sealed class NotificationFunctions(NotificationRelay relay, INotificationStore store, ILogger<NotificationFunctions> logger)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    [Function("RelayNotifications")]
    [ServiceBusOutput(FunctionsServices.NotificationsQueue, Connection = FunctionsServices.ServiceBusConnection)]
    public async Task<ServiceBusMessage[]> Relay([TimerTrigger("*/10 * * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var relayed = await relay.RelayOutboxesAsync(ct);
        var due = await relay.LeaseDueAsync(Lease, ct);
        if (relayed + due.Count > 0) logger.LogInformation("Notifications: {Relayed} relayed, {Due} deliveries queued", relayed, due.Count);
        return due.Select(Message).ToArray();
    }

    [Function("DeliverNotification")]
    public async Task Deliver(
        [ServiceBusTrigger(FunctionsServices.NotificationsQueue, Connection = FunctionsServices.ServiceBusConnection)] ServiceBusReceivedMessage message,
        CancellationToken ct)
    {
        var request = JsonSerializer.Deserialize<DeliveryMessage>(message.Body.ToString(), NotificationRelay.BodyJson);
        if (request is null) return;
        var notification = await store.GetAsync(request.UserId, request.Id, ct);
        if (notification is not null) await relay.DeliverAsync(notification, ct);
    }

    public static ServiceBusMessage Message(Notification n) =>
        new(JsonSerializer.SerializeToUtf8Bytes(new DeliveryMessage(n.UserId, n.Id), NotificationRelay.BodyJson))
        {
            MessageId = $"{n.Id}:{n.Attempts}",
            ContentType = "application/json",
        };
}
