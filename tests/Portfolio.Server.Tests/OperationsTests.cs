using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Operations;
using Portfolio.Application.Prices;
using Portfolio.Application.Revaluation;
using Portfolio.Server.Tests.Support;
using Portfolio.Storage.Sqlite;

namespace Portfolio.Server.Tests;

/// <summary>
/// The application's meter is one per process, so these tests run alone (not beside other test classes) to see exact
/// counts; each compares a scrape of <c>/metrics</c> before and after.
/// </summary>
[CollectionDefinition(nameof(OperationsCollection), DisableParallelization = true)]
public sealed class OperationsCollection;

[Collection(nameof(OperationsCollection))]
public class OperationsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Metrics_count_each_stored_write_by_kind_and_not_replays_or_refusals()
    {
        await using var app = await TestApp.StartAsync();
        using var alice = app.ClientFor("alice");
        using var scraper = app.Anonymous();
        var before = await Scrape.ReadAsync(scraper);

        var account = await alice.CreateAccountAsync();
        await alice.RecordAsync(account, Requests.Deposit("2024-05-01", 1000m), key: "deposit-1");
        await alice.RecordAsync(account, Requests.Buy("2024-05-02", "AAPL", 2m, 180m));
        var replay = await alice.PostJsonAsync($"/api/accounts/{account}/transactions", Requests.Deposit("2024-05-01", 1000m), idempotencyKey: "deposit-1");
        var refused = await alice.PostJsonAsync($"/api/accounts/{account}/transactions", Requests.Sell("2024-05-03", "AAPL", 5m, 190m));
        var (targetsStatus, _) = await alice.SendAsync(HttpMethod.Put, $"/api/accounts/{account}/targets", new { targets = new Dictionary<string, decimal> { ["AAPL"] = 100m } });
        var after = await Scrape.ReadAsync(scraper);

        Assert.Equal(HttpStatusCode.OK, replay.Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Equal(HttpStatusCode.OK, targetsStatus);
        // One account, two transactions (the replay and the oversell store nothing), one targets write.
        Assert.Equal(1, after.Value("portfolio_writes_total", "kind=\"account\"") - before.Value("portfolio_writes_total", "kind=\"account\""));
        Assert.Equal(2, after.Value("portfolio_writes_total", "kind=\"transaction\"") - before.Value("portfolio_writes_total", "kind=\"transaction\""));
        Assert.Equal(1, after.Value("portfolio_writes_total", "kind=\"targets\"") - before.Value("portfolio_writes_total", "kind=\"targets\""));
        // ASP.NET Core's own request duration histogram counts the requests made so far (the scrape of /metrics included).
        Assert.True(after.Has("http_server_request_duration_seconds_count"), "no request duration histogram in /metrics");
    }

    [Fact]
    public async Task Price_cycles_are_measured_and_health_degrades_on_a_failed_cycle_and_stale_prices_then_recovers()
    {
        var source = new ScriptedPriceSource();
        source.Answer(("AAPL", 190.5m), ("MSFT", 420m));
        await using var app = await TestApp.StartAsync(configure: builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Pricing:CycleEnabled"] = "true",
                ["Pricing:Providers:0"] = "none",
                ["Pricing:WatchedSymbols:0"] = "AAPL",
                ["Pricing:WatchedSymbols:1"] = "MSFT",
            });
            builder.Services.AddSingleton<IPriceSource>(sp => { source.Clock = sp.GetRequiredService<TimeProvider>(); return source; });
        });
        using var client = app.Anonymous();

        // Cycle 1 runs at start (Monday 14:00 in New York, market open): both quotes stored.
        var first = await CyclesAsync(client, 1);
        Assert.Equal(2, first.Value("portfolio_quotes_stored_total"));
        Assert.Equal(0, first.Value("portfolio_prices_stale_symbols"));
        Assert.Equal(("Healthy", 0), await HealthAsync(client));

        // Cycle 2, ten minutes later: AAPL jumps 110 % (held as a suspect), MSFT is negative (rejected).
        source.Answer(("AAPL", 400m), ("MSFT", -5m));
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var second = await CyclesAsync(client, 2);
        Assert.Equal(0, second.Value("portfolio_quotes_stored_total") - first.Value("portfolio_quotes_stored_total"));
        Assert.Equal(1, second.Value("portfolio_quotes_rejected_total") - first.Value("portfolio_quotes_rejected_total"));
        Assert.Equal(1, second.Value("portfolio_quotes_held_total") - first.Value("portfolio_quotes_held_total"));
        Assert.Equal(0, second.Value("portfolio_price_cycle_failures_total"));
        // The stored quotes are 10 minutes of session old: within the 20-minute window.
        Assert.Equal(("Healthy", 0), await HealthAsync(client));

        // Cycle 3, at 14:20: the provider fails. The 14:00 quotes are 20 minutes old: not yet beyond the window.
        source.Fail("HTTP 503");
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var third = await CyclesAsync(client, 3);
        Assert.Equal(1, third.Value("portfolio_price_cycle_failures_total"));
        Assert.Equal(0, third.Value("portfolio_prices_stale_symbols"));
        Assert.Equal(("Degraded", 1), await HealthAsync(client));

        // Cycle 4, at 14:30: it fails again, and the 14:00 quotes are now 30 minutes old while the market is open.
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var fourth = await CyclesAsync(client, 4);
        Assert.Equal(2, fourth.Value("portfolio_price_cycle_failures_total"));
        Assert.Equal(2, fourth.Value("portfolio_prices_stale_symbols"));
        var (status, body) = await client.GetJsonAsync("/health");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", body!["status"]!.GetValue<string>());
        var reasons = body["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.Equal(2, reasons.Count);
        Assert.StartsWith("last price cycle at 2024-06-03T18:30:00.0000000Z failed: every price provider failed: scripted (HTTP 503)", reasons[0]);
        Assert.Equal("prices are stale during market hours: 2 of 2 symbols (AAPL, MSFT)", reasons[1]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        // Cycle 5, at 14:40: fresh quotes again; health recovers.
        source.Answer(("AAPL", 191m), ("MSFT", 421m));
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var fifth = await CyclesAsync(client, 5);
        Assert.Equal(2, fifth.Value("portfolio_quotes_stored_total") - fourth.Value("portfolio_quotes_stored_total"));
        Assert.Equal(0, fifth.Value("portfolio_prices_stale_symbols"));
        Assert.Equal(("Healthy", 0), await HealthAsync(client));
    }

    [Fact]
    public async Task A_revaluation_that_cannot_read_an_account_is_counted_and_degrades_health_until_one_succeeds()
    {
        await using var app = await TestApp.StartAsync(configure: builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Revaluation:Enabled"] = "true" }));
        using var alice = app.ClientFor("alice");
        using var client = app.Anonymous();
        var account = await alice.CreateAccountAsync();
        await alice.RecordAsync(account, Requests.Deposit("2024-05-01", 1000m));
        // The worker's first revaluation runs at start, on a thread of its own: it must be over before the account breaks,
        // or it could be a first failure and the request below a second.
        var before = await MeasuredAsync(client, "portfolio_revaluation_duration_seconds_count", 1);
        var database = app.Services.GetRequiredService<SqliteDatabase>();

        // A second log entry that is not a transaction, written behind the application's back.
        await ExecuteAsync(database, "INSERT INTO ledger (account_id, seq, recorded_at, type, json) VALUES ($a, 2, '2024-06-03T18:00:00.0000000+00:00', 'deposit', '{\"broken\":');", account);
        app.Services.GetRequiredService<RevaluationTrigger>().Request();
        var degraded = await WaitForHealthAsync(client, "Degraded");
        // Health changes before the failed run is counted: wait for the count as well.
        var failed = await AtLeastAsync(client, "portfolio_revaluation_failures_total", before.Value("portfolio_revaluation_failures_total") + 1);

        Assert.Contains("last revaluation at", degraded[0]);
        Assert.Equal(1, failed.Value("portfolio_revaluation_failures_total") - before.Value("portfolio_revaluation_failures_total"));

        await ExecuteAsync(database, "DELETE FROM ledger WHERE account_id = $a AND seq = 2;", account);
        app.Services.GetRequiredService<RevaluationTrigger>().Request();
        Assert.Empty(await WaitForHealthAsync(client, "Healthy"));
        var recovered = await AtLeastAsync(client, "portfolio_revaluation_duration_seconds_count", failed.Value("portfolio_revaluation_duration_seconds_count") + 1);
        Assert.True(recovered.Value("portfolio_revaluation_duration_seconds_count") > failed.Value("portfolio_revaluation_duration_seconds_count"));
    }

    [Fact]
    public void A_runs_duration_is_recorded_after_its_other_measurements_so_its_count_says_they_are_all_there()
    {
        var seen = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PortfolioTelemetry.MeterName) l.EnableMeasurementEvents(instrument);
        };
        void Seen(Instrument instrument) { lock (seen) seen.Add(instrument.Name); }
        listener.SetMeasurementEventCallback<long>((instrument, _, _, _) => Seen(instrument));
        listener.SetMeasurementEventCallback<int>((instrument, _, _, _) => Seen(instrument));
        listener.SetMeasurementEventCallback<double>((instrument, _, _, _) => Seen(instrument));
        listener.Start();

        PortfolioTelemetry.RecordPriceCycle(Report(TestApp.DefaultNow), staleSymbols: 1);
        PortfolioTelemetry.RecordRevaluation(new RevaluationSummary(3, 0, 0, 1, TimeSpan.FromMilliseconds(7)));

        Assert.Equal(
            ["portfolio.quotes.stored", "portfolio.quotes.rejected", "portfolio.quotes.held", "portfolio.prices.stale_symbols", "portfolio.price_cycle.duration",
             "portfolio.revaluation.failures", "portfolio.revaluation.duration"],
            seen);
    }

    [Fact]
    public void Stale_prices_degrade_only_while_the_market_is_open()
    {
        var status = new Portfolio.Application.Operations.OperationsStatus();
        // A quote of Friday 2024-05-31 15:00 New York (19:00 UTC): an hour of session follows it, so it is stale from 15:20 on.
        var friday = new DateTimeOffset(2024, 5, 31, 19, 0, 0, TimeSpan.Zero);
        var quote = new Quote("AAPL", 190m, friday, "test", QuoteKind.RealTime);
        status.PriceCycleRan(friday, Report(friday), ["AAPL"], new Dictionary<string, Quote> { ["AAPL"] = quote });
        var policy = Portfolio.Application.Valuation.PricePolicy.UsMarket;
        var saturday = new DateTimeOffset(2024, 6, 1, 16, 0, 0, TimeSpan.Zero);
        var monday = new DateTimeOffset(2024, 6, 3, 13, 45, 0, TimeSpan.Zero);

        Assert.True(policy.IsStale(quote, saturday));
        Assert.Empty(status.Problems(saturday, policy));
        Assert.Equal(["prices are stale during market hours: 1 of 1 symbols (AAPL)"], status.Problems(monday, policy));
    }

    private static PriceCycleReport Report(DateTimeOffset at) =>
        new(at, QuoteKind.RealTime, 1, 0, 1, [], [], [], [], [new ProviderOutcome("test", ProviderStatus.Ok, 1, 1, 0, null, TimeSpan.Zero)], TimeSpan.FromMilliseconds(5));

    /// <summary>Waits until <paramref name="count"/> price cycles have been measured, then answers that scrape.</summary>
    private static Task<Scrape> CyclesAsync(HttpClient client, int count) => MeasuredAsync(client, "portfolio_price_cycle_duration_seconds_count", count);

    /// <summary>Waits until the histogram <paramref name="metric"/> has counted <paramref name="count"/> runs (and no more), then answers that scrape.</summary>
    private static async Task<Scrape> MeasuredAsync(HttpClient client, string metric, int count)
    {
        var scrape = await AtLeastAsync(client, metric, count);
        Assert.Equal(count, scrape.Value(metric));
        return scrape;
    }

    /// <summary>Waits until <paramref name="metric"/> is at least <paramref name="value"/>, then answers that scrape.</summary>
    private static async Task<Scrape> AtLeastAsync(HttpClient client, string metric, double value)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var scrape = await Scrape.ReadAsync(client);
            if (scrape.Value(metric) >= value) return scrape;
            Assert.True(waited.Elapsed < Patience, $"{metric} is {scrape.Value(metric)}, not yet {value}, after {waited.Elapsed}");
            await Task.Delay(20);
        }
    }

    private static async Task<(string Status, int Reasons)> HealthAsync(HttpClient client)
    {
        var (status, body) = await client.GetJsonAsync("/health");
        Assert.Equal(HttpStatusCode.OK, status);
        return (body!["status"]!.GetValue<string>(), body["reasons"]!.AsArray().Count);
    }

    private static async Task<IReadOnlyList<string>> WaitForHealthAsync(HttpClient client, string expected)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var (_, body) = await client.GetJsonAsync("/health");
            if (body!["status"]!.GetValue<string>() == expected)
                return body["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
            Assert.True(waited.Elapsed < Patience, $"health still {body} after {waited.Elapsed}");
            await Task.Delay(20);
        }
    }

    private static async Task ExecuteAsync(SqliteDatabase database, string sql, string account)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$a", account);
        await command.ExecuteNonQueryAsync();
    }
}
