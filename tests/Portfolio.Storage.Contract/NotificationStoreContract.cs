using Portfolio.Application.Common;
using Portfolio.Application.Notifications;

namespace Portfolio.Storage.Contract;

public abstract class NotificationStoreContract(IStorageFixture fixture)
{
    private readonly CancellationToken _ct = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2024, 6, 3, 14, 0, 0, TimeSpan.Zero);

    private static Notification New(string user, string id, DateTimeOffset at, DeliveryStatus delivery = DeliveryStatus.None) =>
        new(id, user, "order.filled", at, "Order buy 10 AAPL filled at 190.25", "acc-1", "ord-1", "AAPL",
            Delivery: delivery, NextAttemptAt: delivery == DeliveryStatus.Pending ? at : null);

    private static string Json(Notification n) => StorageJson.Serialize(n with { ConcurrencyToken = null });

    [ContractFact]
    public async Task Added_notification_reads_back_field_by_field_and_its_id_is_added_once()
    {
        var user = TestData.NewId("user");
        var notification = New(user, "evt_1", T0, DeliveryStatus.Pending) with { Attempts = 2, LastError = "answered 500" };

        Assert.True(await fixture.Notifications.TryAddAsync(notification, _ct));
        Assert.False(await fixture.Notifications.TryAddAsync(notification with { Message = "again" }, _ct));

        var read = await fixture.Notifications.GetAsync(user, "evt_1", _ct);
        Assert.NotNull(read);
        Assert.Equal(Json(notification), Json(read));
        Assert.Null(await fixture.Notifications.GetAsync(TestData.NewId("user"), "evt_1", _ct));
        Assert.True(await fixture.Notifications.TryAddAsync(notification with { UserId = TestData.NewId("user") }, _ct)); // ids are per user
    }

    [ContractFact]
    public async Task Many_added_at_once_count_only_the_new_ids_and_read_back_as_added_one_by_one()
    {
        var (user, other) = (TestData.NewId("user"), TestData.NewId("user"));
        var existing = New(user, "evt_old", T0);
        Assert.True(await fixture.Notifications.TryAddAsync(existing, _ct));
        Notification[] batch =
        [
            existing with { Message = "again" },
            New(user, "evt_1", T0.AddMinutes(1), DeliveryStatus.Pending) with { Attempts = 1, LastError = "answered 500" },
            New(other, "evt_1", T0.AddMinutes(2)), // ids are per user
            New(user, "evt_2", T0.AddMinutes(3)) with { Read = true },
        ];

        Assert.Equal(3, await fixture.Notifications.TryAddManyAsync(batch, _ct));
        Assert.Equal(0, await fixture.Notifications.TryAddManyAsync(batch, _ct));
        Assert.Equal(0, await fixture.Notifications.TryAddManyAsync([], _ct));

        Assert.Equal(Json(existing), Json((await fixture.Notifications.GetAsync(user, "evt_old", _ct))!));
        foreach (var added in batch.Skip(1))
            Assert.Equal(Json(added), Json((await fixture.Notifications.GetAsync(added.UserId, added.Id, _ct))!));
        Assert.Equal(["evt_1", "evt_old"], (await fixture.Notifications.ListAsync(user, true, 10, _ct)).Select(n => n.Id));
        var due = await fixture.Notifications.ListDueDeliveriesAsync(T0.AddMinutes(1), 100_000, _ct);
        Assert.Equal(["evt_1"], due.Where(n => n.UserId == user || n.UserId == other).Select(n => n.Id));
    }

    [ContractFact]
    public async Task Inbox_lists_newest_first_unread_only_when_asked_and_a_stale_token_is_refused()
    {
        var user = TestData.NewId("user");
        foreach (var (id, minutes) in new[] { ("evt_a", 1), ("evt_b", 3), ("evt_c", 2) })
            await fixture.Notifications.TryAddAsync(New(user, id, T0.AddMinutes(minutes)), _ct);
        var b = (await fixture.Notifications.GetAsync(user, "evt_b", _ct))!;

        Assert.True(await fixture.Notifications.TryReplaceAsync(b with { Read = true }, _ct));
        Assert.False(await fixture.Notifications.TryReplaceAsync(b with { Read = false }, _ct));

        Assert.Equal(["evt_b", "evt_c", "evt_a"], (await fixture.Notifications.ListAsync(user, false, 10, _ct)).Select(n => n.Id));
        Assert.Equal(["evt_c", "evt_a"], (await fixture.Notifications.ListAsync(user, true, 10, _ct)).Select(n => n.Id));
        Assert.Equal(["evt_b"], (await fixture.Notifications.ListAsync(user, false, 1, _ct)).Select(n => n.Id));
    }

    [ContractFact]
    public async Task Due_deliveries_are_the_pending_ones_due_by_then_across_users_oldest_first()
    {
        var (u1, u2) = (TestData.NewId("user"), TestData.NewId("user"));
        var far = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);   // earlier than any other test's, so they come first
        await fixture.Notifications.TryAddAsync(New(u1, "evt_late", far.AddMinutes(2), DeliveryStatus.Pending), _ct);
        await fixture.Notifications.TryAddAsync(New(u2, "evt_early", far.AddMinutes(1), DeliveryStatus.Pending), _ct);
        await fixture.Notifications.TryAddAsync(New(u2, "evt_none", far, DeliveryStatus.None), _ct);
        await fixture.Notifications.TryAddAsync(New(u1, "evt_future", far.AddMinutes(10), DeliveryStatus.Pending), _ct);

        var due = (await fixture.Notifications.ListDueDeliveriesAsync(far.AddMinutes(2), 100, _ct)).Where(n => n.UserId == u1 || n.UserId == u2);
        Assert.Equal(["evt_early", "evt_late"], due.Select(n => n.Id));

        var early = (await fixture.Notifications.GetAsync(u2, "evt_early", _ct))!;
        Assert.True(await fixture.Notifications.TryReplaceAsync(early with { Delivery = DeliveryStatus.Delivered, NextAttemptAt = null }, _ct));
        Assert.Equal(["evt_late"], (await fixture.Notifications.ListDueDeliveriesAsync(far.AddMinutes(2), 100, _ct))
            .Where(n => n.UserId == u1 || n.UserId == u2).Select(n => n.Id));
    }

    [ContractFact]
    public async Task Webhook_is_one_per_user_and_a_put_replaces_it()
    {
        var user = TestData.NewId("user");
        Assert.Null(await fixture.Notifications.GetWebhookAsync(user, _ct));
        await fixture.Notifications.PutWebhookAsync(new Webhook(user, "https://a.example.org/h", "secret-one-0123456", T0), _ct);
        await fixture.Notifications.PutWebhookAsync(new Webhook(user, "https://b.example.org/h", "secret-two-0123456", T0.AddMinutes(1)), _ct);

        Assert.Equal(new Webhook(user, "https://b.example.org/h", "secret-two-0123456", T0.AddMinutes(1)), await fixture.Notifications.GetWebhookAsync(user, _ct));
        Assert.Empty(await fixture.Notifications.ListAsync(user, false, 10, _ct));   // the webhook is not a notification
    }

    [ContractFact]
    public async Task Webhooks_of_many_users_are_read_at_once_and_users_without_one_are_absent()
    {
        var (a, b, none) = (TestData.NewId("user"), TestData.NewId("user"), TestData.NewId("user"));
        var hookA = new Webhook(a, "https://a.example.org/h", "secret-a-0123456789", T0);
        var hookB = new Webhook(b, "https://b.example.org/h", "secret-b-0123456789", T0.AddMinutes(1));
        await fixture.Notifications.PutWebhookAsync(hookA, _ct);
        await fixture.Notifications.PutWebhookAsync(hookB, _ct);

        var found = await fixture.Notifications.GetWebhooksAsync([a, none, b], _ct);

        Assert.Equal(2, found.Count);
        Assert.Equal(hookA, found[a]);
        Assert.Equal(hookB, found[b]);
        Assert.Empty(await fixture.Notifications.GetWebhooksAsync([], _ct));
    }
}
