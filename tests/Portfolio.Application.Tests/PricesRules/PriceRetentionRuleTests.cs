using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;

namespace Portfolio.Application.Tests.PricesRules;

/// <summary>
/// Intraday quotes are kept 1 to 3,660 days (default 7) and pruned every 1 to 1,440 minutes (default 60); a setting out of
/// range is named with its value. A prune removes the intraday quotes before the window and says how many.
/// </summary>
public class PriceRetentionRuleTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3660, 1440)]
    [InlineData(7, 60)]
    public void Retention_settings_within_their_ranges_have_no_problem(int days, int minutes)
    {
        Assert.Empty(new PriceRetentionOptions { IntradayDays = days, PruneEveryMinutes = minutes }.Problems());
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3661, 1441)]
    public void Retention_settings_outside_their_ranges_are_each_named(int days, int minutes)
    {
        Assert.Equal(
            [$"PriceRetention:IntradayDays must be between 1 and 3660 (was {days})", $"PriceRetention:PruneEveryMinutes must be between 1 and 1440 (was {minutes})"],
            new PriceRetentionOptions { IntradayDays = days, PruneEveryMinutes = minutes }.Problems());
    }

    [Fact]
    public async Task Pruning_removes_the_intraday_quotes_older_than_the_window_and_logs_how_many_and_before_when()
    {
        var logs = new CapturedLogs();
        await using var app = new Harness(services => services.AddSingleton<ILoggerProvider>(logs));
        var now = app.Clock.GetUtcNow(); // Monday 3 June 2024 18:00 UTC; seven days' window: the cutoff is 27 May 18:00 UTC
        await app.Get<IPriceStore>().SaveAsync(
        [
            new Quote("AAPL", 100m, now.AddDays(-9), "a", QuoteKind.RealTime),
            new Quote("AAPL", 101m, now.AddDays(-8), "a", QuoteKind.RealTime),
            new Quote("AAPL", 102m, now.AddDays(-7).AddSeconds(-1), "a", QuoteKind.RealTime),
            new Quote("AAPL", 103m, now.AddDays(-7), "a", QuoteKind.RealTime),
        ], Ct);

        Assert.Equal(3, await app.Get<PriceHistoryPruner>().PruneAsync(Ct));

        var entry = Assert.Single(logs.Entries, e => e.Category == typeof(PriceHistoryPruner).FullName);
        Assert.Equal((LogLevel.Information, "Price history pruned: 3 intraday quotes before 2024-05-27T18:00:00.0000000+00:00 removed"), (entry.Level, entry.Message));
    }
}
