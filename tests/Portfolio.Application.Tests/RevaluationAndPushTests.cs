using Portfolio.Application.Common;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.PricesPush;
using Portfolio.Application.Revaluation;
using Portfolio.Application.Targets;
using Portfolio.Domain.Rebalancing;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests;

public class RevaluationAndPushTests
{
    private static readonly DateOnly May1 = new(2024, 5, 1);

    [Fact]
    public async Task Revaluation_writes_todays_snapshot_at_current_prices()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync();
        await app.RecordAsync(account, id => new Buy(id, May1, "AAPL", 10, 100));
        await app.Get<IPriceStore>().SaveAsync([new Quote("AAPL", 125, app.Clock.GetUtcNow(), "test", QuoteKind.RealTime)], default);

        var result = await app.Get<RevaluationService>().RevalueAsync(account, default);
        Assert.Equal(1250m, result.Value);
        var snapshot = Assert.Single(await app.Get<ISnapshotStore>().ListAsync(account.Id, new DateOnly(2024, 6, 3), new DateOnly(2024, 6, 3), default));
        Assert.Equal((1250m, 1000m), (snapshot.Value, snapshot.CostBasis));
    }

    [Fact]
    public async Task An_alert_on_a_symbol_no_longer_held_nor_targeted_is_resolved()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync();
        await app.RecordAsync(account, id => new Buy(id, May1, "AAPL", 10, 100));
        await app.RecordAsync(account, id => new Buy(id, May1, "BND", 10, 100));
        await app.Get<IPriceStore>().SaveAsync([
            new Quote("AAPL", 100, app.Clock.GetUtcNow(), "test", QuoteKind.RealTime),
            new Quote("BND", 100, app.Clock.GetUtcNow(), "test", QuoteKind.RealTime)], default);
        var targets = app.Get<TargetService>();
        account = await targets.SetAsync(app.Alice, account.Id, new TargetAllocation(new Dictionary<string, decimal> { ["AAPL"] = 80, ["BND"] = 20 }), default);

        var first = await app.Get<RevaluationService>().RevalueAsync(account, default);
        Assert.Equal(2, first.AlertsOpened); // 50 % against 80 and 20

        await app.RecordAsync(account, id => new Sell(id, May1, "BND", 10, 100));
        account = await targets.SetAsync(app.Alice, account.Id, new TargetAllocation(new Dictionary<string, decimal> { ["AAPL"] = 100 }), default);
        var second = await app.Get<RevaluationService>().RevalueAsync(account, default);
        Assert.Equal((0, 2), (second.AlertsOpened, second.AlertsResolved)); // AAPL now 100 % on target; BND gone
        Assert.Empty(await app.Get<IAlertStore>().ListAsync(account.Id, includeResolved: false, default));
    }

    [Fact]
    public async Task Pushed_prices_need_an_admin_and_request_a_revaluation_only_when_something_was_stored()
    {
        await using var app = new Harness();
        var push = app.Get<PricePushService>();
        var now = app.Clock.GetUtcNow();
        await Assert.ThrowsAsync<ForbiddenException>(() => push.PushAsync(app.Alice, [new Quote("AAPL", 1, now, "feed", QuoteKind.RealTime)], default));

        var admin = new Caller("ops", IsAdmin: true);
        var rejected = await push.PushAsync(admin, [new Quote("AAPL", -1, now, "feed", QuoteKind.RealTime)], default);
        Assert.Equal((0, 1, 0), (rejected.StoredCount, rejected.RejectedCount, app.Revaluations.Requests));

        var stored = await push.PushAsync(admin, [new Quote("AAPL", 190, now, "feed", QuoteKind.RealTime)], default);
        Assert.Equal((1, 1), (stored.StoredCount, app.Revaluations.Requests));
        Assert.Equal(190m, (await app.Get<IPriceStore>().GetLatestAsync("AAPL", default))!.Price);
    }
}
