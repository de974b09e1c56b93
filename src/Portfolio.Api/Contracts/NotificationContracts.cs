using Portfolio.Application.Notifications;

namespace Portfolio.Api.Contracts;

/// <summary>
/// A notification: <c>kind</c> is order.filled, order.expired, order.rejected, price.alert (with <c>alertId</c>),
/// drift.opened or drift.resolved (with <c>accountId</c> and <c>symbol</c>); <c>delivery</c> is the webhook delivery
/// (none, pending, delivered, failed) with its <c>attempts</c> and <c>lastError</c>.
/// </summary>
public sealed record NotificationResponse(
    string Id, string Kind, DateTimeOffset At, string Message, string? AccountId, string? OrderId, string? Symbol, bool Read,
    string Delivery, int Attempts, string? LastError, string? AlertId = null)
{
    public static NotificationResponse From(Notification n) => new(
        n.Id, n.Kind, n.At, n.Message, n.AccountId, n.OrderId, n.Symbol, n.Read, n.Delivery.ToString().ToLowerInvariant(), n.Attempts, n.LastError, n.AlertId);
}

public sealed record MarkReadBody(List<string>? Ids = null);

public sealed record WebhookBody(string? Url = null, string? Secret = null);

/// <summary>The webhook as stored, without its secret.</summary>
public sealed record WebhookResponse(string Url, DateTimeOffset UpdatedAt);
