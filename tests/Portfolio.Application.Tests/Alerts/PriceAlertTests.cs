using Portfolio.Application.Common;
using Portfolio.Application.PriceAlerts;
using Portfolio.Application.Ports;
using Portfolio.Application.Tests.Orders;
using Portfolio.Domain;
using static Portfolio.Application.Tests.Orders.OrderDesk;

namespace Portfolio.Application.Tests.Alerts;

/// <summary>Price alerts: creation rules, a threshold from a move, firing once per crossing, re-arming, old quotes, deletion.</summary>
public class PriceAlertTests
{
    private static Task<CreatePriceAlertResult> CreateAsync(Harness app, decimal? above = null, decimal? below = null, decimal? move = null,
        string symbol = "AAPL", string? key = null, string hash = "h", Caller? caller = null) =>
        app.Get<PriceAlertService>().CreateAsync(caller ?? app.Alice, new CreatePriceAlertRequest(symbol, above, below, move, key, hash), default);

    private static Task<int> SeeAsync(Harness app, decimal price, int minute, string symbol = "AAPL") =>
        app.Get<PriceAlertEvaluator>().EvaluateAsync([Quote(price, Now.AddMinutes(minute), symbol)], default);

    private static async Task<PriceAlert> ReloadAsync(Harness app, PriceAlert alert) =>
        (await app.Get<IPriceAlertStore>().GetAsync(alert.UserId, alert.Id, default))!;

    [Fact]
    public async Task An_above_alert_fires_once_per_crossing_at_the_threshold_and_re_arms_when_the_price_is_back_below()
    {
        await using var app = new Harness();
        var alert = (await CreateAsync(app, above: 200)).Alert;
        Assert.Equal((PriceAlertDirection.Above, 200m, PriceAlertState.Armed), (alert.Direction, alert.Threshold, alert.State));

        Assert.Equal(0, await SeeAsync(app, 199.99m, 1));
        Assert.Equal(1, await SeeAsync(app, 200, 2)); // at the threshold fires
        Assert.Equal(0, await SeeAsync(app, 201, 3)); // still beyond: quiet
        Assert.Equal(PriceAlertState.Fired, (await ReloadAsync(app, alert)).State);
        Assert.Equal(0, await SeeAsync(app, 199.99m, 4)); // back: re-armed
        Assert.Equal(PriceAlertState.Armed, (await ReloadAsync(app, alert)).State);
        Assert.Equal(1, await SeeAsync(app, 205, 5));

        var fired = await ReloadAsync(app, alert);
        Assert.Equal((2, 205m, Now.AddMinutes(5), Now.AddMinutes(5)), (fired.Firings, fired.LastPrice, fired.LastQuoteAsOf, fired.LastFiredAt));
        Assert.Equal([(Hashing.DeterministicId("evt_", "alice", alert.Id, "1"), 200m, Now.AddMinutes(2)), (Hashing.DeterministicId("evt_", "alice", alert.Id, "2"), 205m, Now.AddMinutes(5))],
            fired.Outbox!.Select(e => (e.Id, e.Price, e.At)));
        Assert.Equal("AAPL at 205 is at or above 200", fired.Describe(205));
    }

    [Fact]
    public async Task A_below_alert_fires_at_or_below_its_threshold()
    {
        await using var app = new Harness();
        var alert = (await CreateAsync(app, below: 100)).Alert;
        Assert.Equal(0, await SeeAsync(app, 100.01m, 1));
        Assert.Equal(1, await SeeAsync(app, 100, 2));
        Assert.Equal(0, await SeeAsync(app, 90, 3, "MSFT")); // another symbol
        Assert.Equal("AAPL at 100 is at or below 100", (await ReloadAsync(app, alert)).Describe(100));
        Assert.True(alert.IsBeyond(99.99m));
        Assert.False(alert.IsBeyond(100.01m));
    }

