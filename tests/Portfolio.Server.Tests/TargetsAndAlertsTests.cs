using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Revaluation;
using Portfolio.Server.Tests.Support;

namespace Portfolio.Server.Tests;

public class TargetsAndAlertsTests
{
    private static async Task<(TestApp App, HttpClient Alice, HttpClient Admin, string Account)> AccountWithDriftAsync()
    {
        var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var admin = app.ClientFor("ops", admin: true);
        var account = await alice.CreateAccountAsync(tracksCash: false);
        await alice.RecordAsync(account, Requests.Buy("2024-05-01", "VTI", 60, 100));
        await alice.RecordAsync(account, Requests.Buy("2024-05-01", "BND", 40, 100));
        await admin.PushPricesAsync(("VTI", 140m, app.Clock.GetUtcNow()), ("BND", 100m, app.Clock.GetUtcNow()));
        return (app, alice, admin, account);
    }

    [Fact]
    public async Task Rebalance_reports_drift_and_whole_share_trades_to_target()
    {
        var (app, alice, _, account) = await AccountWithDriftAsync();
        await using var _app = app;
        (await alice.SendAsync(HttpMethod.Put, $"/api/accounts/{account}/targets", new { targets = new { VTI = 60, BND = 40 } })).Status
            .Equals(HttpStatusCode.OK);

        // VTI 60 × 140 = 8400, BND 4000, total 12400: VTI 67.74 %, drift 7.74 > 5 → SELL (8400 − 7440) / 140 = 6.86 → 6 shares.
        // BND 32.26 %, drift 7.74 → BUY (4960 − 4000) / 100 = 9.6 → 9 shares.
        var plan = (await alice.GetJsonAsync($"/api/accounts/{account}/rebalance")).Body!;
        var lines = plan["lines"]!.AsArray();
        var bnd = lines.Single(l => l!["symbol"]!.GetValue<string>() == "BND")!;
        var vti = lines.Single(l => l!["symbol"]!.GetValue<string>() == "VTI")!;
        Assert.Equal(("sell", 6m, true), (vti["action"]!.GetValue<string>(), vti["quantity"].Dec(), vti["breaches"]!.GetValue<bool>()));
        Assert.Equal(("buy", 9m, true), (bnd["action"]!.GetValue<string>(), bnd["quantity"].Dec(), bnd["breaches"]!.GetValue<bool>()));
        Assert.Equal(Math.Round(8400m * 100 / 12400 - 60, 10), Math.Round(vti["drift"].Dec(), 10));
        // Taxable: the lots to sell are named.
        Assert.Equal(6m, vti["lotsToSell"]![0]!["quantity"].Dec());
    }

    [Fact]
    public async Task Targets_over_100_percent_are_refused_and_the_old_targets_stay()
    {
        var (app, alice, _, account) = await AccountWithDriftAsync();
        await using var _app = app;
        Assert.Equal(HttpStatusCode.OK, (await alice.SendAsync(HttpMethod.Put, $"/api/accounts/{account}/targets", new { targets = new { VTI = 60, BND = 40 } })).Status);
        (await alice.SendAsync(HttpMethod.Put, $"/api/accounts/{account}/targets", new { targets = new { VTI = 70, BND = 40 } }))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "targets");
        var saved = (await alice.GetJsonAsync($"/api/accounts/{account}")).Body!["targets"]!;
        Assert.Equal(60m, saved["targets"]!["VTI"].Dec());
    }

    [Theory]
    [InlineData("{\"targets\":{\"../x\":10}}", "targets.../x")]
    [InlineData("{\"targets\":{\"vti\":10,\"VTI\":20}}", "targets.VTI")]
    [InlineData("{\"targets\":{\"VTI\":\"ten\"}}", "targets.VTI")]
    public async Task Malformed_targets_are_refused_naming_the_symbol(string json, string field)
    {
        var (app, alice, _, account) = await AccountWithDriftAsync();
        await using var _app = app;
        (await alice.SendAsync(HttpMethod.Put, $"/api/accounts/{account}/targets", rawBody: json)).AssertProblem(HttpStatusCode.BadRequest, field);
        Assert.Null((await alice.GetJsonAsync($"/api/accounts/{account}")).Body!["targets"]);
    }

    [Fact]
    public async Task Drift_opens_one_alert_per_symbol_across_cycles_and_resolves_when_back_within_tolerance()
    {
        var (app, alice, admin, account) = await AccountWithDriftAsync();
        await using var _app = app;
        await alice.SendAsync(HttpMethod.Put, $"/api/accounts/{account}/targets", new { targets = new { VTI = 60, BND = 40 }, tolerance = 5 });
        var revaluation = app.Services.GetRequiredService<RevaluationService>();

        var first = await revaluation.RevalueAllAsync(4, CancellationToken.None);
        var second = await revaluation.RevalueAllAsync(4, CancellationToken.None);
        Assert.Equal((1, 2, 0), (first.AccountsRevalued, first.AlertsOpened, first.AlertsResolved));
        Assert.Equal((0, 0), (second.AlertsOpened, second.AlertsResolved));
        Assert.Equal(2, (await alice.GetJsonAsync($"/api/accounts/{account}/alerts")).Body!.AsArray().Count);

        // VTI back to 100: 6000 / 10000 = 60 % exactly on target.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await admin.PushPricesAsync(("VTI", 100m, app.Clock.GetUtcNow()));
        var third = await revaluation.RevalueAllAsync(4, CancellationToken.None);
        Assert.Equal(2, third.AlertsResolved);
        Assert.Empty((await alice.GetJsonAsync($"/api/accounts/{account}/alerts")).Body!.AsArray());
        Assert.Equal(2, (await alice.GetJsonAsync($"/api/accounts/{account}/alerts?includeResolved=true")).Body!.AsArray().Count);
    }
}
