using Portfolio.Application.Accounts;
using Portfolio.Application.Alerts;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.Revaluation;
using Portfolio.Application.Targets;
using Portfolio.Domain.Rebalancing;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests;

/// <summary>
/// What a revaluation page decides for drift alerts, with the numbers worked out: an alert opens beyond tolerance,
/// stays the one open alert of its account and symbol, and resolves back within tolerance.
/// </summary>
public class DriftAlertDecisionTests
{
    private static readonly DateOnly May1 = new(2024, 5, 1);

    /// <summary>VTI 60 and BND 40 shares bought at 100 (basis 10,000, no cash tracked), targets VTI 60 % / BND 40 %.</summary>
    private static async Task<Account> SixtyFortyAsync(Harness app, decimal vti = 60, decimal bnd = 40)
    {
        var account = await app.AccountAsync();
        await app.RecordAsync(account, id => new Buy(id, May1, "VTI", 60, 100));
        await app.RecordAsync(account, id => new Buy(id, May1, "BND", 40, 100));
        return await app.Get<TargetService>().SetAsync(app.Alice, account.Id,
            new TargetAllocation(new Dictionary<string, decimal> { ["VTI"] = vti, ["BND"] = bnd }), default);
    }

    private static Task PricesAsync(Harness app, decimal vti, decimal bnd)
    {
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var now = app.Clock.GetUtcNow();
        app.Get<Valuation.LatestPrices>().Evict(["VTI", "BND"]);
        return app.Get<IPriceStore>().SaveAsync([
            new Quote("VTI", vti, now, "test", QuoteKind.RealTime), new Quote("BND", bnd, now, "test", QuoteKind.RealTime)], default);
    }

    private static async Task<PageRevaluation> RevaluePageAsync(Harness app, params Account[] accounts)
    {
        var fresh = new List<Account>();
        foreach (var account in accounts) fresh.Add((await app.Get<IAccountStore>().GetAsync(account.OwnerId, account.Id, default))!);
        return await app.Get<RevaluationService>().RevaluePageAsync(fresh, parallelism: 4, default);
    }