    [Fact]
    public async Task A_repeated_or_older_quote_changes_nothing()
    {
        await using var app = new Harness();
        var alert = (await CreateAsync(app, above: 200)).Alert;
        Assert.Equal(1, await SeeAsync(app, 210, 5));
        Assert.Equal(0, await SeeAsync(app, 150, 5)); // same time: not newer, so it cannot re-arm
        Assert.Equal(0, await SeeAsync(app, 150, 4)); // older
        var seen = await ReloadAsync(app, alert);
        Assert.Equal((PriceAlertState.Fired, 210m, 1), (seen.State, seen.LastPrice, seen.Firings));
        Assert.Null(seen.Apply(Quote(150, Now.AddMinutes(5))));
        Assert.NotNull(seen.Apply(Quote(150, Now.AddMinutes(6))));
    }

    [Fact]
    public async Task A_batch_is_applied_oldest_first_whatever_its_order()
    {
        await using var app = new Harness();
        var alert = (await CreateAsync(app, above: 200)).Alert;
        // 210 at 18:01 fires, 190 at 18:02 re-arms: newest-first would see 190, then ignore 210 as older.
        Assert.Equal(1, await app.Get<PriceAlertEvaluator>().EvaluateAsync([Quote(190, Now.AddMinutes(2)), Quote(210, Now.AddMinutes(1))], default));
        var after = await ReloadAsync(app, alert);
        Assert.Equal((PriceAlertState.Armed, 190m, 1), (after.State, after.LastPrice, after.Firings));
        Assert.Equal(0, await app.Get<PriceAlertEvaluator>().EvaluateAsync([], default));
    }

