using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.Valuation;

namespace Portfolio.Application.Tests.ValuationRules;

/// <summary>The edge of the latest-price cache's lifetime (the harness clock is during the session: 15 seconds).</summary>
public class LatestPriceRuleTests
{
    [Fact]
    public async Task A_cached_price_is_read_again_at_exactly_fifteen_seconds()
    {
        await using var app = new Harness();
        var store = app.Get<IPriceStore>();
        var cache = app.Get<LatestPrices>();
        await store.SaveAsync([new Quote("AAPL", 100m, app.Clock.GetUtcNow(), "test", QuoteKind.RealTime)], default);
        await cache.GetAsync(["AAPL"], default);
        await store.SaveAsync([new Quote("AAPL", 101m, app.Clock.GetUtcNow().AddSeconds(1), "test", QuoteKind.RealTime)], default);

        app.Clock.Advance(TimeSpan.FromSeconds(15) - TimeSpan.FromTicks(1));
        Assert.Equal(100m, (await cache.GetAsync(["AAPL"], default))["AAPL"].Price);
        app.Clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(101m, (await cache.GetAsync(["AAPL"], default))["AAPL"].Price);
    }
}
