using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portfolio.Application.Common;
using Portfolio.Application.Ports;
using Portfolio.Application.PriceAlerts;
using static Portfolio.Application.Tests.Orders.OrderDesk;

namespace Portfolio.Application.Tests.Races;

/// <summary>Price alert writes that lose races, the evaluator as a quote observer, and the refusals' wording.</summary>
public class PriceAlertRaceTests
{
    private static Harness App(out ContestedAlerts alerts, out CapturedLogs logs)
    {
        var captured = logs = new CapturedLogs();
        return ContestedStores.App(out _, out alerts, out _, s => s.AddSingleton<ILoggerProvider>(captured));
    }

    private static async Task<PriceAlert> CreateAsync(Harness app, decimal? above = null, decimal? below = null, string symbol = "AAPL") =>
        (await app.Get<PriceAlertService>().CreateAsync(app.Alice, new CreatePriceAlertRequest(symbol, above, below, null, null, "h"), default)).Alert;

    private static Task<InvalidRequestException> RefusedAsync(Harness app, decimal? above = null, decimal? below = null, decimal? move = null) =>
        Assert.ThrowsAsync<InvalidRequestException>(() =>
            app.Get<PriceAlertService>().CreateAsync(app.Alice, new CreatePriceAlertRequest("AAPL", above, below, move, null, "h"), default));

    private static async Task<PriceAlert> ReloadAsync(Harness app, PriceAlert alert) => (await app.Get<IPriceAlertStore>().GetAsync("alice", alert.Id, default))!;

    [Fact]
    public async Task A_firing_that_loses_three_races_is_written_on_its_fourth_attempt_once()
    {
        await using var app = App(out var alerts, out _);
        var alert = await CreateAsync(app, above: 200);
        alerts.Contests = a => a.Id == alert.Id;
        alerts.Remaining = 3;

        Assert.Equal(1, await app.Get<PriceAlertEvaluator>().EvaluateAsync([Quote(201, Now)], default));

        Assert.Equal((4, 3), (alerts.Attempts, alerts.Lost));
        Assert.Equal((1, PriceAlertState.Fired), ((await ReloadAsync(app, alert)).Firings, (await ReloadAsync(app, alert)).State));
    }

    [Fact]
    public async Task An_alert_that_loses_every_race_is_logged_after_twenty_attempts_and_the_others_still_fire()
    {
        await using var app = App(out var alerts, out var logs);
        var contested = await CreateAsync(app, above: 200);
        var other = await CreateAsync(app, below: 300);
        alerts.Contests = a => a.Id == contested.Id;

        Assert.Equal(1, await app.Get<PriceAlertEvaluator>().EvaluateAsync([Quote(201, Now)], default));

        Assert.Equal(20, alerts.Attempts);
        var error = Assert.Single(logs.AtLeast(LogLevel.Warning));
        Assert.Equal((LogLevel.Error, $"Could not evaluate price alert {contested.Id} of user alice", $"price alert {contested.Id} is being changed by many writers at once"),
            (error.Level, error.Message, error.Exception!.Message));
        Assert.Equal(0, (await ReloadAsync(app, contested)).Firings);
        Assert.Equal(1, (await ReloadAsync(app, other)).Firings);
    }

    [Fact]
    public async Task A_stored_quote_seen_by_the_observer_fires_the_alert_and_a_failing_evaluation_is_logged()
    {
        await using var app = App(out var alerts, out var logs);
        var alert = await CreateAsync(app, above: 200);
        var evaluator = app.Get<PriceAlertEvaluator>();

        await evaluator.OnStoredAsync([Quote(201, Now)], default);
        Assert.Equal(1, (await ReloadAsync(app, alert)).Firings);

        alerts.Broken = true;
        await evaluator.OnStoredAsync([Quote(199, Now.AddMinutes(1)), Quote(202, Now.AddMinutes(2))], default);
        var error = Assert.Single(logs.AtLeast(LogLevel.Warning));
        Assert.Equal((LogLevel.Error, "Could not evaluate price alerts after 2 stored quotes", "the database is unavailable"),
            (error.Level, error.Message, error.Exception!.Message));
        Assert.Equal(1, (await ReloadAsync(app, alert)).Firings);
    }

