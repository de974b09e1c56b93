using Portfolio.Application.Prices;

namespace Portfolio.Storage.Contract;

/// <summary>
/// Daily closes (one per symbol and New York market date, written with the quotes), their change versions, and pruning of
/// intraday history. Dates here are in 2005–2010 and 2001 (pruning), apart from the other price tests' 2023–2024.
/// </summary>
public abstract class DailyCloseContract(IStorageFixture fixture)
{
    private readonly CancellationToken _ct = CancellationToken.None;

    private static string NewSymbol() => "C" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    private static Quote Quote(string symbol, decimal price, DateTimeOffset asOf, string source = "test") =>
        new(symbol, price, asOf, source, QuoteKind.RealTime);

    private static DailyClose Close(Quote quote, DateOnly date) => new(quote.Symbol, date, quote.Price, quote.AsOf, quote.Source);

    private async Task<IReadOnlyList<DailyClose>> ClosesAsync(string symbol, DateOnly from, DateOnly to) =>
        (await fixture.Prices.GetDailyClosesAsync([symbol], from, to, _ct)).GetValueOrDefault(symbol) ?? [];

    private async Task<long> VersionAsync() => (await fixture.Prices.GetCloseChangesAsync([NewSymbol()], 0, _ct)).Version;

    [ContractFact]
    public async Task Close_is_the_last_quote_of_the_New_York_market_date_not_the_UTC_date()
    {
        var symbol = NewSymbol();
        // January: New York is UTC−5, so its midnight is 05:00 UTC.
        var afternoon = Quote(symbol, 10m, Utc(2010, 1, 28, 20, 0));          // Thu 28 Jan 15:00 New York
        var lateEvening = Quote(symbol, 11m, Utc(2010, 1, 29, 4, 59, 59));     // Thu 28 Jan 23:59:59 New York
        var midnight = Quote(symbol, 12m, Utc(2010, 1, 29, 5, 0));             // Fri 29 Jan 00:00 New York
        var friday = Quote(symbol, 13m, Utc(2010, 1, 29, 21, 0));              // Fri 29 Jan 16:00 New York
        await fixture.Prices.SaveAsync([friday, afternoon, midnight, lateEvening], _ct);

        var closes = await ClosesAsync(symbol, new DateOnly(2010, 1, 1), new DateOnly(2010, 1, 31));

        Assert.Equal([Close(lateEvening, new DateOnly(2010, 1, 28)), Close(friday, new DateOnly(2010, 1, 29))], closes);
        Assert.Equal([Close(friday, new DateOnly(2010, 1, 29))], await ClosesAsync(symbol, new DateOnly(2010, 1, 29), new DateOnly(2010, 1, 29)));
        Assert.Empty(await ClosesAsync(symbol, new DateOnly(2010, 1, 30), new DateOnly(2010, 2, 28)));
    }

    [ContractFact]
    public async Task Closes_follow_daylight_saving_time_and_span_months()
    {
        var symbol = NewSymbol();
        // 31 March 2010 is in daylight saving time (UTC−4): 03:30 UTC on 1 April is 23:30 on 31 March in New York.
        var endOfMarch = Quote(symbol, 20m, Utc(2010, 4, 1, 3, 30));
        var april = Quote(symbol, 21m, Utc(2010, 4, 1, 4, 0));                 // 1 April 00:00 New York
        var february = Quote(symbol, 19m, Utc(2010, 2, 26, 21, 0));
        await fixture.Prices.SaveAsync([april, endOfMarch, february], _ct);

        var closes = await ClosesAsync(symbol, new DateOnly(2010, 2, 1), new DateOnly(2010, 4, 30));

        Assert.Equal([Close(february, new DateOnly(2010, 2, 26)), Close(endOfMarch, new DateOnly(2010, 3, 31)), Close(april, new DateOnly(2010, 4, 1))], closes);
    }

    [ContractFact]
    public async Task An_older_quote_arriving_late_leaves_the_close_and_its_version_alone()
    {
        var symbol = NewSymbol();
        var close = Quote(symbol, 30m, Utc(2009, 6, 15, 19, 50));
        await fixture.Prices.SaveAsync([close], _ct);
        var version = await VersionAsync();

        await fixture.Prices.SaveAsync([Quote(symbol, 29m, Utc(2009, 6, 15, 19, 40)), Quote(symbol, 28m, Utc(2009, 6, 15, 19, 50), "other-a")], _ct);

        Assert.Equal([Close(close, new DateOnly(2009, 6, 15))], await ClosesAsync(symbol, new DateOnly(2009, 6, 15), new DateOnly(2009, 6, 15)));
        Assert.Null((await fixture.Prices.GetCloseChangesAsync([symbol], version, _ct)).EarliestChangedDate);
        // Both late quotes are kept in the intraday history all the same.
        Assert.Equal(3, (await fixture.Prices.GetHistoryAsync(symbol, Utc(2009, 6, 15, 0), Utc(2009, 6, 16, 0), _ct)).Count);
    }

