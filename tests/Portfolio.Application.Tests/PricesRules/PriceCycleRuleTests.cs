using System.Collections.Concurrent;
using System.Diagnostics;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;

namespace Portfolio.Application.Tests.PricesRules;

/// <summary>
/// The price cycle's rules past its happy path: the options it is given, confirmation asked of each later provider until
/// every suspect is confirmed, the breaker counted from the last success, a provider that does not answer in time, quotes
/// nobody asked for, a call that failed partway, and the trace an operator sees. The harness's clock is Monday 3 June 2024,
/// 14:00 New York: the session is open.
/// </summary>
public class PriceCycleRuleTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>A provider answering from a price list (and any extra quotes), or failing, recording what it was asked.</summary>
    private sealed class Source(string name, TimeProvider clock) : IPriceSource
    {
        public Dictionary<string, decimal> Prices { get; } = new(StringComparer.Ordinal);
        public List<Quote> Extra { get; } = [];
        public string? Fails { get; set; }
        public TimeSpan Age { get; init; } = TimeSpan.FromSeconds(1);
        public List<string[]> Asked { get; } = [];
        public string Name => name;

        public Task<PriceSourceResult> FetchAsync(IReadOnlyList<string> symbols, QuoteKind kind, CancellationToken ct)
        {
            Asked.Add([.. symbols]);
            var quotes = symbols.Where(Prices.ContainsKey).Select(s => new Quote(s, Prices[s], clock.GetUtcNow() - Age, name, kind)).Concat(Extra).ToList();
            var missing = symbols.Where(s => !Prices.ContainsKey(s)).ToList();
            return Task.FromResult(Fails is null ? new PriceSourceResult(quotes, missing)
                : PriceSourceResult.Fail(PriceSourceFailureKind.RateLimited, Fails, quotes, missing));
        }
    }

    /// <summary>A provider that answers only when cancelled.</summary>
    private sealed class Silent : IPriceSource
    {
        public TaskCompletionSource Called { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string Name => "silent";

        public async Task<PriceSourceResult> FetchAsync(IReadOnlyList<string> symbols, QuoteKind kind, CancellationToken ct)
        {
            Called.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return new PriceSourceResult([], symbols);
        }
    }

    private static PriceCycle Cycle(Harness app, PriceCycleOptions? options, params IPriceSource[] sources) =>
        new(sources, app.Get<PriceIngestion>(), app.Get<IPriceStore>(), UsMarketCalendar.Instance, app.Clock, options);

    private static async Task<decimal?> LatestAsync(Harness app, string symbol) =>
        (await app.Get<IPriceStore>().GetLatestAsync([symbol], Ct)).GetValueOrDefault(symbol)?.Price;

    private static async Task<Harness> StoredAsync(params string[] symbols)
    {
        var app = new Harness();
        await app.Get<IPriceStore>().SaveAsync(symbols.Select(s => new Quote(s, 100m, app.Clock.GetUtcNow().AddMinutes(-5), "earlier", QuoteKind.RealTime)).ToList(), Ct);
        return app;
    }

    [Fact]
    public async Task Without_seeking_a_second_source_a_jump_is_held_and_no_other_provider_is_asked()
    {
        await using var app = await StoredAsync("AAPL");
        var first = new Source("first", app.Clock) { Prices = { ["AAPL"] = 200m } };
        var second = new Source("second", app.Clock) { Prices = { ["AAPL"] = 201m } };

        var report = await Cycle(app, new PriceCycleOptions { SeekSecondSourceForSuspects = false }, first, second).RunAsync(["AAPL"], Ct);

        Assert.Empty(second.Asked);
        Assert.Equal([200m], report.SuspectHeld.Select(q => q.Price));
        Assert.Equal(100m, await LatestAsync(app, "AAPL"));
    }

    [Fact]
    public async Task Each_later_provider_is_asked_to_confirm_only_the_suspects_still_unconfirmed()
    {
        await using var app = await StoredAsync("AAPL", "MSFT");
        var first = new Source("first", app.Clock) { Prices = { ["AAPL"] = 200m, ["MSFT"] = 200m } };
        // 203 is 1.5 % from 200: it confirms AAPL; 205 is 2.5 % off: MSFT stays a suspect for the third provider, whose 201 confirms it.
        var second = new Source("second", app.Clock) { Prices = { ["AAPL"] = 203m, ["MSFT"] = 205m }, Age = TimeSpan.Zero };
        var third = new Source("third", app.Clock) { Prices = { ["AAPL"] = 202m, ["MSFT"] = 201m }, Age = TimeSpan.Zero };

        var report = await Cycle(app, null, first, second, third).RunAsync(["AAPL", "MSFT"], Ct);

        Assert.Equal(["AAPL", "MSFT"], second.Asked.Single().Order(StringComparer.Ordinal));
        Assert.Equal(["MSFT"], third.Asked.Single());
        Assert.Equal(["AAPL", "MSFT"], report.SuspectConfirmed.Select(q => q.Symbol).Order(StringComparer.Ordinal));
        Assert.Empty(report.SuspectHeld);
        Assert.Equal((203m, 201m), ((await LatestAsync(app, "AAPL"))!.Value, (await LatestAsync(app, "MSFT"))!.Value));
    }

    [Fact]
    public async Task With_a_threshold_of_one_a_single_failure_skips_the_provider_saying_its_circuit_is_open()
    {
        await using var app = new Harness();
        var flaky = new Source("flaky", app.Clock) { Fails = "rate limited" };
        var cycle = Cycle(app, new PriceCycleOptions { BreakerFailureThreshold = 1 }, flaky);

        await cycle.RunAsync(["AAPL"], Ct);
        var skipped = await cycle.RunAsync(["AAPL"], Ct);

        Assert.Single(flaky.Asked);
        var outcome = skipped.Providers.Single();
        Assert.Equal((ProviderStatus.SkippedCircuitOpen, "circuit open", 1), (outcome.Status, outcome.Failure, outcome.Asked));
    }

    [Fact]
    public async Task Failures_are_counted_from_the_last_success()
    {
        await using var app = new Harness();
        var flaky = new Source("flaky", app.Clock) { Prices = { ["AAPL"] = 190m } };
        var cycle = Cycle(app, null, flaky);
        async Task RunAsync(bool fail)
        {
            flaky.Fails = fail ? "rate limited" : null;
            await cycle.RunAsync(["AAPL"], Ct);
        }

        await RunAsync(fail: true);
        await RunAsync(fail: true);
        await RunAsync(fail: false);
        await RunAsync(fail: true);
        await RunAsync(fail: true);
        Assert.False(cycle.IsProviderSkipped("flaky", app.Clock.GetUtcNow())); // two since the success
        await RunAsync(fail: true);
        Assert.True(cycle.IsProviderSkipped("flaky", app.Clock.GetUtcNow()));  // the third
    }

    [Fact]
    public async Task A_provider_that_does_not_answer_within_the_call_timeout_is_a_failed_call_and_the_next_one_answers()
    {
        await using var app = new Harness();
        var silent = new Silent();
        var backup = new Source("backup", app.Clock) { Prices = { ["AAPL"] = 190m } };
        var cycle = Cycle(app, new PriceCycleOptions { ProviderCallTimeout = TimeSpan.FromSeconds(30) }, silent, backup);

        var running = cycle.RunAsync(["AAPL"], Ct);
        await silent.Called.Task;
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var report = await running;

        var timedOut = report.Providers[0];
        Assert.Equal((ProviderStatus.Failed, PriceSourceFailureKind.Timeout, "no answer within 00:00:30"), (timedOut.Status, timedOut.FailureKind, timedOut.Failure));
        Assert.Equal(190m, await LatestAsync(app, "AAPL"));
    }

    [Fact]
    public async Task Quotes_for_symbols_the_provider_was_not_asked_for_are_ignored()
    {
        await using var app = new Harness();
        var chatty = new Source("chatty", app.Clock) { Prices = { ["AAPL"] = 190m } };
        chatty.Extra.Add(new Quote("TSLA", 250m, app.Clock.GetUtcNow().AddSeconds(-1), "chatty", QuoteKind.RealTime));

        var report = await Cycle(app, null, chatty).RunAsync(["AAPL"], Ct);

        Assert.Equal((1, 1), (report.Providers.Single().Found, report.Stored));
        Assert.Null(await LatestAsync(app, "TSLA"));
    }

    [Fact]
    public async Task Quotes_a_provider_returned_before_failing_are_kept_and_only_the_rest_is_asked_of_the_next()
    {
        await using var app = new Harness();
        var partial = new Source("partial", app.Clock) { Prices = { ["AAPL"] = 190m }, Fails = "quota reached" };
        var backup = new Source("backup", app.Clock) { Prices = { ["AAPL"] = 999m, ["MSFT"] = 420m } };

        var report = await Cycle(app, null, partial, backup).RunAsync(["AAPL", "MSFT"], Ct);

        var first = report.Providers[0];
        Assert.Equal((ProviderStatus.Failed, 2, 1, 1, "quota reached"), (first.Status, first.Asked, first.Found, first.Missing, first.Failure));
        Assert.Equal(["MSFT"], backup.Asked.Single());
        Assert.Equal((190m, 420m), ((await LatestAsync(app, "AAPL"))!.Value, (await LatestAsync(app, "MSFT"))!.Value));
    }

    [Fact]
    public async Task A_null_symbol_list_is_refused_as_an_argument()
    {
        await using var app = new Harness();

        var refused = await Assert.ThrowsAsync<ArgumentNullException>(() => Cycle(app, null).RunAsync(null!, Ct));
        Assert.Equal("symbols", refused.ParamName);
    }

    [Fact]
    public async Task A_cycle_is_traced_as_one_activity_with_a_client_activity_per_provider_call_marking_failures()
    {
        await using var app = new Harness();
        var down = new Source("down", app.Clock) { Fails = "rate limited" };
        var up = new Source("up", app.Clock) { Prices = { ["AAPL"] = 190m } };
        using var tests = new ActivitySource("Portfolio.Application.Tests.PricesRules");
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Portfolio.Application.Tests.PricesRules" or "Portfolio.Application" or "Portfolio.Pricing",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        ActivityTraceId trace;
        using (var root = tests.StartActivity("test")!)
        {
            trace = root.TraceId;
            await Cycle(app, null, down, up).RunAsync(["AAPL"], Ct);
        }

        // Other tests may run cycles at the same time: only this test's trace counts.
        var mine = stopped.Where(a => a.TraceId == trace).ToList();
        Assert.Equal(["PriceCycle"], mine.Where(a => a.Source.Name == "Portfolio.Application").Select(a => a.OperationName));
        Assert.Equal(
            [("FetchQuotes down", ActivityKind.Client, "down", 1, ActivityStatusCode.Error, "rate limited"),
             ("FetchQuotes up", ActivityKind.Client, "up", 1, ActivityStatusCode.Unset, null)],
            mine.Where(a => a.Source.Name == "Portfolio.Pricing")
                .Select(a => (a.OperationName, a.Kind, a.GetTagItem("portfolio.provider") as string, a.GetTagItem("portfolio.symbols") as int?, a.Status, a.StatusDescription)));
    }
}
