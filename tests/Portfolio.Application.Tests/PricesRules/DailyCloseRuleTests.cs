using System.Globalization;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;

namespace Portfolio.Application.Tests.PricesRules;

/// <summary>
/// The close of a market date is its last quote by time, then by source name; the same instant and source with another
/// price (even 12.5 → 12.50) is a correction. A batch saved at once leaves the close that saving its quotes one at a time
/// leaves.
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
}