    private static async Task<IReadOnlyList<DriftAlert>> OpenAlertsAsync(Harness app, Account account) =>
        (await app.Get<IAlertStore>().ListAsync(account.Id, includeResolved: false, default)).OrderBy(a => a.Symbol, StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Drift_beyond_tolerance_opens_an_alert_with_the_weights_and_the_trade_to_target()
    {
        await using var app = new Harness();
        var account = await SixtyFortyAsync(app);
        await PricesAsync(app, vti: 140, bnd: 100);

        var page = await RevaluePageAsync(app, account);

        // VTI 60 × 140 = 8400, BND 40 × 100 = 4000, total 12,400.
        // VTI 8400 / 12400 = 67.74… % (drift 7.74 > 5): sell (8400 − 0.60 × 12400) / 140 = 960 / 140 = 6.86 → 6 shares.
        // BND 4000 / 12400 = 32.26 % (drift 7.74 > 5): buy (0.40 × 12400 − 4000) / 100 = 960 / 100 = 9.6 → 9 shares.
        Assert.Equal(new PageRevaluation(1, 2, 0, 0), page);
        var at = app.Clock.GetUtcNow();
        Assert.Equal([
                new DriftAlert(account.Id, "BND", at, 4000m * 100 / 12400, 40m, 40m - 4000m * 100 / 12400, TradeAction.Buy, 9m),
                new DriftAlert(account.Id, "VTI", at, 8400m * 100 / 12400, 60m, 8400m * 100 / 12400 - 60m, TradeAction.Sell, 6m)],
            await OpenAlertsAsync(app, account));
        var snapshot = Assert.Single(await app.Get<ISnapshotStore>().ListAsync(account.Id, new DateOnly(2024, 6, 3), new DateOnly(2024, 6, 3), default));
        Assert.Equal((12_400m, 10_000m, 0m), (snapshot.Value, snapshot.CostBasis, snapshot.Cash));
    }

    [Fact]
    public async Task Drift_equal_to_the_tolerance_opens_nothing()
    {
        await using var app = new Harness();
        // At 100 each: VTI 60 % against 55, BND 40 % against 45: both drift exactly 5 percentage points.
        var account = await SixtyFortyAsync(app, vti: 55, bnd: 45);
        await PricesAsync(app, vti: 100, bnd: 100);

        Assert.Equal(new PageRevaluation(1, 0, 0, 0), await RevaluePageAsync(app, account));
        Assert.Empty(await OpenAlertsAsync(app, account));
    }

    [Fact]
    public async Task An_alert_stays_the_one_open_alert_while_the_drift_lasts_and_resolves_back_within_tolerance()
    {
        await using var app = new Harness();
        var account = await SixtyFortyAsync(app);
        await PricesAsync(app, vti: 140, bnd: 100);
        await RevaluePageAsync(app, account);
        var openedAt = app.Clock.GetUtcNow();

        // VTI 130: 7800 / 11800 = 66.1 %, drift 6.1 > 5 still: nothing opens a second time, nothing resolves; the alert
        // keeps the numbers it was opened with.
        await PricesAsync(app, vti: 130, bnd: 100);
        Assert.Equal(new PageRevaluation(1, 0, 0, 0), await RevaluePageAsync(app, account));
        Assert.Equal([(openedAt, 4000m * 100 / 12400), (openedAt, 8400m * 100 / 12400)],
            (await OpenAlertsAsync(app, account)).Select(a => (a.OpenedAt, a.CurrentPercent)));

        // VTI 110: 6600 / 10600 = 62.3 %, drift 2.3; BND 37.7 %, drift 2.3: both back within tolerance.
        await PricesAsync(app, vti: 110, bnd: 100);
        Assert.Equal(new PageRevaluation(1, 0, 2, 0), await RevaluePageAsync(app, account));
        Assert.Empty(await OpenAlertsAsync(app, account));
        var resolved = await app.Get<IAlertStore>().ListAsync(account.Id, includeResolved: true, default);
        Assert.Equal([app.Clock.GetUtcNow(), app.Clock.GetUtcNow()], resolved.Select(a => a.ResolvedAt));

        // Drifting again opens a new alert beside the resolved one.
        await PricesAsync(app, vti: 140, bnd: 100);
        Assert.Equal(new PageRevaluation(1, 2, 0, 0), await RevaluePageAsync(app, account));
        Assert.Equal(4, (await app.Get<IAlertStore>().ListAsync(account.Id, includeResolved: true, default)).Count);
    }

    [Fact]
    public async Task A_page_decides_each_account_as_revaluing_it_alone_would()
    {
        await using var app = new Harness();
        var drifting = await SixtyFortyAsync(app);
        var onTarget = await SixtyFortyAsync(app, vti: 68, bnd: 32);      // 67.74 % and 32.26 %: drift 0.26 each
        var untargeted = await app.AccountAsync();
        await app.RecordAsync(untargeted, id => new Buy(id, May1, "VTI", 3, 90));
        await PricesAsync(app, vti: 140, bnd: 100);

        var page = await RevaluePageAsync(app, drifting, onTarget, untargeted);

        Assert.Equal(new PageRevaluation(3, 2, 0, 0), page);
        Assert.Equal(2, (await OpenAlertsAsync(app, drifting)).Count);
        Assert.Empty(await OpenAlertsAsync(app, onTarget));
        var day = new DateOnly(2024, 6, 3);
        var values = new List<(decimal, decimal)>();
        foreach (var account in new[] { drifting, onTarget, untargeted })
        {
            var snapshot = Assert.Single(await app.Get<ISnapshotStore>().ListAsync(account.Id, day, day, default));
            values.Add((snapshot.Value, snapshot.CostBasis));
        }
        // 3 × 140 = 420 against a basis of 270.
        Assert.Equal([(12_400m, 10_000m), (12_400m, 10_000m), (420m, 270m)], values);

        // Revaluing one account alone decides the same and so changes nothing more.
        var alone = await app.Get<RevaluationService>().RevalueAsync(
            (await app.Get<IAccountStore>().GetAsync(drifting.OwnerId, drifting.Id, default))!, default);
        Assert.Equal((12_400m, 0, 0), (alone.Value, alone.AlertsOpened, alone.AlertsResolved));
    }

    [Fact]
    public async Task Revaluing_all_accounts_covers_every_page_once()
    {
        await using var app = new Harness();
        // 1,001 accounts: pages of 500, 500 and 1. Empty ledgers are worth 0, so a 50 % VTI target drifts 50 points:
        // every third account (i = 0, 3, …, 999: 334 of them) has that target and opens one alert.
        var store = app.Get<IAccountStore>();
        var settings = new Domain.Accounts.AccountSettings(Domain.Accounts.AccountType.Taxable, "USD", Domain.Accounts.LotMethod.Fifo, TracksCash: false);
        for (var i = 0; i <= 1000; i++)
        {
            var targets = i % 3 == 0 ? new TargetAllocation(new Dictionary<string, decimal> { ["VTI"] = 50 }) : null;
            Assert.True(await store.TryCreateAsync(new Account($"acc_{i:D4}", "alice", $"a{i}", settings, app.Clock.GetUtcNow(), targets), default));
        }
        var revaluation = app.Get<RevaluationService>();

        var first = await revaluation.RevalueAllAsync(parallelism: 4, default);
        var second = await revaluation.RevalueAllAsync(parallelism: 4, default);

        Assert.Equal((1001, 334, 0, 0), (first.AccountsRevalued, first.AlertsOpened, first.AlertsResolved, first.Failures));
        Assert.Equal((1001, 0, 0, 0), (second.AccountsRevalued, second.AlertsOpened, second.AlertsResolved, second.Failures));
        var day = new DateOnly(2024, 6, 3);
        foreach (var id in new[] { "acc_0000", "acc_0499", "acc_0500", "acc_1000" })
            Assert.Equal(0m, Assert.Single(await app.Get<ISnapshotStore>().ListAsync(id, day, day, default)).Value);
        Assert.Equal(50m, Assert.Single(await app.Get<IAlertStore>().ListAsync("acc_0999", includeResolved: false, default)).Drift);
    }
}
