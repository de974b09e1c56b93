using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Accounts;
using Portfolio.Application.Notifications;
using Portfolio.Application.Orders;
using Portfolio.Application.Ports;
using Portfolio.Application.PriceAlerts;
using Portfolio.Storage.Sqlite;

namespace Portfolio.Application.Tests.Races;

/// <summary>
/// The real SQLite stores, with another writer that gets in first: before each conditional replace the test chooses to
/// contest, the rival writes the stored document (unchanged, or as <see cref="Rival"/> makes it), so the replace it
/// precedes fails on its stale concurrency token, exactly as when two processes race.
/// </summary>
internal static class ContestedStores
{
    public static Harness App(out ContestedOrders orders, out ContestedAlerts alerts, out ContestedNotifications notifications, Action<IServiceCollection>? more = null)
    {
        ContestedOrders? o = null;
        ContestedAlerts? a = null;
        ContestedNotifications? n = null;
        var app = new Harness(s =>
        {
            s.AddSingleton<IOrderStore>(sp => o = new ContestedOrders(ActivatorUtilities.CreateInstance<SqliteOrderStore>(sp)));
            s.AddSingleton<IPriceAlertStore>(sp => a = new ContestedAlerts(ActivatorUtilities.CreateInstance<SqlitePriceAlertStore>(sp)));
            s.AddSingleton<INotificationStore>(sp => n = new ContestedNotifications(ActivatorUtilities.CreateInstance<SqliteNotificationStore>(sp)));
            more?.Invoke(s);
        });
        orders = (ContestedOrders)app.Get<IOrderStore>();
        alerts = (ContestedAlerts)app.Get<IPriceAlertStore>();
        notifications = (ContestedNotifications)app.Get<INotificationStore>();
        return app;
    }
}

/// <summary>Which replaces the rival contests (and how often, at most), and how the rival changes the stored document.</summary>
internal abstract class Contest<T> where T : class
{
    public Func<T, bool> Contests { get; set; } = _ => false;
    /// <summary>The rival stops after this many writes (so a retry loop that never gives up ends too, and fails its test).</summary>
    public int Remaining { get; set; } = 30;
    public Func<T, T> Rival { get; set; } = current => current;
    public int Attempts;
    public int Lost;

    /// <summary>When set, listing fails as an unreachable database would.</summary>
    public bool Broken { get; set; }

    protected Task<TList> Listing<TList>(Func<Task<TList>> list) =>
        Broken ? throw new InvalidOperationException("the database is unavailable") : list();

    protected async Task<bool> ReplaceAsync(T document, Func<Task<T?>> read, Func<T, Task<bool>> replace)
    {
        if (Contests(document))
        {
            Attempts++;
            if (Remaining > 0 && await read() is { } current)
            {
                Remaining--;
                Assert.True(await replace(Rival(current)), "the rival's write must succeed");
                Lost++;
            }
        }
        return await replace(document);
    }
}

internal sealed class ContestedOrders(IOrderStore inner) : Contest<Order>, IOrderStore
{
    public Task<bool> TryCreateAsync(Order order, CancellationToken ct) => inner.TryCreateAsync(order, ct);
    public Task<Order?> GetAsync(string accountId, string orderId, CancellationToken ct) => inner.GetAsync(accountId, orderId, ct);
    public Task<IReadOnlyList<Order>> ListByAccountAsync(string accountId, OrderStatus? status, CancellationToken ct) => inner.ListByAccountAsync(accountId, status, ct);
    public Task<IReadOnlyList<Order>> ListPendingAsync(IReadOnlyCollection<string>? symbols, CancellationToken ct) => Listing(() => inner.ListPendingAsync(symbols, ct));
    public Task<IReadOnlyList<Order>> ListWithOutboxAsync(int max, CancellationToken ct) => inner.ListWithOutboxAsync(max, ct);
    public Task<bool> TryReplaceAsync(Order order, CancellationToken ct) =>
        ReplaceAsync(order, () => inner.GetAsync(order.AccountId, order.Id, ct), o => inner.TryReplaceAsync(o, ct));
}

