using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;

namespace Portfolio.Application.Tests.PricesRules;

/// <summary>
/// The close of a market date is its last quote by time, then by source name; the same instant and source with another
/// price (even 12.5 → 12.50) is a correction. A batch saved at once leaves the close that saving its quotes one at a time
/// leaves. And intraday history older than the retention window is pruned, saying how much.
/// </summary>
public class DailyCloseRuleTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateOnly Monday = new(2024, 6, 3);

    // Monday 3 June 2024, 15:00 New York + minutes.
    private static Quote Q(decimal price, int minutes, string source) =>
        new("AAPL", price, new DateTimeOffset(2024, 6, 3, 19, 0, 0, TimeSpan.Zero).AddMinutes(minutes), source, QuoteKind.RealTime);

    /// <summary>The close of Monday after saving <paramref name="quotes"/> in one batch, and after saving them one at a time.</summary>
    private static async Task<(DailyClose Batch, DailyClose OneByOne)> CloseAsync(params Quote[] quotes)
    {
        await using var batch = new Harness();
        await batch.Get<IPriceStore>().SaveAsync(quotes, Ct);
        await using var single = new Harness();
        foreach (var quote in quotes) await single.Get<IPriceStore>().SaveAsync([quote], Ct);
        return (await OfAsync(batch), await OfAsync(single));

        static async Task<DailyClose> OfAsync(Harness app) =>
            (await app.Get<IPriceStore>().GetDailyClosesAsync(["AAPL"], Monday, Monday, Ct))["AAPL"].Single();
    }

    private static void AssertClose(string price, string source, (DailyClose Batch, DailyClose OneByOne) closes)
    {
        foreach (var close in new[] { closes.Batch, closes.OneByOne })
            Assert.Equal((price, source), (close.Price.ToString(CultureInfo.InvariantCulture), close.Source));
    }

    [Fact]
    public async Task A_later_quote_is_the_close_whatever_its_source_is_called()
    {
        AssertClose("102", "a", await CloseAsync(Q(101m, 0, "b"), Q(102m, 30, "a")));
    }

    [Fact]
    public async Task An_older_quote_arriving_late_does_not_replace_the_close()
    {
        AssertClose("102", "a", await CloseAsync(Q(102m, 30, "a"), Q(101m, 0, "a")));
    }

    [Fact]
    public async Task At_the_same_instant_the_source_whose_name_sorts_last_is_the_close_in_either_order()
    {
        AssertClose("101", "b", await CloseAsync(Q(101m, 0, "b"), Q(102m, 0, "a")));
        AssertClose("101", "b", await CloseAsync(Q(102m, 0, "a"), Q(101m, 0, "b")));
    }

    [Theory]
    [InlineData("12.5", "13.5")]
    [InlineData("12.5", "12.50")] // the same number, another scale: the stores keep the two apart
    public async Task The_same_instant_and_source_with_another_price_is_a_correction(string first, string corrected)
    {
        var closes = await CloseAsync(Q(decimal.Parse(first, CultureInfo.InvariantCulture), 0, "a"), Q(decimal.Parse(corrected, CultureInfo.InvariantCulture), 0, "a"));

        AssertClose(corrected, "a", closes);
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
