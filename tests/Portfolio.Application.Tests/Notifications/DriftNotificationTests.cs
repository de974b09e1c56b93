using Portfolio.Application.Alerts;
using Portfolio.Application.Notifications;
using Portfolio.Application.Ports;
using Portfolio.Domain.Rebalancing;
using static Portfolio.Application.Tests.Orders.OrderDesk;

namespace Portfolio.Application.Tests.Notifications;

/// <summary>Drift alerts are their own outbox: opening and resolving each notify the owner once; an ownerless alert notifies nobody.</summary>
public class DriftNotificationTests
{
    [Fact]
    public async Task Opening_and_resolving_a_drift_alert_notify_its_owner_once_each_timed_by_the_transition()
    {
        await using var app = new Harness();
        var alerts = app.Get<IAlertStore>();
        var opened = new DriftAlert("acc1", "AAPL", Now.AddMinutes(-10), 30, 25, 5, TradeAction.Sell, 3, OwnerId: "alice");
        Assert.True(await alerts.TryOpenAsync(opened, default));
        Assert.True(await alerts.TryOpenAsync(new DriftAlert("acc2", "MSFT", Now.AddMinutes(-10), 10, 20, -10, TradeAction.Buy, 1), default)); // before owners
        Assert.True(await alerts.ResolveAsync("acc1", "AAPL", Now, default));
        var relay = app.Get<NotificationRelay>();

        Assert.Equal(2, await relay.RelayOutboxesAsync(default));
        Assert.Equal(0, await relay.RelayOutboxesAsync(default));
        Assert.Empty(await alerts.ListWithOutboxAsync(10, default));

        var inbox = (await app.Get<INotificationStore>().ListAsync("alice", false, 200, default)).OrderBy(n => n.At).ToList();
        Assert.Equal(
            [(DriftAlertEvents.EventId(opened, "drift.opened"), "drift.opened", Now.AddMinutes(-10), "Drift alert: AAPL drifted to 30 % against a target of 25 % (drift 5)"),
             (DriftAlertEvents.EventId(opened, "drift.resolved"), "drift.resolved", Now, "Drift alert: AAPL is back within tolerance of its target of 25 %")],
            inbox.Select(n => (n.Id, n.Kind, n.At, n.Message)));
        Assert.All(inbox, n => Assert.Equal(("acc1", "AAPL", DeliveryStatus.None), (n.AccountId, n.Symbol, n.Delivery)));
        Assert.NotEqual(inbox[0].Id, inbox[1].Id);
    }

    [Fact]
    public void A_drift_event_without_its_transition_time_is_timed_by_the_relay()
    {
        var alert = new DriftAlert("acc1", "AAPL", Now.AddMinutes(-10), 30, 25, 5, TradeAction.Sell, 3, OwnerId: "alice");
        var resolved = NotificationRelay.FromDriftAlert(alert, "alice", DriftAlertEvents.Resolved, hasWebhook: true, Now.AddHours(1));
        Assert.Equal((Now.AddHours(1), DeliveryStatus.Pending, Now.AddHours(1)), (resolved.At, resolved.Delivery, resolved.NextAttemptAt!.Value));
        var opened = NotificationRelay.FromDriftAlert(alert, "alice", DriftAlertEvents.Opened, hasWebhook: false, Now.AddHours(1));
        Assert.Equal((Now.AddMinutes(-10), DeliveryStatus.None, (DateTimeOffset?)null), (opened.At, opened.Delivery, opened.NextAttemptAt));
    }
}
