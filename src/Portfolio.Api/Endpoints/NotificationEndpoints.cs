using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portfolio.Api.Auth;
using Portfolio.Api.Contracts;
using Portfolio.Api.Http;
using Portfolio.Application.Common;
using Portfolio.Application.Notifications;

namespace Portfolio.Api.Endpoints;

public static class NotificationEndpoints
{
    public const int DefaultLimit = 50;
    /// <summary>A stream ends after this long; the browser's EventSource reconnects with Last-Event-ID.</summary>
    public static readonly TimeSpan MaxStreamDuration = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan StreamPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>The caller's notifications, newest first.</summary>
    /// <param name="unread">Only unread ones when true.</param>
    /// <param name="limit">At most this many, 1 to 200 (default 50).</param>
    /// <param name="user">The caller.</param>
    /// <param name="notifications">The use case.</param>
    /// <param name="ct">Request aborted.</param>
    public static async Task<Ok<List<NotificationResponse>>> List(
        [FromQuery] string? unread, [FromQuery] string? limit, ClaimsPrincipal user, NotificationService notifications, CancellationToken ct)
    {
        var list = await notifications.ListAsync(Callers.From(user), Query.Bool(unread, "unread") ?? false, Query.Int(limit, "limit") ?? DefaultLimit, ct);
        return TypedResults.Ok(list.Select(NotificationResponse.From).ToList());
    }

    /// <summary>Marks notifications read.</summary>
    /// <remarks>Answers the notifications as marked. An id that is not one of the caller's is a 404 and marks nothing.</remarks>
    public static async Task<Ok<List<NotificationResponse>>> MarkRead(
        JsonBody<MarkReadBody> body, ClaimsPrincipal user, NotificationService notifications, CancellationToken ct)
    {
        var ids = body.Value.Ids ?? throw new RequestException("ids", "is required");
        var marked = await notifications.MarkReadAsync(Callers.From(user), ids, ct);
        return TypedResults.Ok(marked.Select(NotificationResponse.From).ToList());
    }

    /// <summary>The caller's notifications as server-sent events.</summary>
    /// <remarks>Each event has the notification's id as its <c>id</c>, its kind as the event type, and the notification as
    /// JSON data. It starts with the unread notifications (or, with <c>Last-Event-ID</c>, those after that one), then sends
    /// new ones as they arrive, checking every second, for at most five minutes; EventSource reconnects by itself.</remarks>
    public static ServerSentEventsResult<NotificationResponse> Stream(
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId, ClaimsPrincipal user, NotificationService notifications, CancellationToken ct) =>
        TypedResults.ServerSentEvents(Events(Callers.From(user), lastEventId, notifications, ct));

    /// <summary>Sets the caller's webhook: every notification is POSTed to it as JSON with <c>X-Event-Id</c> and <c>X-Signature</c>.</summary>
    /// <remarks><c>X-Signature</c> is <c>sha256=</c> and the hex HMAC-SHA256 of the body under the secret (16 to 200 characters).
    /// The URL must be https. Failed deliveries are retried with exponential backoff and jitter, then shown as failed in the inbox.</remarks>
    public static async Task<Ok<WebhookResponse>> PutWebhook(
        JsonBody<WebhookBody> body, ClaimsPrincipal user, NotificationService notifications, CancellationToken ct)
    {
        var webhook = await notifications.PutWebhookAsync(Callers.From(user), body.Value.Url, body.Value.Secret, ct);
        return TypedResults.Ok(new WebhookResponse(webhook.Url, webhook.UpdatedAt));
    }

    private static async IAsyncEnumerable<SseItem<NotificationResponse>> Events(
        Caller caller, string? lastEventId, NotificationService notifications, [EnumeratorCancellation] CancellationToken ct)
    {
        var sent = new HashSet<string>(StringComparer.Ordinal);
        var ends = DateTimeOffset.UtcNow + MaxStreamDuration;
        var first = true;
        while (!ct.IsCancellationRequested && DateTimeOffset.UtcNow < ends)
        {
            var newest = await notifications.ListAsync(caller, unreadOnly: false, NotificationService.MaxListed, ct);
            var fresh = newest.Where(n => !sent.Contains(n.Id)).Reverse().ToList();
            if (first)
            {
                var resumeAfter = lastEventId is null ? -1 : fresh.FindIndex(n => n.Id == lastEventId);
                fresh = resumeAfter >= 0 ? fresh.Skip(resumeAfter + 1).ToList() : lastEventId is null ? fresh.Where(n => !n.Read).ToList() : fresh;
                sent.UnionWith(newest.Select(n => n.Id));
                first = false;
            }
            foreach (var n in fresh)
            {
                sent.Add(n.Id);
                yield return new SseItem<NotificationResponse>(NotificationResponse.From(n), n.Kind) { EventId = n.Id };
            }
            try { await Task.Delay(StreamPollInterval, ct); }
            catch (OperationCanceledException) { yield break; }
        }
    }
}