    [Fact]
    public async Task A_delete_that_loses_three_races_deletes_and_one_that_loses_every_race_is_a_conflict_after_twenty()
    {
        await using var app = App(out var alerts, out _);
        var first = await CreateAsync(app, above: 200);
        var second = await CreateAsync(app, above: 300);
        var service = app.Get<PriceAlertService>();

        alerts.Contests = a => a.Id == first.Id;
        alerts.Remaining = 3;
        await service.DeleteAsync(app.Alice, first.Id, default);
        Assert.Equal(4, alerts.Attempts);
        Assert.True((await ReloadAsync(app, first)).IsDeleted);

        alerts.Contests = a => a.Id == second.Id;
        alerts.Remaining = 30;
        alerts.Attempts = 0;
        var conflict = await Assert.ThrowsAsync<ConflictException>(() => service.DeleteAsync(app.Alice, second.Id, default));
        Assert.Equal(("alertId", "the alert is being changed by many writers at once; retry"), (conflict.Field, conflict.Message));
        Assert.Equal(20, alerts.Attempts);
        Assert.False((await ReloadAsync(app, second)).IsDeleted);

        var missing = await Assert.ThrowsAsync<NotFoundException>(() => service.DeleteAsync(app.Alice, "pa_x", default));
        Assert.Equal(("price alert", "price alert 'pa_x' was not found"), (missing.Resource, missing.Message));
    }

    [Fact]
    public async Task Refusals_name_the_field_and_say_why()
    {
        await using var app = new Harness();
        Assert.Equal(("above", "exactly one of above, below and movePercent is required"), ((await RefusedAsync(app)).Field, (await RefusedAsync(app)).Reason));
        var both = await RefusedAsync(app, above: 1, below: 2);
        Assert.Equal(("below", "exactly one of above, below and movePercent is required"), (both.Field, both.Reason));
        var move = await RefusedAsync(app, move: -100);
        Assert.Equal(("movePercent", "must be non-zero, above -100 and at most 1000"), (move.Field, move.Reason));
        var unpriced = await RefusedAsync(app, move: 5);
        Assert.Equal(("symbol", "AAPL has no price yet, so a move cannot be measured; give above or below"), (unpriced.Field, unpriced.Reason));

        var service = app.Get<PriceAlertService>();
        await service.CreateAsync(app.Alice, new CreatePriceAlertRequest("AAPL", 1, null, null, "k", "h1"), default);
        var reused = await Assert.ThrowsAsync<ConflictException>(() => service.CreateAsync(app.Alice, new CreatePriceAlertRequest("AAPL", 2, null, null, "k", "h2"), default));
        Assert.Equal(("Idempotency-Key", "this key was already used for a different request"), (reused.Field, reused.Message));
    }

    [Fact]
    public async Task The_two_hundred_and_first_alert_is_refused_with_the_limit_in_the_reason()
    {
        await using var app = new Harness();
        for (var i = 1; i <= PriceAlertService.MaxAlertsPerUser; i++) await CreateAsync(app, above: i);
        var refused = await RefusedAsync(app, above: 201);
        Assert.Equal(("symbol", "at most 200 price alerts per user; delete one first"), (refused.Field, refused.Reason));
    }

    [Fact]
    public async Task A_created_alert_is_answered_as_stored_with_its_version_and_a_pa_and_32_digit_hex_id()
    {
        await using var app = new Harness();
        var created = await CreateAsync(app, above: 200);
        Assert.Matches("^pa_[0-9a-f]{32}$", created.Id);
        Assert.NotNull(created.ConcurrencyToken);
        Assert.Equal((await ReloadAsync(app, created)).ConcurrencyToken, created.ConcurrencyToken);
    }
}
