using Portfolio.Application.Notifications;

namespace Portfolio.Application.Ports;

/// <summary>Users' notification inboxes (partitioned by user) with their webhook delivery state, and users' webhooks.</summary>
public interface INotificationStore
{
    /// <summary>Adds the notification unless one with its id exists for the user (a relayed event seen again); false then.</summary>
    Task<bool> TryAddAsync(Notification notification, CancellationToken ct);

    /// <summary>
    /// <see cref="TryAddAsync"/> for each, in one write where the store can (SQLite: one statement and one transaction);
    /// returns how many were new. A relay batch of drift events costs one round trip instead of one per event.
    /// </summary>
    async Task<int> TryAddManyAsync(IReadOnlyList<Notification> notifications, CancellationToken ct)
    {
        var added = 0;
        foreach (var notification in notifications)
            if (await TryAddAsync(notification, ct)) added++;
        return added;
    }

    Task<Notification?> GetAsync(string userId, string id, CancellationToken ct);

    /// <summary>The user's newest notifications first, at most <paramref name="max"/>; only unread ones when asked.</summary>
    Task<IReadOnlyList<Notification>> ListAsync(string userId, bool unreadOnly, int max, CancellationToken ct);

    /// <summary>Notifications of every user whose webhook delivery is pending and due by <paramref name="dueBy"/>, oldest first (background only).</summary>
    Task<IReadOnlyList<Notification>> ListDueDeliveriesAsync(DateTimeOffset dueBy, int max, CancellationToken ct);

    /// <summary>Replaces it if it still carries <see cref="Notification.ConcurrencyToken"/>; false when someone changed it first.</summary>
    Task<bool> TryReplaceAsync(Notification notification, CancellationToken ct);

    Task PutWebhookAsync(Webhook webhook, CancellationToken ct);

    Task<Webhook?> GetWebhookAsync(string userId, CancellationToken ct);

    /// <summary>The webhooks of many users at once (users without one are absent): a relay batch's owners in one read where the store can.</summary>
    async Task<IReadOnlyDictionary<string, Webhook>> GetWebhooksAsync(IReadOnlyCollection<string> userIds, CancellationToken ct)
    {
        var webhooks = new Dictionary<string, Webhook>(StringComparer.Ordinal);
        foreach (var userId in userIds)
            if (await GetWebhookAsync(userId, ct) is { } webhook) webhooks[userId] = webhook;
        return webhooks;
    }
}
