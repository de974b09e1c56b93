using System.Diagnostics;
using System.Diagnostics.Metrics;
using Portfolio.Application.Prices;
using Portfolio.Application.Revaluation;

namespace Portfolio.Application.Operations;

/// <summary>
/// The application's metrics (meter <c>Portfolio</c>) and its activity sources, one per layer. Hosts export them with
/// OpenTelemetry (<c>AddMeter(PortfolioTelemetry.MeterName)</c>, <c>AddSource("Portfolio.*")</c>); without a listener
/// recording costs next to nothing.
/// </summary>
public static class PortfolioTelemetry
{
    public const string MeterName = "Portfolio";

    /// <summary>Use cases: recording a transaction, a price cycle, a revaluation.</summary>
    public static readonly ActivitySource Application = new("Portfolio.Application");

    /// <summary>Storage adapters' calls.</summary>
    public static readonly ActivitySource Storage = new("Portfolio.Storage");

    /// <summary>Calls to price providers.</summary>
    public static readonly ActivitySource Pricing = new("Portfolio.Pricing");

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Stored writes, tagged <c>kind</c>: <c>transaction</c>, <c>account</c>, <c>targets</c>.</summary>
    public static readonly Counter<long> Writes = Meter.CreateCounter<long>("portfolio.writes", "{write}", "Writes stored, by kind.");

    /// <summary>Seconds, from a few milliseconds (a cycle of cached symbols) to minutes (a revaluation of many accounts).</summary>
    private static readonly InstrumentAdvice<double> Seconds = new() { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600] };

    public static readonly Histogram<double> PriceCycleDuration = Meter.CreateHistogram("portfolio.price_cycle.duration", "s", "Duration of a price cycle.", advice: Seconds);

    public static readonly Counter<long> QuotesStored = Meter.CreateCounter<long>("portfolio.quotes.stored", "{quote}", "Quotes stored by price cycles.");

    public static readonly Counter<long> QuotesRejected = Meter.CreateCounter<long>("portfolio.quotes.rejected", "{quote}", "Quotes refused by validation in price cycles.");

    public static readonly Counter<long> QuotesHeld = Meter.CreateCounter<long>("portfolio.quotes.held", "{quote}", "Quotes held as suspect jumps in price cycles.");

    public static readonly Counter<long> PriceCycleFailures = Meter.CreateCounter<long>("portfolio.price_cycle.failures", "{cycle}", "Price cycles that failed.");

    public static readonly Histogram<double> RevaluationDuration = Meter.CreateHistogram("portfolio.revaluation.duration", "s", "Duration of a revaluation of every account.", advice: Seconds);

    /// <summary>Accounts a revaluation could not value, and whole runs that failed (tag <c>scope</c>: <c>account</c> or <c>run</c>).</summary>
    public static readonly Counter<long> RevaluationFailures = Meter.CreateCounter<long>("portfolio.revaluation.failures", "{failure}", "Accounts or runs a revaluation could not complete.");

    /// <summary>Symbols asked for in the last price cycle whose latest price is stale (or missing) after it.</summary>
    public static readonly Gauge<int> StaleSymbols = Meter.CreateGauge<int>("portfolio.prices.stale_symbols", "{symbol}", "Symbols whose latest price is stale after the last price cycle.");

    public static void Write(string kind) => Writes.Add(1, new KeyValuePair<string, object?>("kind", kind));

    /// <summary>
    /// A finished cycle's measurements. The duration goes last: its count is the number of finished cycles, so a reader
    /// (a scrape, a test) that sees the count go up also sees that cycle's quote counts and stale symbols.
    /// </summary>
    public static void RecordPriceCycle(PriceCycleReport report, int staleSymbols)
    {
        QuotesStored.Add(report.Stored);
        QuotesRejected.Add(report.RejectedCount);
        QuotesHeld.Add(report.SuspectHeldCount);
        StaleSymbols.Record(staleSymbols);
        PriceCycleDuration.Record(report.Elapsed.TotalSeconds);
    }

    /// <summary>A finished revaluation's measurements; the duration (whose count is the number of runs) goes last, as for a price cycle.</summary>
    public static void RecordRevaluation(RevaluationSummary summary)
    {
        if (summary.Failures > 0) RevaluationFailures.Add(summary.Failures, new KeyValuePair<string, object?>("scope", "account"));
        RevaluationDuration.Record(summary.Elapsed.TotalSeconds);
    }

    public static void RecordRevaluationRunFailed() => RevaluationFailures.Add(1, new KeyValuePair<string, object?>("scope", "run"));
}
