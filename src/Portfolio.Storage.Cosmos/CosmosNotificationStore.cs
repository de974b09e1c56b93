using System.Globalization;
using System.Net;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using Portfolio.Application.Notifications;
using Portfolio.Application.Ports;

namespace Portfolio.Storage.Cosmos;

/// <summary>
/// The <c>notifications</c> container, partitioned by user: one document per notification (id = event id, so a relayed
/// event seen again is a 409 and changes nothing) and one <c>webhook</c> document per user. Due deliveries are a
/// cross-partition query (the dispatcher's, background only) on the delivery state and the next attempt's fixed-width time.
/// </summary>
public sealed class CosmosNotificationStore(CosmosContainers containers) : INotificationStore
{
    private const string WebhookId = "webhook";
    private Container Container => containers.Notifications;

    public async Task<bool> TryAddAsync(Notification notification, CancellationToken ct)
    {
        try
        {
            await Container.CreateItemAsync(NotificationDocument.From(notification), new PartitionKey(notification.UserId), CosmosOperations.NoContentOnWrite, ct)
                .ConfigureAwait(false);
            return true;
        }
        catch (CosmosException e) when (e.Is(HttpStatusCode.Conflict))
        {
            return false;
        }
    }

    /// <summary>A Cosmos write is one document: the creates of a relay batch are kept 16 in flight instead of made one after another.</summary>
    public async Task<int> TryAddManyAsync(IReadOnlyList<Notification> notifications, CancellationToken ct)
    {
        var added = 0;
        await Parallel.ForEachAsync(notifications, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (notification, token) =>
        {
            if (await TryAddAsync(notification, token).ConfigureAwait(false)) Interlocked.Increment(ref added);
        }).ConfigureAwait(false);
        return added;
    }

    public async Task<Notification?> GetAsync(string userId, string id, CancellationToken ct) =>
        id == WebhookId ? null
            : (await Container.ReadOrDefaultAsync<NotificationDocument>(id, userId, ct).ConfigureAwait(false)) is { Type: "notification" } d ? d.ToNotification() : null;

    public async Task<IReadOnlyList<Notification>> ListAsync(string userId, bool unreadOnly, int max, CancellationToken ct)
    {
        var query = new QueryDefinition(
            $"SELECT * FROM c WHERE c.userId = @pk AND c.type = 'notification' {(unreadOnly ? "AND c.read = '0'" : "")}");
        var rows = await Container.QueryPartitionAsync<NotificationDocument>(query, userId, ct).ConfigureAwait(false);
        return rows.Select(d => d.ToNotification()).OrderByDescending(n => n.At).ThenByDescending(n => n.Id, StringComparer.Ordinal).Take(max).ToList();
    }

    public async Task<IReadOnlyList<Notification>> ListDueDeliveriesAsync(DateTimeOffset dueBy, int max, CancellationToken ct)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.type = 'notification' AND c.delivery = 'pending' AND c.due <= @due")
            .WithParameter("@due", NotificationDocument.Instant(dueBy));
        var rows = new List<NotificationDocument>();
        using var iterator = Container.GetItemQueryIterator<NotificationDocument>(query, requestOptions: new QueryRequestOptions { MaxItemCount = 1000 });
        while (iterator.HasMoreResults) rows.AddRange(await iterator.ReadNextAsync(ct).ConfigureAwait(false));
        return rows.Select(d => d.ToNotification()).OrderBy(n => n.NextAttemptAt).ThenBy(n => n.Id, StringComparer.Ordinal).Take(max).ToList();
    }

    public async Task<bool> TryReplaceAsync(Notification notification, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(notification.ConcurrencyToken)) return false;
        try
        {
            await Container.ReplaceItemAsync(NotificationDocument.From(notification), notification.Id, new PartitionKey(notification.UserId),
                CosmosOperations.IfMatch(notification.ConcurrencyToken), ct).ConfigureAwait(false);
            return true;
        }
        catch (CosmosException e) when (e.Is(HttpStatusCode.PreconditionFailed) || e.Is(HttpStatusCode.NotFound))
        {
            return false;
        }
    }

    public async Task PutWebhookAsync(Webhook webhook, CancellationToken ct) =>
        await Container.UpsertItemAsync(new WebhookDocument(WebhookId, webhook.UserId, "webhook", webhook), new PartitionKey(webhook.UserId),
            CosmosOperations.NoContentOnWrite, ct).ConfigureAwait(false);

    public async Task<Webhook?> GetWebhookAsync(string userId, CancellationToken ct) =>
        (await Container.ReadOrDefaultAsync<WebhookDocument>(WebhookId, userId, ct).ConfigureAwait(false))?.Webhook;
}

/// <summary>The notification with the fields the queries filter on beside it, as text (the local server compares strings reliably).</summary>
internal sealed record NotificationDocument(string Id, string UserId, string Type, string Read, string Delivery, string? Due, Notification Notification)
{
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }

    public static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static NotificationDocument From(Notification n) => new(
        n.Id, n.UserId, "notification", n.Read ? "1" : "0", n.Delivery.ToString().ToLowerInvariant(),
        n.NextAttemptAt is { } next ? Instant(next) : null, n with { ConcurrencyToken = null });

    public Notification ToNotification() => Notification with { ConcurrencyToken = ETag };
}

internal sealed record WebhookDocument(string Id, string UserId, string Type, Webhook Webhook);