    [ContractFact]
    public async Task A_correction_of_the_same_instant_and_source_replaces_the_close()
    {
        var symbol = NewSymbol();
        await fixture.Prices.SaveAsync([Quote(symbol, 40m, Utc(2009, 6, 16, 20, 0))], _ct);
        var version = await VersionAsync();

        var corrected = Quote(symbol, 40.25m, Utc(2009, 6, 16, 20, 0));
        await fixture.Prices.SaveAsync([corrected], _ct);

        Assert.Equal([Close(corrected, new DateOnly(2009, 6, 16))], await ClosesAsync(symbol, new DateOnly(2009, 6, 1), new DateOnly(2009, 6, 30)));
        var changes = await fixture.Prices.GetCloseChangesAsync([symbol], version, _ct);
        Assert.Equal(new DateOnly(2009, 6, 16), changes.EarliestChangedDate);
        Assert.True(changes.Version > version, $"version {changes.Version} should have grown past {version}");
    }

    [ContractFact]
    public async Task Two_sources_at_the_same_instant_close_with_the_source_whose_name_sorts_last_in_any_order()
    {
        var (together, aFirst, bFirst) = (NewSymbol(), NewSymbol(), NewSymbol());
        var instant = Utc(2008, 3, 14, 20, 0);
        var date = new DateOnly(2008, 3, 14);

        await fixture.Prices.SaveAsync([Quote(together, 2m, instant, "beta"), Quote(together, 1m, instant, "alpha")], _ct);
        await fixture.Prices.SaveAsync([Quote(aFirst, 1m, instant, "alpha")], _ct);
        await fixture.Prices.SaveAsync([Quote(aFirst, 2m, instant, "beta")], _ct);
        await fixture.Prices.SaveAsync([Quote(bFirst, 2m, instant, "beta")], _ct);
        var version = await VersionAsync();
        await fixture.Prices.SaveAsync([Quote(bFirst, 1m, instant, "alpha")], _ct);

        foreach (var symbol in new[] { together, aFirst, bFirst })
            Assert.Equal([Close(Quote(symbol, 2m, instant, "beta"), date)], await ClosesAsync(symbol, date, date));
        Assert.Null((await fixture.Prices.GetCloseChangesAsync([bFirst], version, _ct)).EarliestChangedDate);
    }

    [ContractFact]
    public async Task A_batch_leaves_the_closes_and_the_latest_that_saving_its_quotes_one_at_a_time_leaves()
    {
        var (oneByOne, batched) = (NewSymbol(), NewSymbol());
        // Two market dates, out of order, a late older quote, two sources at one instant, a correction, a repeat.
        var quotes = new (decimal Price, DateTimeOffset AsOf, string Source)[]
        {
            (10m, Utc(2007, 4, 10, 19, 0), "alpha"), (11m, Utc(2007, 4, 10, 20, 0), "alpha"), (9m, Utc(2007, 4, 10, 15, 0), "alpha"),
            (12m, Utc(2007, 4, 11, 20, 0), "beta"), (13m, Utc(2007, 4, 11, 20, 0), "alpha"), (12.5m, Utc(2007, 4, 11, 20, 0), "beta"),
            (14m, Utc(2007, 4, 11, 14, 0), "alpha"), (11.5m, Utc(2007, 4, 10, 20, 0), "alpha"), (12.5m, Utc(2007, 4, 11, 20, 0), "beta"),
        };
        foreach (var (price, asOf, source) in quotes)
            await fixture.Prices.SaveAsync([Quote(oneByOne, price, asOf, source)], _ct);
        await fixture.Prices.SaveAsync(quotes.Select(q => Quote(batched, q.Price, q.AsOf, q.Source)).ToList(), _ct);

        var (from, to) = (new DateOnly(2007, 4, 1), new DateOnly(2007, 4, 30));
        var expected = (await ClosesAsync(oneByOne, from, to)).Select(c => c with { Symbol = batched }).ToList();
        Assert.Equal(expected, await ClosesAsync(batched, from, to));
        // By hand: 10 April closes with the corrected 11.5 at 20:00; 11 April with beta's corrected 12.5 (beta sorts after alpha).
        Assert.Equal([11.5m, 12.5m], expected.Select(c => c.Price));
        var latest = await fixture.Prices.GetLatestAsync(batched, _ct);
        Assert.Equal((await fixture.Prices.GetLatestAsync(oneByOne, _ct))! with { Symbol = batched }, latest);
        Assert.Equal(Utc(2007, 4, 11, 20, 0), latest!.AsOf);
    }

