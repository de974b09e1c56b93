using Portfolio.Application.Operations;
using Portfolio.Application.Prices;
using Portfolio.Application.Valuation;

namespace Portfolio.Application.Tests.OperationsRules;

/// <summary>How the health check names stale symbols (now is Monday 3 June 2024, 18:00 UTC, the market open).</summary>
public class HealthRuleTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 3, 18, 0, 0, TimeSpan.Zero);
    private static readonly PricePolicy Policy = new(UsMarketCalendar.Instance.IsOpen, PriceFreshness.IsStale);

    [Fact]
    public void Exactly_ten_stale_symbols_are_all_named_with_no_ellipsis()
    {
        var status = new OperationsStatus();
        var symbols = Enumerable.Range(0, 10).Select(i => $"S{i:00}").ToList();
        var report = new PriceCycleReport(Now, QuoteKind.RealTime, 10, 0, 0, [], [], [], [], [new ProviderOutcome("a", ProviderStatus.Ok, 10, 0, 0, null, TimeSpan.Zero)], TimeSpan.Zero);

        status.PriceCycleRan(Now, report, symbols, new Dictionary<string, Quote>()); // no quote stored: all ten missing

        Assert.Equal(["prices are stale during market hours: 10 of 10 symbols (S00, S01, S02, S03, S04, S05, S06, S07, S08, S09)"], status.Problems(Now, Policy));
    }
}
