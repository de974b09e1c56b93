using Portfolio.Application.Common;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.PricesPush;
using Portfolio.Application.Valuation;

namespace Portfolio.Application.Tests.PricesPushRules;

/// <summary>What a price push refuses (the field and the reason), and what it makes current at once.</summary>
public class PricePushRuleTests
{
    private static readonly Caller Admin = new("ops", IsAdmin: true);

    [Fact]
    public async Task A_push_of_no_quotes_or_of_5001_is_refused_naming_quotes_and_one_of_5000_is_taken()
    {
        await using var app = new Harness();
        var push = app.Get<PricePushService>();
        var now = app.Clock.GetUtcNow();
        // Non-positive prices: validation refuses each of them, so the 5,000 are taken without storing anything.
        var quotes = Enumerable.Range(0, 5001).Select(i => new Quote($"S{i}", 0m, now, "feed", QuoteKind.RealTime)).ToList();

        var none = await Assert.ThrowsAsync<InvalidRequestException>(() => push.PushAsync(Admin, [], default));
        var tooMany = await Assert.ThrowsAsync<InvalidRequestException>(() => push.PushAsync(Admin, quotes, default));
        var most = await push.PushAsync(Admin, quotes[..5000], default);

        Assert.Equal(("quotes", "at least one quote is required"), (none.Field, none.Reason));
        Assert.Equal(("quotes", "at most 5000 quotes per request"), (tooMany.Field, tooMany.Reason));
        Assert.Equal((0, 5000), (most.StoredCount, most.RejectedCount));
    }

    [Fact]
    public async Task A_pushed_price_is_the_latest_price_at_once_even_where_an_older_one_was_cached()
    {
        await using var app = new Harness();
        var now = app.Clock.GetUtcNow();
        await app.Get<IPriceStore>().SaveAsync([new Quote("AAPL", 100m, now.AddMinutes(-1), "feed", QuoteKind.RealTime)], default);
        var latest = app.Get<LatestPrices>();
        Assert.Equal(100m, (await latest.GetAsync(["AAPL"], default))["AAPL"].Price); // cached for 15 seconds

        await app.Get<PricePushService>().PushAsync(Admin, [new Quote("AAPL", 101m, now, "feed", QuoteKind.RealTime)], default);

        Assert.Equal(101m, (await latest.GetAsync(["AAPL"], default))["AAPL"].Price);
    }
}
