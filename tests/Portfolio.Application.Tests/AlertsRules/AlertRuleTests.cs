using Portfolio.Application.Alerts;
using Portfolio.Application.Common;
using Portfolio.Domain.Rebalancing;

namespace Portfolio.Application.Tests.AlertsRules;

/// <summary>Who may read an account's drift alerts, and the id of a drift alert's notification.</summary>
public class AlertRuleTests
{
    [Fact]
    public async Task Another_user_cannot_list_an_accounts_drift_alerts()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => app.Get<AlertService>().ListAsync(new Caller("bob"), account.Id, includeResolved: true, default));
        Assert.Empty(await app.Get<AlertService>().ListAsync(app.Alice, account.Id, includeResolved: true, default));
    }

    [Fact]
    public void A_drift_event_id_is_evt_and_24_hex_digits_and_names_the_alert_and_the_kind()
    {
        var alert = new DriftAlert("acc_1", "AAPL", new DateTimeOffset(2024, 6, 3, 18, 0, 0, TimeSpan.Zero), 50, 80, -30, TradeAction.Buy, 3);

        var opened = DriftAlertEvents.EventId(alert, DriftAlertEvents.Opened);

        Assert.Matches("^evt_[0-9a-f]{24}$", opened);
        Assert.Equal(opened, DriftAlertEvents.EventId(alert with { CurrentPercent = 60 }, DriftAlertEvents.Opened));
        Assert.NotEqual(opened, DriftAlertEvents.EventId(alert, DriftAlertEvents.Resolved));
    }
}
