using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Notifications;
using Portfolio.Application.Revaluation;
using Portfolio.Server.Tests.Support;

namespace Portfolio.Server.Tests;

/// <summary>Opening and resolving a drift alert each notify the owner exactly once, through the alert's own outbox.</summary>
public class DriftAlertNotificationTests
{
    private static async Task<(TestApp App, HttpClient Alice, HttpClient Admin, string Account)> DriftedAsync()
    {
        var app = await TestApp.StartAsync(configure: builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Notifications:RelayEnabled"] = "false" }));
        var alice = app.ClientFor("alice");
        var admin = app.ClientFor("ops", admin: true);
        var account = await alice.CreateAccountAsync(tracksCash: false);
        await alice.RecordAsync(account, Requests.Buy("2024-05-01", "VTI", 60, 100));
        await alice.RecordAsync(account, Requests.Buy("2024-05-01", "BND", 40, 100));
        // VTI at 140: 8,400 of 12,400 = 67.74 % against 60 %, BND 32.26 % against 40 %: both beyond a 5-point tolerance.
        await admin.PushPricesAsync(("VTI", 140m, app.Clock.GetUtcNow()), ("BND", 100m, app.Clock.GetUtcNow()));
        Assert.Equal(HttpStatusCode.OK,
            (await alice.SendAsync(HttpMethod.Put, $"/api/accounts/{account}/targets", new { targets = new { VTI = 60, BND = 40 }, tolerance = 5 })).Status);
        return (app, alice, admin, account);
    }

    private static async Task<List<(string Kind, string Symbol, string Account)>> InboxAsync(TestApp app, HttpClient client)
    {
        await app.Services.GetRequiredService<NotificationRelay>().RunOnceAsync(CancellationToken.None);
        return (await client.GetJsonAsync("/api/notifications")).Body!.AsArray()
            .Select(n => (n!["kind"]!.GetValue<string>(), n["symbol"]!.GetValue<string>(), n["accountId"]!.GetValue<string>()))
            .OrderBy(n => n.Item1, StringComparer.Ordinal).ThenBy(n => n.Item2, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task Opening_and_resolving_notify_once_each_however_often_the_account_is_revalued()
    {
        var (app, alice, admin, account) = await DriftedAsync();
        await using var _app = app;
        var revaluation = app.Services.GetRequiredService<RevaluationService>();

        await revaluation.RevalueAllAsync(4, CancellationToken.None);
        await revaluation.RevalueAllAsync(4, CancellationToken.None);
        Assert.Equal([("drift.opened", "BND", account), ("drift.opened", "VTI", account)], await InboxAsync(app, alice));

        // VTI back to 100: 6,000 of 10,000 = 60 %, on target; both alerts resolve.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await admin.PushPricesAsync(("VTI", 100m, app.Clock.GetUtcNow()));
        await revaluation.RevalueAllAsync(4, CancellationToken.None);
        await revaluation.RevalueAllAsync(4, CancellationToken.None);
        Assert.Equal(
            [("drift.opened", "BND", account), ("drift.opened", "VTI", account), ("drift.resolved", "BND", account), ("drift.resolved", "VTI", account)],
            await InboxAsync(app, alice));
        Assert.Empty(await InboxAsync(app, app.ClientFor("bob")));
    }

    [Fact]
    public async Task Concurrent_revaluations_open_and_notify_each_alert_once()
    {
        var (app, alice, _, account) = await DriftedAsync();
        await using var _app = app;
        var revaluation = app.Services.GetRequiredService<RevaluationService>();

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => revaluation.RevalueAllAsync(2, CancellationToken.None))));
        Assert.Equal(2, runs.Sum(r => r.AlertsOpened));
        Assert.Equal([("drift.opened", "BND", account), ("drift.opened", "VTI", account)], await InboxAsync(app, alice));
    }
}
