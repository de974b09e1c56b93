using System.Net;
using Portfolio.Application.Common;
using Portfolio.Application.Ports;

namespace Portfolio.Application.Notifications;

/// <summary>The caller's inbox (read and unread, mark read) and webhook.</summary>
public sealed class NotificationService(INotificationStore store, NotificationOptions options, TimeProvider clock)
{
    public const int MaxListed = 200;
    public const int MaxSecretLength = 200;
    public const int MinSecretLength = 16;

    public Task<IReadOnlyList<Notification>> ListAsync(Caller caller, bool unreadOnly, int max, CancellationToken ct)
    {
        if (max is < 1 or > MaxListed) throw new InvalidRequestException("limit", $"must be between 1 and {MaxListed}");
        return store.ListAsync(caller.UserId, unreadOnly, max, ct);
    }

    /// <summary>Marks the caller's notifications read; unknown ids are a 404 and nothing is changed by them.</summary>
    public async Task<IReadOnlyList<Notification>> MarkReadAsync(Caller caller, IReadOnlyList<string> ids, CancellationToken ct)
    {
        if (ids.Count is 0 or > MaxListed) throw new InvalidRequestException("ids", $"must name 1 to {MaxListed} notifications");
        var found = new List<Notification>();
        foreach (var id in ids)
            found.Add(await store.GetAsync(caller.UserId, id, ct) ?? throw new NotFoundException("notification", id));
        var marked = new List<Notification>();
        foreach (var notification in found)
        {
            var current = notification;
            for (var attempt = 0; !current.Read; attempt++)
            {
                if (await store.TryReplaceAsync(current with { Read = true }, ct)) break;
                if (attempt >= 20) throw new ConflictException("ids", "the notification is being changed; retry");
                current = await store.GetAsync(caller.UserId, current.Id, ct) ?? throw new NotFoundException("notification", current.Id);
            }
            marked.Add(await store.GetAsync(caller.UserId, current.Id, ct) ?? current);
        }
        return marked;
    }

    /// <summary>Sets the caller's webhook. The URL must be absolute https (plain http only to loopback, when allowed for tests).</summary>
    public async Task<Webhook> PutWebhookAsync(Caller caller, string? url, string? secret, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(url)) throw new InvalidRequestException("url", "is required");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0 || url.Length > 2000)
            throw new InvalidRequestException("url", "must be an absolute URL without credentials, at most 2,000 characters");
        var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
        if (uri.Scheme == Uri.UriSchemeHttp && !(loopback && options.AllowLoopbackHttp))
            throw new InvalidRequestException("url", "must use https");
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) throw new InvalidRequestException("url", "must use https");
        if (loopback && !options.AllowLoopbackHttp) throw new InvalidRequestException("url", "must not point at this machine");
        if (string.IsNullOrEmpty(secret) || secret.Length < MinSecretLength || secret.Length > MaxSecretLength)
            throw new InvalidRequestException("secret", $"must be {MinSecretLength} to {MaxSecretLength} characters");
        var webhook = new Webhook(caller.UserId, uri.ToString(), secret, clock.GetUtcNow());
        await store.PutWebhookAsync(webhook, ct);
        return webhook;
    }
}
