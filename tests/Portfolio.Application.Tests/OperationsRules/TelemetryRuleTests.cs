using System.Diagnostics.Metrics;
using Portfolio.Application.Operations;
using Portfolio.Application.Prices;
using Portfolio.Application.Revaluation;
using Portfolio.Application.Targets;
using Portfolio.Domain.Rebalancing;

namespace Portfolio.Application.Tests.OperationsRules;

/// <summary>
/// The application's meter and activity sources as the README's metrics table documents them: dashboards and alerts
/// query these names, units and tags. Tests running alongside record writes too, so each check looks for its own values.
/// </summary>
public class TelemetryRuleTests
{
    [Fact]
    public void The_activity_sources_are_named_after_the_layer_they_trace()
    {
        Assert.Equal(("Portfolio.Application", "Portfolio.Storage", "Portfolio.Pricing"),
            (PortfolioTelemetry.Application.Name, PortfolioTelemetry.Storage.Name, PortfolioTelemetry.Pricing.Name));
    }

    [Fact]
    public void Every_instrument_of_the_meter_has_its_documented_name_and_unit_and_says_what_it_measures()
    {
        Instrument[] instruments =
        [
            PortfolioTelemetry.Writes, PortfolioTelemetry.PriceCycleDuration, PortfolioTelemetry.QuotesStored, PortfolioTelemetry.QuotesRejected,
            PortfolioTelemetry.QuotesHeld, PortfolioTelemetry.PriceCycleFailures, PortfolioTelemetry.RevaluationDuration,
            PortfolioTelemetry.RevaluationFailures, PortfolioTelemetry.StaleSymbols,
        ];

        Assert.Equal(
            [
                ("portfolio.writes", "{write}"), ("portfolio.price_cycle.duration", "s"), ("portfolio.quotes.stored", "{quote}"),
                ("portfolio.quotes.rejected", "{quote}"), ("portfolio.quotes.held", "{quote}"), ("portfolio.price_cycle.failures", "{cycle}"),
                ("portfolio.revaluation.duration", "s"), ("portfolio.revaluation.failures", "{failure}"), ("portfolio.prices.stale_symbols", "{symbol}"),
            ],
            instruments.Select(i => (i.Name, i.Unit)));
        Assert.All(instruments, i => Assert.Equal(PortfolioTelemetry.MeterName, i.Meter.Name));
        // The description is the exported help text: none may be empty.
        Assert.All(instruments, i => Assert.False(string.IsNullOrWhiteSpace(i.Description), $"{i.Name} has no description"));
    }

    [Fact]
    public void A_price_cycle_records_its_stored_refused_and_held_quotes_and_its_stale_symbols_before_its_duration()
    {
        using var measured = new Measured("portfolio.quotes.stored", "portfolio.quotes.rejected", "portfolio.quotes.held", "portfolio.prices.stale_symbols", "portfolio.price_cycle.duration");
        var now = new DateTimeOffset(2024, 6, 3, 18, 0, 0, TimeSpan.Zero);
        var held = new Quote("AAPL", 300m, now, "test", QuoteKind.RealTime);
        var refused = new RejectedQuote(new Quote("MSFT", -1m, now, "test", QuoteKind.RealTime), QuoteRejectionReason.NonPositive, "price must be positive");
        var report = new PriceCycleReport(now, QuoteKind.RealTime, Requested: 20, UpToDate: 0, Stored: 17, [], [refused, refused], [held], [], [], TimeSpan.FromSeconds(2.5));

        PortfolioTelemetry.RecordPriceCycle(report, staleSymbols: 4);

        Assert.Equal(
            [("portfolio.quotes.stored", 17d, ""), ("portfolio.quotes.rejected", 2d, ""), ("portfolio.quotes.held", 1d, ""),
             ("portfolio.prices.stale_symbols", 4d, ""), ("portfolio.price_cycle.duration", 2.5d, "")],
            measured.Seen);
    }

    [Fact]
    public void A_revaluation_counts_the_accounts_it_could_not_value_under_scope_account_and_only_when_there_are_some()
    {
        using var measured = new Measured("portfolio.revaluation.failures", "portfolio.revaluation.duration");

        PortfolioTelemetry.RecordRevaluation(new RevaluationSummary(40, 0, 0, Failures: 3, TimeSpan.FromSeconds(1.5)));
        PortfolioTelemetry.RecordRevaluation(new RevaluationSummary(40, 0, 0, Failures: 0, TimeSpan.FromSeconds(0.25)));
        PortfolioTelemetry.RecordRevaluationRunFailed();

        Assert.Equal(
            [("portfolio.revaluation.failures", 3d, "scope=account"), ("portfolio.revaluation.duration", 1.5d, ""),
             ("portfolio.revaluation.duration", 0.25d, ""), ("portfolio.revaluation.failures", 1d, "scope=run")],
            measured.Seen);
    }

    [Fact]
    public async Task Setting_targets_counts_one_write_of_kind_targets()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync();
        using var measured = new Measured("portfolio.writes");

        await app.Get<TargetService>().SetAsync(app.Alice, account.Id, new TargetAllocation(new Dictionary<string, decimal> { ["AAPL"] = 100 }), default);

        // Tests running alongside write accounts, transactions and targets too: this write is one of those seen.
        Assert.Contains(("portfolio.writes", 1d, "kind=targets"), measured.Seen);
    }

    [Fact]
    public async Task Creating_an_account_counts_one_write_of_kind_account()
    {
        await using var app = new Harness();
        using var measured = new Measured("portfolio.writes");

        await app.AccountAsync();

        Assert.Contains(("portfolio.writes", 1d, "kind=account"), measured.Seen);
    }

    /// <summary>The measurements of the named instruments of the application's meter, in order, with their tags.</summary>
    private sealed class Measured : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly List<(string Name, double Value, string Tags)> seen = [];

        public Measured(params string[] names)
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PortfolioTelemetry.MeterName && names.Contains(instrument.Name)) l.EnableMeasurementEvents(instrument);
            };
            listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags));
            listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Add(i, value, tags));
            listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags));
            listener.Start();
        }

        public IReadOnlyList<(string Name, double Value, string Tags)> Seen { get { lock (seen) return seen.ToList(); } }

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var text = string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"));
            lock (seen) seen.Add((instrument.Name, value, text));
        }

        public void Dispose() => listener.Dispose();
    }
}
