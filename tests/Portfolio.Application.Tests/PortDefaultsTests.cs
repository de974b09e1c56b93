using Portfolio.Application.Ledger;
using Portfolio.Application.Notifications;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests;

/// <summary>
/// What a port promises when an adapter implements only its required members (as the Cosmos adapter does for some):
/// the default many-account read, the one-at-a-time append of an import, daily closes derived from the quote history,
/// and a plain refusal of what such a store cannot do. Each default runs over the harness's SQLite store, reached
/// through a wrapper that forwards only the required members.
/// </summary>
public class PortDefaultsTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private sealed class MinimalLedgerStore(ILedgerStore inner) : ILedgerStore
    {
        public Task<IReadOnlyList<LedgerEntry>> ReadAsync(string accountId, long afterSequence, CancellationToken ct) => inner.ReadAsync(accountId, afterSequence, ct);
        public Task<AppendStatus> TryAppendAsync(LedgerEntry entry, CancellationToken ct) => inner.TryAppendAsync(entry, ct);
        public Task<LedgerEntry?> FindByIdempotencyKeyAsync(string accountId, string idempotencyKey, CancellationToken ct) => inner.FindByIdempotencyKeyAsync(accountId, idempotencyKey, ct);
    }

    private sealed class MinimalPriceStore(IPriceStore inner) : IPriceStore
    {
        public Task SaveAsync(IReadOnlyList<Quote> quotes, CancellationToken ct) => inner.SaveAsync(quotes, ct);
        public Task<Quote?> GetLatestAsync(string symbol, CancellationToken ct) => inner.GetLatestAsync(symbol, ct);
        public Task<IReadOnlyDictionary<string, Quote>> GetLatestAsync(IReadOnlyCollection<string> symbols, CancellationToken ct) => inner.GetLatestAsync(symbols, ct);
        public Task<IReadOnlyList<Quote>> GetHistoryAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) => inner.GetHistoryAsync(symbol, from, to, ct);
    }

    private sealed class MinimalNotificationStore(INotificationStore inner) : INotificationStore
    {
        public Task<bool> TryAddAsync(Notification notification, CancellationToken ct) => inner.TryAddAsync(notification, ct);
        public Task<Notification?> GetAsync(string userId, string id, CancellationToken ct) => inner.GetAsync(userId, id, ct);
        public Task<IReadOnlyList<Notification>> ListAsync(string userId, bool unreadOnly, int max, CancellationToken ct) => inner.ListAsync(userId, unreadOnly, max, ct);
        public Task<IReadOnlyList<Notification>> ListDueDeliveriesAsync(DateTimeOffset dueBy, int max, CancellationToken ct) => inner.ListDueDeliveriesAsync(dueBy, max, ct);
        public Task<bool> TryReplaceAsync(Notification notification, CancellationToken ct) => inner.TryReplaceAsync(notification, ct);
        public Task PutWebhookAsync(Webhook webhook, CancellationToken ct) => inner.PutWebhookAsync(webhook, ct);
        public Task<Webhook?> GetWebhookAsync(string userId, CancellationToken ct) => inner.GetWebhookAsync(userId, ct);
    }

    private static LedgerEntry Entry(string account, long sequence, string key, decimal amount) =>
        new(account, sequence, new Deposit("tx_" + key, new DateOnly(2024, 5, 1), amount), DateTimeOffset.UnixEpoch, key, "h");

    [Fact]
    public async Task The_default_import_append_stores_entries_in_order_and_stops_at_the_first_refusal_keeping_those_before()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync();
        ILedgerStore store = new MinimalLedgerStore(app.Get<ILedgerStore>());
        Assert.Equal(AppendStatus.Appended, await store.TryAppendAsync(Entry(account.Id, 1, "k1", 1m), Ct));

        // Entry 3 reuses the key of entry 1: entry 2 is stored, 3 and 4 are not.
        var status = await store.TryAppendAllAsync([Entry(account.Id, 2, "k2", 2m), Entry(account.Id, 3, "k1", 3m), Entry(account.Id, 4, "k4", 4m)], Ct);

        Assert.Equal(AppendStatus.IdempotencyKeyTaken, status);
        Assert.Equal([1m, 2m], (await store.ReadAsync(account.Id, 0, Ct)).Select(e => ((Deposit)e.Transaction).Amount));
        Assert.Equal(AppendStatus.Appended, await store.TryAppendAllAsync([Entry(account.Id, 3, "k3", 3m)], Ct));
    }

    [Fact]
    public async Task The_default_many_account_read_answers_each_accounts_entries_after_its_sequence_and_leaves_out_those_with_none()
    {
        await using var app = new Harness();
        var a = await app.AccountAsync();
        var b = await app.AccountAsync();
        var c = await app.AccountAsync();
        ILedgerStore store = new MinimalLedgerStore(app.Get<ILedgerStore>());
        await store.TryAppendAllAsync([Entry(a.Id, 1, "a1", 1m), Entry(a.Id, 2, "a2", 2m), Entry(a.Id, 3, "a3", 3m)], Ct);
        await store.TryAppendAllAsync([Entry(b.Id, 1, "b1", 10m)], Ct);

        var read = await store.ReadAsync(new Dictionary<string, long> { [a.Id] = 1, [b.Id] = 1, [c.Id] = 0 }, Ct);

        Assert.Equal([a.Id], read.Keys);
        Assert.Equal([2L, 3L], read[a.Id].Select(e => e.Sequence));
    }

    [Fact]
    public async Task The_default_daily_close_is_the_last_quote_of_each_new_york_date_in_the_range()
    {
        await using var app = new Harness();
        IPriceStore store = new MinimalPriceStore(app.Get<IPriceStore>());
        Quote At(decimal price, int month, int day, int hour, int minute = 0) =>
            new("AAPL", price, new DateTimeOffset(2024, month, day, hour, minute, 0, TimeSpan.Zero), "test", QuoteKind.RealTime);
        await store.SaveAsync(
        [
            At(9m, 5, 31, 19),   // Friday 31 May, 15:00 New York
            At(10m, 6, 3, 19),   // Monday 3 June, 15:00
            At(11m, 6, 3, 20),   // 16:00
            At(12m, 6, 4, 0, 30), // 20:30 on Monday in New York, though Tuesday in UTC
            At(13m, 6, 4, 14),   // Tuesday 4 June, 10:00
        ], Ct);

        var closes = await store.GetDailyClosesAsync(["AAPL", "MSFT"], new DateOnly(2024, 6, 1), new DateOnly(2024, 6, 3), Ct);

        var close = Assert.Single(Assert.Single(closes).Value);
        Assert.Equal(new DailyClose("AAPL", new DateOnly(2024, 6, 3), 12m, new DateTimeOffset(2024, 6, 4, 0, 30, 0, TimeSpan.Zero), "test"), close);
        var both = await store.GetDailyClosesAsync(["AAPL"], new DateOnly(2024, 5, 31), new DateOnly(2024, 6, 4), Ct);
        Assert.Equal([(new DateOnly(2024, 5, 31), 9m), (new DateOnly(2024, 6, 3), 12m), (new DateOnly(2024, 6, 4), 13m)],
            both["AAPL"].Select(c => (c.Date, c.Price)));
    }

    [Fact]
    public async Task A_price_store_without_close_versions_or_pruning_says_so_instead_of_answering_wrongly()
    {
        await using var app = new Harness();
        IPriceStore store = new MinimalPriceStore(app.Get<IPriceStore>());

        var changes = await Assert.ThrowsAsync<NotSupportedException>(() => store.GetCloseChangesAsync(["AAPL"], 0, Ct));
        var prune = await Assert.ThrowsAsync<NotSupportedException>(() => store.PruneHistoryAsync(DateTimeOffset.UnixEpoch, Ct));

        Assert.Equal("this price store does not track daily close changes", changes.Message);
        Assert.Equal("this price store does not prune its history", prune.Message);
    }

    [Fact]
    public async Task The_default_batch_add_of_notifications_counts_only_the_new_ones_and_the_default_webhook_read_leaves_out_users_without_one()
    {
        await using var app = new Harness();
        INotificationStore store = new MinimalNotificationStore(app.Get<INotificationStore>());
        var at = app.Clock.GetUtcNow();
        await store.TryAddAsync(new Notification("evt_1", "alice", "order.filled", at, "first"), Ct);
        await store.PutWebhookAsync(new Webhook("alice", "https://example.org/hook", "secret-a", at), Ct);
        await store.PutWebhookAsync(new Webhook("bob", "https://example.org/bob", "secret-b", at), Ct);

        // evt_1 is there already: two of the three are new.
        var added = await store.TryAddManyAsync(
            [new Notification("evt_1", "alice", "order.filled", at, "again"), new Notification("evt_2", "alice", "order.filled", at, "second"),
             new Notification("evt_3", "bob", "order.filled", at, "third")], Ct);
        var webhooks = await store.GetWebhooksAsync(["alice", "bob", "carol"], Ct);

        Assert.Equal(2, added);
        Assert.Equal("first", (await store.GetAsync("alice", "evt_1", Ct))!.Message);
        Assert.Equal(["alice", "bob"], webhooks.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("https://example.org/bob", webhooks["bob"].Url);
    }
}
