using System.Globalization;
using Portfolio.Application.Prices;

namespace Portfolio.Storage.Contract;

public abstract class PriceStoreContract(IStorageFixture fixture)
{
    private readonly CancellationToken _ct = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2024, 1, 31, 20, 0, 0, TimeSpan.Zero);

    private static string NewSymbol() => "S" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    private static Quote Quote(string symbol, decimal price, DateTimeOffset asOf, string source = "test", QuoteKind kind = QuoteKind.RealTime) =>
        new(symbol, price, asOf, source, kind);

    [ContractFact]
    public async Task Unknown_symbol_has_no_latest_price_and_no_history()
    {
        var symbol = NewSymbol();

        Assert.Null(await fixture.Prices.GetLatestAsync(symbol, _ct));
        Assert.Empty(await fixture.Prices.GetHistoryAsync(symbol, T0.AddYears(-1), T0.AddYears(1), _ct));
    }

    [ContractFact]
    public async Task Latest_is_replaced_only_by_a_newer_quote()
    {
        var symbol = NewSymbol();
        await fixture.Prices.SaveAsync([Quote(symbol, 10m, T0)], _ct);

        await fixture.Prices.SaveAsync([Quote(symbol, 9m, T0.AddMinutes(-5), "late")], _ct);
        Assert.Equal(Quote(symbol, 10m, T0), await fixture.Prices.GetLatestAsync(symbol, _ct));

        await fixture.Prices.SaveAsync([Quote(symbol, 11m, T0.AddMinutes(5), "newer", QuoteKind.EndOfDay)], _ct);
        Assert.Equal(Quote(symbol, 11m, T0.AddMinutes(5), "newer", QuoteKind.EndOfDay), await fixture.Prices.GetLatestAsync(symbol, _ct));
    }

    [ContractFact]
    public async Task Latest_of_one_batch_is_its_newest_quote_whatever_the_order()
    {
        var symbol = NewSymbol();

        await fixture.Prices.SaveAsync([Quote(symbol, 2m, T0.AddMinutes(2)), Quote(symbol, 3m, T0.AddMinutes(3)), Quote(symbol, 1m, T0.AddMinutes(1))], _ct);

        Assert.Equal(3m, (await fixture.Prices.GetLatestAsync(symbol, _ct))!.Price);
        Assert.Equal(3, (await fixture.Prices.GetHistoryAsync(symbol, T0, T0.AddHours(1), _ct)).Count);
    }

    [ContractFact]
    public async Task GetLatest_of_many_symbols_returns_those_that_have_a_price()
    {
        var (a, b, missing) = (NewSymbol(), NewSymbol(), NewSymbol());
        await fixture.Prices.SaveAsync([Quote(a, 1.5m, T0), Quote(b, 2.5m, T0)], _ct);

        var latest = await fixture.Prices.GetLatestAsync([a, b, missing], _ct);

        Assert.Equal(2, latest.Count);
        Assert.Equal(1.5m, latest[a].Price);
        Assert.Equal(2.5m, latest[b].Price);
        Assert.False(latest.ContainsKey(missing));
        Assert.Empty(await fixture.Prices.GetLatestAsync(Array.Empty<string>(), _ct));
    }

    [ContractFact]
    public async Task History_returns_quotes_in_the_half_open_range_oldest_first()
    {
        var symbol = NewSymbol();
        var quotes = Enumerable.Range(0, 5).Select(i => Quote(symbol, 100m + i, T0.AddHours(i))).ToList();
        await fixture.Prices.SaveAsync([quotes[3], quotes[0], quotes[4], quotes[1], quotes[2]], _ct);

        var history = await fixture.Prices.GetHistoryAsync(symbol, T0.AddHours(1), T0.AddHours(4), _ct);

        Assert.Equal(quotes.Skip(1).Take(3), history);
    }

    [ContractFact]
    public async Task History_of_many_symbols_is_grouped_by_symbol_oldest_first()
    {
        var (a, b, quiet) = (NewSymbol(), NewSymbol(), NewSymbol());
        var quotes = new[] { Quote(a, 2m, T0.AddHours(2)), Quote(b, 5m, T0.AddHours(1)), Quote(a, 1m, T0.AddHours(1)), Quote(a, 9m, T0.AddHours(9)) };
        await fixture.Prices.SaveAsync(quotes, _ct);

        var history = await fixture.Prices.GetHistoryAsync([a, b, quiet], T0, T0.AddHours(5), _ct);

        Assert.Equal([quotes[2], quotes[0]], history[a]);
        Assert.Equal([quotes[1]], history[b]);
        Assert.False(history.ContainsKey(quiet));
    }

    [ContractFact]
    public async Task History_spans_month_buckets_across_a_month_boundary()
    {
        var symbol = NewSymbol();
        var december = Quote(symbol, 1m, new DateTimeOffset(2023, 12, 31, 23, 59, 59, TimeSpan.Zero));
        var lastOfJanuary = Quote(symbol, 2m, new DateTimeOffset(2024, 1, 31, 23, 59, 59, 999, TimeSpan.Zero));
        // 19:30 on Jan 31 in New York is Feb 1 in UTC: buckets follow the instant, not the offset it was written with.
        var firstOfFebruary = Quote(symbol, 3m, new DateTimeOffset(2024, 1, 31, 19, 30, 0, TimeSpan.FromHours(-5)));
        var march = Quote(symbol, 4m, new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero));
        await fixture.Prices.SaveAsync([march, firstOfFebruary, lastOfJanuary, december], _ct);

        var history = await fixture.Prices.GetHistoryAsync(symbol, new DateTimeOffset(2024, 1, 15, 0, 0, 0, TimeSpan.Zero), march.AsOf, _ct);

        Assert.Equal([lastOfJanuary, firstOfFebruary], history);
        Assert.Equal(4, (await fixture.Prices.GetHistoryAsync(symbol, december.AsOf, march.AsOf.AddTicks(1), _ct)).Count);
    }

    [ContractFact]
    public async Task Saving_the_same_quote_twice_stores_it_once()
    {
        var symbol = NewSymbol();
        var quote = Quote(symbol, 42m, T0);

        await fixture.Prices.SaveAsync([quote], _ct);
        await fixture.Prices.SaveAsync([quote, quote], _ct);

        Assert.Equal([quote], await fixture.Prices.GetHistoryAsync(symbol, T0.AddDays(-1), T0.AddDays(1), _ct));
    }

    [ContractFact]
    public async Task Two_sources_at_the_same_instant_are_two_quotes()
    {
        var symbol = NewSymbol();

        await fixture.Prices.SaveAsync([Quote(symbol, 42m, T0, "a"), Quote(symbol, 42.01m, T0, "b")], _ct);

        Assert.Equal(2, (await fixture.Prices.GetHistoryAsync(symbol, T0, T0.AddTicks(1), _ct)).Count);
    }

    [ContractFact]
    public async Task Prices_keep_exact_decimals()
    {
        var (tiny, huge) = (NewSymbol(), NewSymbol());

        await fixture.Prices.SaveAsync([Quote(tiny, 0.000001m, T0), Quote(huge, 12345678901234.567891m, T0)], _ct);

        Assert.Equal("0.000001", (await fixture.Prices.GetLatestAsync(tiny, _ct))!.Price.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("12345678901234.567891", (await fixture.Prices.GetLatestAsync(huge, _ct))!.Price.ToString(CultureInfo.InvariantCulture));
        var history = await fixture.Prices.GetHistoryAsync(huge, T0, T0.AddTicks(1), _ct);
        Assert.Equal("12345678901234.567891", Assert.Single(history).Price.ToString(CultureInfo.InvariantCulture));
    }
}