    [Fact]
    public async Task Eight_concurrent_evaluations_of_one_crossing_fire_once()
    {
        await using var app = new Harness();
        var alert = (await CreateAsync(app, above: 200)).Alert;
        var quote = Quote(250, Now);
        var fired = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => app.Get<PriceAlertEvaluator>().EvaluateAsync([quote], default))));
        Assert.Equal(1, fired.Sum());
        Assert.Single((await ReloadAsync(app, alert)).Outbox!);
    }

    [Fact]
    public async Task A_move_alert_is_measured_from_the_latest_stored_price_rounded_to_six_places()
    {
        await using var app = new Harness();
        await app.StoreQuoteAsync(187.43m, Now.AddMinutes(-1));
        await app.StoreQuoteAsync(200, Now.AddMinutes(-1), "MSFT");
        await app.StoreQuoteAsync(33.333333m, Now.AddMinutes(-1), "NVDA");
        await app.StoreQuoteAsync(1.00000025m, Now.AddMinutes(-1), "TINY");

        var rise = (await CreateAsync(app, move: 5)).Alert;
        Assert.Equal((PriceAlertDirection.Above, 196.8015m, 187.43m, 5m), (rise.Direction, rise.Threshold, rise.ReferencePrice, rise.MovePercent));
        Assert.Equal("AAPL at 196.81 is at or above 196.8015 (+5 % from 187.43)", rise.Describe(196.81m));

        var fall = (await CreateAsync(app, move: -12.5m, symbol: "MSFT")).Alert;
        Assert.Equal((PriceAlertDirection.Below, 175m), (fall.Direction, fall.Threshold));
        Assert.Equal("MSFT at 170 is at or below 175 (-12.5 % from 200)", fall.Describe(170));

        Assert.Equal("36.666666", (await CreateAsync(app, move: 10, symbol: "NVDA")).Alert.Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2m, (await CreateAsync(app, move: 100, symbol: "TINY")).Alert.Threshold); // 2.0000005: half to even
    }

    [Fact]
    public async Task Creating_refuses_anything_but_exactly_one_valid_condition_naming_the_field()
    {
        await using var app = new Harness();
        await app.StoreQuoteAsync(100, Now);
        async Task<string> Refused(decimal? above = null, decimal? below = null, decimal? move = null, string symbol = "AAPL") =>
            (await Assert.ThrowsAsync<InvalidRequestException>(() => CreateAsync(app, above, below, move, symbol))).Field;

        Assert.Equal("above", await Refused());
        Assert.Equal("below", await Refused(above: 1, below: 2));
        Assert.Equal("below", await Refused(above: 1, move: 2));
        Assert.Equal("below", await Refused(below: 1, move: 2));
        Assert.Equal("movePercent", await Refused(move: 0));
        Assert.Equal("movePercent", await Refused(move: -100));
        Assert.Equal("movePercent", await Refused(move: 1000.01m));
        Assert.Equal("symbol", await Refused(move: 5, symbol: "MSFT")); // no price to measure from
        Assert.Equal("above", (await Assert.ThrowsAsync<LedgerRuleViolation>(() => CreateAsync(app, above: 0))).Field);
        Assert.Equal("below", (await Assert.ThrowsAsync<LedgerRuleViolation>(() => CreateAsync(app, below: -1))).Field);

        Assert.Equal(0.01m, (await CreateAsync(app, move: -99.99m)).Alert.Threshold); // 100 × (1 − 0.9999)
        Assert.Equal(1100m, (await CreateAsync(app, move: 1000)).Alert.Threshold);
        Assert.Equal(2, (await app.Get<PriceAlertService>().ListAsync(app.Alice, default)).Count);
    }

    [Fact]
    public async Task A_user_may_keep_at_most_two_hundred_alerts()
    {
        await using var app = new Harness();
        for (var i = 0; i < PriceAlertService.MaxAlertsPerUser; i++) await CreateAsync(app, above: i + 1);
        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => CreateAsync(app, above: 999));
        Assert.Equal("symbol", refused.Field);
        Assert.True((await CreateAsync(app, above: 999, caller: new Caller("bob"))).Created); // another user's count is their own
    }

    [Fact]
    public async Task A_retry_under_the_same_key_answers_the_same_alert_and_another_request_under_it_is_a_conflict()
    {
        await using var app = new Harness();
        var first = await CreateAsync(app, above: 200, key: "k", hash: "h1");
        var again = await CreateAsync(app, above: 200, key: "k", hash: "h1");
        var conflict = await Assert.ThrowsAsync<ConflictException>(() => CreateAsync(app, above: 300, key: "k", hash: "h2"));

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(Hashing.DeterministicId("pa_", "alice", "k"), first.Alert.Id);
        Assert.Equal(first.Alert.Id, again.Alert.Id);
        Assert.Equal("Idempotency-Key", conflict.Field);
        Assert.Single(await app.Get<PriceAlertService>().ListAsync(app.Alice, default));
        Assert.Equal(Now, first.Alert.CreatedAt);
    }

    [Fact]
    public async Task A_deleted_alert_stops_firing_at_once_and_deleting_it_again_is_the_same_answer()
    {
        await using var app = new Harness();
        var service = app.Get<PriceAlertService>();
        var alert = (await CreateAsync(app, above: 200)).Alert;
        var kept = (await CreateAsync(app, above: 300)).Alert;
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        await service.DeleteAsync(app.Alice, alert.Id, default);
        await service.DeleteAsync(app.Alice, alert.Id, default);
        await Assert.ThrowsAsync<NotFoundException>(() => service.DeleteAsync(app.Alice, "pa_missing", default));
        await Assert.ThrowsAsync<NotFoundException>(() => service.DeleteAsync(new Caller("bob"), kept.Id, default));

        Assert.Equal(1, await SeeAsync(app, 350, 2)); // only the kept one fires
        var deleted = await ReloadAsync(app, alert);
        Assert.Equal(Now.AddMinutes(1), deleted.DeletedAt);
        Assert.Equal(0, deleted.Firings);
        Assert.Null(deleted.Apply(Quote(400, Now.AddMinutes(9))));
        Assert.Equal([kept.Id], (await service.ListAsync(app.Alice, default)).Select(a => a.Id));
    }
}
