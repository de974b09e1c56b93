using Portfolio.Application.Operations;
using Portfolio.Application.Prices;
using Portfolio.Application.Revaluation;
using Portfolio.Application.Valuation;
using static Portfolio.Application.Tests.Orders.OrderDesk;

namespace Portfolio.Application.Tests.Operations;

/// <summary>
/// What the health check reports from the last price cycle and revaluation. Now is Monday 3 June 2024, 18:00 UTC
/// (14:00 in New York, the market open): a real-time quote of 17:30 has aged 30 minutes of session time (stale, past 20),
/// one of 17:50 has aged 10 (fresh).
/// </summary>
public class OperationsStatusTests
{
    private static readonly PricePolicy Policy = new(UsMarketCalendar.Instance.IsOpen, PriceFreshness.IsStale);
    private static readonly DateTimeOffset AfterClose = new(2024, 6, 3, 21, 0, 0, TimeSpan.Zero); // 17:00 New York

    private static PriceCycleReport Report(params ProviderOutcome[] providers) =>
        new(Now, QuoteKind.RealTime, 3, 0, 0, [], [], [], [], providers, TimeSpan.Zero);

    private static ProviderOutcome Provider(string name, ProviderStatus status, string? failure = null) =>
        new(name, status, 3, 0, 0, failure, TimeSpan.Zero);

    private static readonly IReadOnlyDictionary<string, Quote> Latest = new Dictionary<string, Quote>
    {
        ["AAPL"] = Quote(150, Now.AddMinutes(-30)),
        ["MSFT"] = Quote(400, Now.AddMinutes(-10), "MSFT"),
    };

    [Fact]
    public void Symbols_asked_for_whose_quote_is_stale_or_missing_make_the_host_degraded_only_during_market_hours()
    {
        var status = new OperationsStatus();
        status.PriceCycleRan(Now, Report(Provider("a", ProviderStatus.Ok)), ["MSFT", "IBM", "AAPL"], Latest);

        Assert.Equal(["AAPL", "IBM"], status.StaleSymbols(Now, Policy));
        Assert.Equal(["prices are stale during market hours: 2 of 3 symbols (AAPL, IBM)"], status.Problems(Now, Policy));
        Assert.Empty(status.Problems(AfterClose, Policy)); // closed: prices are expected to stand still
        Assert.Null(status.LastPriceCycle!.Failure);
        Assert.Null(status.LastPriceCycle.Latest["IBM"]);
    }

    [Fact]
    public void More_than_ten_stale_symbols_are_named_up_to_ten()
    {
        var status = new OperationsStatus();
        var symbols = Enumerable.Range(0, 12).Select(i => $"S{i:00}").ToList();
        status.PriceCycleRan(Now, Report(Provider("a", ProviderStatus.Ok)), symbols, Latest);
        Assert.Equal(["prices are stale during market hours: 12 of 12 symbols (S00, S01, S02, S03, S04, S05, S06, S07, S08, S09, …)"], status.Problems(Now, Policy));
    }

    [Fact]
    public void A_cycle_fails_when_every_provider_it_called_failed_or_was_skipped_and_a_later_success_clears_it()
    {
        var status = new OperationsStatus();
        status.PriceCycleRan(Now, Report(Provider("a", ProviderStatus.Failed, "timeout"), Provider("b", ProviderStatus.SkippedCircuitOpen, "circuit open"),
            Provider("c", ProviderStatus.Failed)), ["MSFT"], Latest);

        Assert.Equal("every price provider failed: a (timeout); b (circuit open); c (Failed)", status.LastPriceCycle!.Failure);
        Assert.Equal(["last price cycle at 2024-06-03T18:00:00.0000000Z failed: every price provider failed: a (timeout); b (circuit open); c (Failed)"],
            status.Problems(AfterClose, Policy));

        status.PriceCycleRan(Now, Report(Provider("a", ProviderStatus.Failed, "timeout"), Provider("b", ProviderStatus.Ok)), ["MSFT"], Latest);
        Assert.Null(status.LastPriceCycle!.Failure); // one provider answered
        status.PriceCycleRan(Now, Report(Provider("a", ProviderStatus.NotCovered)), ["MSFT"], Latest);
        Assert.Null(status.LastPriceCycle!.Failure); // a source not called did not fail
        status.PriceCycleRan(Now, Report(), [], Latest);
        Assert.Null(status.LastPriceCycle!.Failure); // nothing to fetch
        Assert.Empty(status.Problems(Now, Policy));
    }

    [Fact]
    public void A_cycle_that_threw_keeps_the_quotes_known_before_so_they_go_on_ageing()
    {
        var status = new OperationsStatus();
        Assert.Empty(status.StaleSymbols(Now, Policy)); // no cycle yet
        status.PriceCycleThrew(Now, new InvalidOperationException("boom"));
        Assert.Equal(("the price cycle threw InvalidOperationException: boom", 0), (status.LastPriceCycle!.Failure, status.LastPriceCycle.Latest.Count));

        status.PriceCycleRan(Now, Report(Provider("a", ProviderStatus.Ok)), ["MSFT"], Latest);
        status.PriceCycleThrew(Now.AddMinutes(15), new TimeoutException("slow"));

        Assert.Equal(["MSFT"], status.LastPriceCycle!.Latest.Keys);
        Assert.Equal(["MSFT"], status.StaleSymbols(Now.AddMinutes(15), Policy)); // 10 + 15 minutes of session: past 20
        Assert.Equal(
            ["last price cycle at 2024-06-03T18:15:00.0000000Z failed: the price cycle threw TimeoutException: slow",
             "prices are stale during market hours: 1 of 1 symbols (MSFT)"],
            status.Problems(Now.AddMinutes(15), Policy));
    }

    [Fact]
    public void A_revaluation_that_could_not_value_accounts_or_threw_is_reported_until_one_succeeds()
    {
        var status = new OperationsStatus();
        status.RevaluationRan(Now, new RevaluationSummary(10, 0, 0, Failures: 2, TimeSpan.Zero));
        Assert.Equal(["last revaluation at 2024-06-03T18:00:00.0000000Z failed: the last revaluation could not value 2 account(s)"], status.Problems(AfterClose, Policy));

        status.RevaluationThrew(Now.AddMinutes(5), new TimeoutException("slow"));
        Assert.Equal(["last revaluation at 2024-06-03T18:05:00.0000000Z failed: the last revaluation threw TimeoutException: slow"], status.Problems(AfterClose, Policy));

        status.RevaluationRan(Now.AddMinutes(10), new RevaluationSummary(10, 1, 1, Failures: 0, TimeSpan.Zero));
        Assert.Equal((Now.AddMinutes(10), (string?)null), (status.LastRevaluation!.At, status.LastRevaluation.Failure));
        Assert.Empty(status.Problems(AfterClose, Policy));
    }
}
