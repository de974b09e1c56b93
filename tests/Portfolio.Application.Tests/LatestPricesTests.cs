using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.Valuation;

namespace Portfolio.Application.Tests;

public class LatestPricesTests
{
    private static Quote Aapl(decimal price, DateTimeOffset at) => new("AAPL", price, at, "test", QuoteKind.RealTime);

    [Fact]
    public async Task Latest_price_is_cached_for_15_seconds_while_the_market_is_open()
    {
        await using var app = new Harness();
        var store = app.Get<IPriceStore>();
        var cache = app.Get<LatestPrices>();
        await store.SaveAsync([Aapl(100, app.Clock.GetUtcNow())], default);
        Assert.Equal(100m, (await cache.GetAsync(["AAPL"], default))["AAPL"].Price);

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await store.SaveAsync([Aapl(101, app.Clock.GetUtcNow())], default); // written by another process: no eviction here
        app.Clock.Advance(TimeSpan.FromSeconds(13));
        Assert.Equal(100m, (await cache.GetAsync(["AAPL"], default))["AAPL"].Price);
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(101m, (await cache.GetAsync(["AAPL"], default))["AAPL"].Price);
    }

    [Fact]
    public async Task After_the_close_the_cache_keeps_a_price_for_an_hour()
    {
        await using var app = new Harness();
        app.Clock.SetUtcNow(new DateTimeOffset(2024, 6, 3, 21, 0, 0, TimeSpan.Zero)); // 17:00 New York
        var store = app.Get<IPriceStore>();
        var cache = app.Get<LatestPrices>();
        await store.SaveAsync([Aapl(100, app.Clock.GetUtcNow())], default);
        await cache.GetAsync(["AAPL"], default);
        await store.SaveAsync([Aapl(99, app.Clock.GetUtcNow().AddSeconds(1))], default);

        app.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(100m, (await cache.GetAsync(["AAPL"], default))["AAPL"].Price);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(99m, (await cache.GetAsync(["AAPL"], default))["AAPL"].Price);
    }

    [Fact]
    public async Task Evicting_a_symbol_serves_the_stored_price_at_once()
    {
        await using var app = new Harness();
        var store = app.Get<IPriceStore>();
        var cache = app.Get<LatestPrices>();
        await store.SaveAsync([Aapl(100, app.Clock.GetUtcNow())], default);
        await cache.GetAsync(["AAPL"], default);
        await store.SaveAsync([Aapl(102, app.Clock.GetUtcNow().AddSeconds(1))], default);
        cache.Evict(["AAPL"]);
        Assert.Equal(102m, (await cache.GetAsync(["AAPL"], default))["AAPL"].Price);
    }

    [Fact]
    public async Task The_generation_moves_when_a_cached_quote_changes_or_is_evicted_and_not_when_an_unchanged_one_is_read_again()
    {
        await using var app = new Harness();
        var store = app.Get<IPriceStore>();
        var cache = app.Get<LatestPrices>();
        await store.SaveAsync([Aapl(100, app.Clock.GetUtcNow())], default);
        var first = await cache.ReadAsync(["AAPL"], default);
        var cached = await cache.ReadAsync(["AAPL"], default);

        app.Clock.Advance(TimeSpan.FromSeconds(16)); // expired: read from the store again, the same quote
        var reread = await cache.ReadAsync(["AAPL"], default);
        await store.SaveAsync([Aapl(101, app.Clock.GetUtcNow())], default); // another process: seen when the entry expires
        app.Clock.Advance(TimeSpan.FromSeconds(16));
        var changed = await cache.ReadAsync(["AAPL"], default);
        var afterChange = cache.Generation;
        cache.Evict(["AAPL"]);

        // The first read loaded AAPL (the generation moved after it); a cached read keeps it and says until when.
        Assert.Equal(first.Generation + 1, cached.Generation);
        Assert.Equal(first.ValidUntil, cached.ValidUntil);
        Assert.Equal(SavedAt(first) + TimeSpan.FromSeconds(15), first.ValidUntil);
        Assert.Equal(cached.Generation, reread.Generation);
        Assert.Equal((101m, reread.Generation), (changed.Quotes["AAPL"].Price, changed.Generation));
        Assert.Equal(changed.Generation + 1, afterChange);
        Assert.Equal(afterChange + 1, cache.Generation);
    }

    private static DateTimeOffset SavedAt(LatestQuotes read) => read.Quotes["AAPL"].AsOf;
}
