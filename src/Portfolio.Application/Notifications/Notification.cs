namespace Portfolio.Application.Notifications;

/// <summary>Where a notification's webhook delivery stands.</summary>
public enum DeliveryStatus { None, Pending, Delivered, Failed }

/// <summary>
/// One event in a user's inbox: an order filled, expired or rejected, a price alert fired, a drift alert opened or resolved. <see cref="Id"/> is
/// the event id, the same in the inbox, in the webhook body and in its <c>X-Event-Id</c> header, so a receiver can drop
/// repeats. The webhook delivery state is kept beside it: attempts, the next attempt's time, the last error.
/// </summary>
public sealed record Notification(
    string Id,
    string UserId,
    string Kind,
    DateTimeOffset At,
    string Message,
    string? AccountId = null,
    string? OrderId = null,
    string? Symbol = null,
    bool Read = false,
    DeliveryStatus Delivery = DeliveryStatus.None,
    int Attempts = 0,
    DateTimeOffset? NextAttemptAt = null,
    string? LastError = null,
    string? ConcurrencyToken = null,
    string? AlertId = null);

/// <summary>A user's webhook: every notification is POSTed to <see cref="Url"/>, signed with <see cref="Secret"/>.</summary>
public sealed record Webhook(string UserId, string Url, string Secret, DateTimeOffset UpdatedAt);