    [ContractFact]
    public async Task Closes_of_many_symbols_come_in_one_call_and_symbols_without_any_are_absent()
    {
        var (a, b, quiet) = (NewSymbol(), NewSymbol(), NewSymbol());
        var a1 = Quote(a, 1.5m, Utc(2007, 5, 1, 20, 0));
        var a2 = Quote(a, 1.75m, Utc(2007, 5, 2, 20, 0));
        var b1 = Quote(b, 12345678901234.567891m, Utc(2007, 5, 2, 19, 0));
        await fixture.Prices.SaveAsync([a2, b1, a1], _ct);

        var closes = await fixture.Prices.GetDailyClosesAsync([a, b, quiet], new DateOnly(2007, 5, 1), new DateOnly(2007, 5, 31), _ct);

        Assert.Equal(2, closes.Count);
        Assert.Equal([Close(a1, new DateOnly(2007, 5, 1)), Close(a2, new DateOnly(2007, 5, 2))], closes[a]);
        Assert.Equal("12345678901234.567891", Assert.Single(closes[b]).Price.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(await fixture.Prices.GetDailyClosesAsync([], new DateOnly(2007, 5, 1), new DateOnly(2007, 5, 31), _ct));
    }

    [ContractFact]
    public async Task Close_changes_name_the_earliest_changed_date_of_the_symbols_asked_about()
    {
        var (a, b, untouched) = (NewSymbol(), NewSymbol(), NewSymbol());
        var start = await VersionAsync();

        await fixture.Prices.SaveAsync([Quote(a, 10m, Utc(2006, 3, 7, 20, 0)), Quote(a, 11m, Utc(2006, 3, 9, 20, 0))], _ct);
        var afterFirst = await fixture.Prices.GetCloseChangesAsync([a], start, _ct);
        Assert.Equal(new DateOnly(2006, 3, 7), afterFirst.EarliestChangedDate);
        Assert.True(afterFirst.Version > start, $"version {afterFirst.Version} should have grown past {start}");
        Assert.Null((await fixture.Prices.GetCloseChangesAsync([untouched], start, _ct)).EarliestChangedDate);

        // A later quote of 9 March changes that close only; b changes a close on an earlier date.
        await fixture.Prices.SaveAsync([Quote(a, 11.5m, Utc(2006, 3, 9, 20, 10))], _ct);
        Assert.Equal(new DateOnly(2006, 3, 9), (await fixture.Prices.GetCloseChangesAsync([a], afterFirst.Version, _ct)).EarliestChangedDate);
        await fixture.Prices.SaveAsync([Quote(b, 5m, Utc(2006, 3, 1, 20, 0))], _ct);
        Assert.Equal(new DateOnly(2006, 3, 9), (await fixture.Prices.GetCloseChangesAsync([a], afterFirst.Version, _ct)).EarliestChangedDate);
        Assert.Equal(new DateOnly(2006, 3, 1), (await fixture.Prices.GetCloseChangesAsync([a, b, untouched], afterFirst.Version, _ct)).EarliestChangedDate);
        Assert.Equal(new DateOnly(2006, 3, 1), (await fixture.Prices.GetCloseChangesAsync([a, b], start, _ct)).EarliestChangedDate);

        var now = await VersionAsync();
        Assert.Null((await fixture.Prices.GetCloseChangesAsync([a, b], now, _ct)).EarliestChangedDate);
        Assert.Null((await fixture.Prices.GetCloseChangesAsync([], start, _ct)).EarliestChangedDate);
    }

    [ContractFact]
    public async Task Pruning_removes_intraday_quotes_before_the_cutoff_and_keeps_closes_and_the_latest()
    {
        var (active, delisted) = (NewSymbol(), NewSymbol());
        // Three quotes a day on 1–3 May 2001 for one symbol; one quote on 1 May for a symbol never quoted again.
        var quotes = (from day in new[] { 1, 2, 3 } from hour in new[] { 14, 17, 20 } select Quote(active, 100m + day + hour / 100m, Utc(2001, 5, day, hour))).ToList();
        var lone = Quote(delisted, 7m, Utc(2001, 5, 1, 20, 0));
        await fixture.Prices.SaveAsync([.. quotes, lone], _ct);
        var cutoff = Utc(2001, 5, 3, 0, 0);

        var removed = await fixture.Prices.PruneHistoryAsync(cutoff, _ct);

        Assert.Equal(6 + 1, removed);  // 1 and 2 May of the active symbol, and the lone quote
        Assert.Equal(quotes.Skip(6), await fixture.Prices.GetHistoryAsync(active, Utc(2001, 1, 1, 0), Utc(2001, 12, 31, 0), _ct));
        Assert.Empty(await fixture.Prices.GetHistoryAsync(delisted, Utc(2001, 1, 1, 0), Utc(2001, 12, 31, 0), _ct));
        Assert.Equal(
            [Close(quotes[2], new DateOnly(2001, 5, 1)), Close(quotes[5], new DateOnly(2001, 5, 2)), Close(quotes[8], new DateOnly(2001, 5, 3))],
            await ClosesAsync(active, new DateOnly(2001, 5, 1), new DateOnly(2001, 5, 31)));
        Assert.Equal([Close(lone, new DateOnly(2001, 5, 1))], await ClosesAsync(delisted, new DateOnly(2001, 5, 1), new DateOnly(2001, 5, 1)));
        Assert.Equal(quotes[8], await fixture.Prices.GetLatestAsync(active, _ct));
        Assert.Equal(lone, await fixture.Prices.GetLatestAsync(delisted, _ct));
        Assert.Equal(0, await fixture.Prices.PruneHistoryAsync(cutoff, _ct));
    }
}