internal sealed class ContestedAlerts(IPriceAlertStore inner) : Contest<PriceAlert>, IPriceAlertStore
{
    public Task<bool> TryCreateAsync(PriceAlert alert, CancellationToken ct) => inner.TryCreateAsync(alert, ct);
    public Task<PriceAlert?> GetAsync(string userId, string id, CancellationToken ct) => inner.GetAsync(userId, id, ct);
    public Task<IReadOnlyList<PriceAlert>> ListByUserAsync(string userId, CancellationToken ct) => inner.ListByUserAsync(userId, ct);
    public Task<IReadOnlyList<PriceAlert>> ListActiveAsync(IReadOnlyCollection<string>? symbols, CancellationToken ct) => Listing(() => inner.ListActiveAsync(symbols, ct));
    public Task<IReadOnlyList<PriceAlert>> ListWithOutboxAsync(int max, CancellationToken ct) => inner.ListWithOutboxAsync(max, ct);
    public Task<bool> TryReplaceAsync(PriceAlert alert, CancellationToken ct) =>
        ReplaceAsync(alert, () => inner.GetAsync(alert.UserId, alert.Id, ct), a => inner.TryReplaceAsync(a, ct));
}

internal sealed class ContestedNotifications(INotificationStore inner) : Contest<Notification>, INotificationStore
{
    public Task<bool> TryAddAsync(Notification notification, CancellationToken ct) => inner.TryAddAsync(notification, ct);
    public Task<int> TryAddManyAsync(IReadOnlyList<Notification> notifications, CancellationToken ct) => inner.TryAddManyAsync(notifications, ct);
    public Task<Notification?> GetAsync(string userId, string id, CancellationToken ct) => inner.GetAsync(userId, id, ct);
    public Task<IReadOnlyList<Notification>> ListAsync(string userId, bool unreadOnly, int max, CancellationToken ct) => inner.ListAsync(userId, unreadOnly, max, ct);
    public Task<IReadOnlyList<Notification>> ListDueDeliveriesAsync(DateTimeOffset dueBy, int max, CancellationToken ct) => inner.ListDueDeliveriesAsync(dueBy, max, ct);
    public Task PutWebhookAsync(Webhook webhook, CancellationToken ct) => inner.PutWebhookAsync(webhook, ct);
    public Task<Webhook?> GetWebhookAsync(string userId, CancellationToken ct) => inner.GetWebhookAsync(userId, ct);
    public Task<IReadOnlyDictionary<string, Webhook>> GetWebhooksAsync(IReadOnlyCollection<string> userIds, CancellationToken ct) => inner.GetWebhooksAsync(userIds, ct);
    public Task<bool> TryReplaceAsync(Notification notification, CancellationToken ct) =>
        ReplaceAsync(notification, () => inner.GetAsync(notification.UserId, notification.Id, ct), n => inner.TryReplaceAsync(n, ct));
}

internal sealed class ContestedAccounts(IAccountStore inner) : Contest<Account>, IAccountStore
{
    public Task<Account?> GetAsync(string ownerId, string accountId, CancellationToken ct) => inner.GetAsync(ownerId, accountId, ct);
    public Task<IReadOnlyList<Account>> ListByOwnerAsync(string ownerId, CancellationToken ct) => inner.ListByOwnerAsync(ownerId, ct);
    public Task<bool> TryCreateAsync(Account account, CancellationToken ct) => inner.TryCreateAsync(account, ct);
    public Task<Page<Account>> ListAllAsync(string? continuationToken, int pageSize, CancellationToken ct) => inner.ListAllAsync(continuationToken, pageSize, ct);
    public Task<bool> TryReplaceAsync(Account account, CancellationToken ct) =>
        ReplaceAsync(account, () => inner.GetAsync(account.OwnerId, account.Id, ct), a => inner.TryReplaceAsync(a, ct));
}
