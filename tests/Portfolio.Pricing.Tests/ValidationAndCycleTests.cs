using Microsoft.Extensions.Time.Testing;
using Portfolio.Application.Prices;

namespace Portfolio.Pricing.Tests;

public class PriceIngestionTests
{
    // Tuesday 2025-01-07 10:00 New York: market open
    private static readonly DateTimeOffset Now = new(2025, 1, 7, 15, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly InMemoryPriceStore _store = new();
    private readonly PriceIngestion _ingestion;

    public PriceIngestionTests() => _ingestion = new PriceIngestion(_store, new QuoteValidator(), _time);

    private static Quote Q(string symbol, decimal price, DateTimeOffset? asOf = null, string source = "Polygon")
        => new(symbol, price, asOf ?? Now.AddMinutes(-1), source, QuoteKind.RealTime);

    private async Task SeedAsync(string symbol, decimal price) => await _store.SaveAsync([Q(symbol, price, Now.AddMinutes(-30), "seed")], default);

    [Theory]
    [InlineData("0")]
    [InlineData("-1.25")]
    [InlineData("0.0000004")] // rounds to zero at 6 decimals
    public async Task Zero_negative_and_sub_precision_prices_are_rejected_as_non_positive(string price)
    {
        var result = await _ingestion.IngestAsync([Q("AAPL", decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture))], default);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(QuoteRejectionReason.NonPositive, rejected.Reason);
        Assert.Empty(_store.History);
    }

    [Fact]
    public async Task Price_is_rounded_half_away_from_zero_to_6_decimals()
    {
        var result = await _ingestion.IngestAsync([Q("AAPL", 123.4567895m)], default);
        Assert.Equal(123.456790m, Assert.Single(result.Stored).Price);
    }

    [Fact]
    public async Task Quote_time_in_the_future_is_rejected_and_does_not_overwrite_the_good_price()
    {
        await SeedAsync("AAPL", 243.36m);
        var result = await _ingestion.IngestAsync([Q("AAPL", 244m, Now.AddMinutes(1))], default);
        Assert.Equal(QuoteRejectionReason.FutureTime, Assert.Single(result.Rejected).Reason);
        Assert.Equal(243.36m, (await _store.GetLatestAsync("AAPL", default))!.Price);
    }

    [Fact]
    public async Task Quote_within_clock_skew_of_2_seconds_is_accepted()
    {
        var result = await _ingestion.IngestAsync([Q("AAPL", 244m, Now.AddSeconds(2))], default);
        Assert.Single(result.Stored);
    }

    [Fact]
    public async Task Price_above_the_sanity_bound_is_rejected()
    {
        var result = await _ingestion.IngestAsync([Q("AAPL", 10_000_000.01m)], default);
        Assert.Equal(QuoteRejectionReason.TooLarge, Assert.Single(result.Rejected).Reason);
    }

    [Fact]
    public async Task Epoch_zero_timestamp_is_rejected_as_too_old()
    {
        var result = await _ingestion.IngestAsync([Q("AAPL", 100m, DateTimeOffset.UnixEpoch)], default);
        Assert.Equal(QuoteRejectionReason.TooOld, Assert.Single(result.Rejected).Reason);
    }

    [Fact]
    public async Task Jump_of_more_than_50_percent_is_held_and_not_stored()
    {
        await SeedAsync("AAPL", 100m);
        var result = await _ingestion.IngestAsync([Q("AAPL", 150.01m)], default);
        Assert.Equal(150.01m, Assert.Single(result.SuspectHeld).Price);
        Assert.Empty(result.Stored);
        Assert.Equal(100m, (await _store.GetLatestAsync("AAPL", default))!.Price);
    }

    [Fact]
    public async Task Jump_of_exactly_50_percent_is_accepted()
    {
        await SeedAsync("AAPL", 100m);
        var result = await _ingestion.IngestAsync([Q("AAPL", 150m)], default);
        Assert.Single(result.Stored);
    }

    [Fact]
    public async Task Held_suspect_is_confirmed_by_the_next_cycle_from_the_same_source()
    {
        await SeedAsync("AAPL", 100m);
        await _ingestion.IngestAsync([Q("AAPL", 160m, Now.AddMinutes(-10))], default);
        var next = await _ingestion.IngestAsync([Q("AAPL", 159m)], default);
        Assert.Equal(160m, Assert.Single(next.SuspectConfirmed).Price);
        Assert.Equal([160m, 159m], next.Stored.Select(q => q.Price));
        Assert.Equal(159m, (await _store.GetLatestAsync("AAPL", default))!.Price);
        Assert.Empty(await _ingestion.HeldSuspectsAsync(["AAPL"], default));
    }

    [Fact]
    public async Task Same_source_repeating_the_jump_in_the_same_batch_does_not_confirm_it()
    {
        await SeedAsync("AAPL", 100m);
        var result = await _ingestion.IngestAsync([Q("AAPL", 160m), Q("AAPL", 160m)], default);
        Assert.Empty(result.Stored);
        Assert.Single(result.SuspectHeld);
    }

    [Fact]
    public async Task Held_suspect_is_confirmed_by_a_second_source_in_the_same_batch()
    {
        await SeedAsync("AAPL", 100m);
        var result = await _ingestion.IngestAsync([Q("AAPL", 160m), Q("AAPL", 161m, Now, "Finnhub")], default);
        Assert.Empty(result.SuspectHeld);
        Assert.Single(result.SuspectConfirmed);
        Assert.Equal(161m, (await _store.GetLatestAsync("AAPL", default))!.Price);
    }

    [Fact]
    public async Task An_ordinary_price_after_a_suspect_discards_the_suspect()
    {
        await SeedAsync("AAPL", 100m);
        await _ingestion.IngestAsync([Q("AAPL", 160m)], default);
        var next = await _ingestion.IngestAsync([Q("AAPL", 101m)], default);
        Assert.Equal(101m, Assert.Single(next.Stored).Price);
        Assert.Empty(await _ingestion.HeldSuspectsAsync(["AAPL"], default));
    }
}

public class PriceCycleTests
{
    // Tuesday 2025-01-07 10:00 New York: market open → real-time quotes
    private static readonly DateTimeOffset Open = new(2025, 1, 7, 15, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Open);
    private readonly InMemoryPriceStore _store = new();

    private PriceCycle Cycle(params IPriceSource[] sources)
        => new(sources, new PriceIngestion(_store, new QuoteValidator(), _time), _store, UsMarketCalendar.Instance, _time);

    private DateTimeOffset Recent() => _time.GetUtcNow().AddSeconds(-30);

    [Fact]
    public async Task Symbols_missing_at_the_first_provider_are_asked_of_the_next()
    {
        var a = new FakeSource("A").With(Recent, ("AAPL", 243.36m));
        var b = new FakeSource("B").With(Recent, ("AAPL", 999m), ("MSFT", 421.5m));
        var report = await Cycle(a, b).RunAsync(["aapl", "MSFT", "AAPL", "ZZZZ"], default);

        Assert.Equal(3, report.Requested); // distinct, case-insensitive
        Assert.Equal(2, report.Stored);
        Assert.Equal(["ZZZZ"], report.Missing);
        Assert.Equal(["MSFT", "ZZZZ"], b.Asked.Single());
        Assert.Equal("A", (await _store.GetLatestAsync("AAPL", default))!.Source);
        Assert.Equal(421.5m, (await _store.GetLatestAsync("MSFT", default))!.Price);
        Assert.Equal(QuoteKind.RealTime, report.Kind);
    }

    [Fact]
    public async Task A_failed_provider_call_falls_back_to_the_next_provider()
    {
        var a = new FakeSource("A").Failing("HTTP 503");
        var b = new FakeSource("B").With(Recent, ("AAPL", 243.36m));
        var report = await Cycle(a, b).RunAsync(["AAPL"], default);

        Assert.Equal(1, report.Stored);
        Assert.Equal([ProviderStatus.Failed, ProviderStatus.Ok], report.Providers.Select(p => p.Status));
        Assert.Equal("HTTP 503", report.Providers[0].Failure);
        Assert.Equal("B", (await _store.GetLatestAsync("AAPL", default))!.Source);
    }

    [Fact]
    public async Task A_provider_that_throws_is_treated_as_failed_not_fatal()
    {
        var a = new FakeSource("A") { Answer = (_, _) => throw new InvalidOperationException("boom") };
        var b = new FakeSource("B").With(Recent, ("AAPL", 243.36m));
        var report = await Cycle(a, b).RunAsync(["AAPL"], default);
        Assert.Equal(1, report.Stored);
        Assert.Contains("boom", report.Providers[0].Failure);
    }

    [Fact]
    public async Task Breaker_skips_a_provider_after_3_failed_cycles_for_5_minutes()
    {
        var a = new FakeSource("A").Failing();
        var b = new FakeSource("B").With(Recent, ("AAPL", 243.36m));
        var cycle = Cycle(a, b);
        for (var i = 0; i < 3; i++) await cycle.RunAsync(["AAPL"], default);
        Assert.Equal(3, a.Calls);

        var skipped = await cycle.RunAsync(["AAPL"], default);
        Assert.Equal(3, a.Calls);
        Assert.Equal(ProviderStatus.SkippedCircuitOpen, skipped.Providers[0].Status);
        Assert.Equal(1, skipped.Stored);

        _time.Advance(TimeSpan.FromMinutes(4));
        await cycle.RunAsync(["AAPL"], default);
        Assert.Equal(3, a.Calls);

        _time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        a.With(Recent, ("AAPL", 243.5m));
        var recovered = await cycle.RunAsync(["AAPL"], default);
        Assert.Equal(4, a.Calls);
        Assert.Equal(ProviderStatus.Ok, recovered.Providers[0].Status);
        Assert.False(cycle.IsProviderSkipped("A", _time.GetUtcNow()));
    }

    [Fact]
    public async Task Suspect_jump_is_confirmed_by_a_second_source_within_the_cycle()
    {
        await _store.SaveAsync([new Quote("AAPL", 100m, Open.AddMinutes(-30), "seed", QuoteKind.RealTime)], default);
        var a = new FakeSource("A").With(() => Open.AddSeconds(-20), ("AAPL", 160m));
        var b = new FakeSource("B").With(() => Open.AddSeconds(-10), ("AAPL", 161m));
        var report = await Cycle(a, b).RunAsync(["AAPL"], default);

        Assert.Single(report.SuspectConfirmed);
        Assert.Equal(0, report.SuspectHeldCount);
        Assert.Equal(2, report.Stored);
        Assert.True(report.Providers[1].ConfirmationCall);
        var latest = (await _store.GetLatestAsync("AAPL", default))!;
        Assert.Equal(161m, latest.Price);
        Assert.Equal("B", latest.Source);
    }

    [Fact]
    public async Task Suspect_jump_without_confirmation_is_held_then_confirmed_by_the_next_cycle()
    {
        await _store.SaveAsync([new Quote("AAPL", 100m, Open.AddMinutes(-30), "seed", QuoteKind.RealTime)], default);
        var a = new FakeSource("A").With(Recent, ("AAPL", 160m));
        var b = new FakeSource("B").With(Recent, ("AAPL", 100.5m)); // disagrees
        var cycle = Cycle(a, b);

        var first = await cycle.RunAsync(["AAPL"], default);
        Assert.Equal(160m, Assert.Single(first.SuspectHeld).Price);
        Assert.Equal(0, first.Stored);
        Assert.Equal(100m, (await _store.GetLatestAsync("AAPL", default))!.Price);

        _time.Advance(TimeSpan.FromMinutes(10));
        a.With(Recent, ("AAPL", 158.4m));
        var second = await cycle.RunAsync(["AAPL"], default);
        Assert.Single(second.SuspectConfirmed);
        Assert.Equal(158.4m, (await _store.GetLatestAsync("AAPL", default))!.Price);
    }

    [Fact]
    public async Task Invalid_quotes_from_a_provider_are_reported_and_never_stored()
    {
        await _store.SaveAsync([new Quote("AAPL", 243m, Open.AddMinutes(-30), "seed", QuoteKind.RealTime)], default);
        var a = new FakeSource("A") { Answer = (s, k) => new PriceSourceResult([new Quote("AAPL", 0m, Open, "A", k), new Quote("MSFT", 420m, Open.AddHours(1), "A", k)], []) };
        var report = await Cycle(a).RunAsync(["AAPL", "MSFT"], default);
        Assert.Equal([QuoteRejectionReason.NonPositive, QuoteRejectionReason.FutureTime], report.Rejected.Select(r => r.Reason));
        Assert.Equal(0, report.Stored);
        Assert.Equal(243m, (await _store.GetLatestAsync("AAPL", default))!.Price);
    }

    [Fact]
    public async Task Outside_market_hours_only_end_of_day_is_fetched_and_up_to_date_closes_are_skipped()
    {
        _time.SetUtcNow(new DateTimeOffset(2025, 1, 7, 23, 0, 0, TimeSpan.Zero)); // Tue 18:00 ET
        var tuesdayClose = new DateTimeOffset(2025, 1, 7, 21, 0, 0, TimeSpan.Zero);
        await _store.SaveAsync([new Quote("AAPL", 243m, tuesdayClose, "seed", QuoteKind.EndOfDay)], default);
        var kinds = new List<QuoteKind>();
        var a = new FakeSource("A") { Answer = (s, k) => { kinds.Add(k); return new PriceSourceResult(s.Select(x => new Quote(x, 420m, tuesdayClose, "A", k)).ToList(), []); } };
        var report = await Cycle(a).RunAsync(["AAPL", "MSFT"], default);
        Assert.Equal(QuoteKind.EndOfDay, report.Kind);
        Assert.Equal([QuoteKind.EndOfDay], kinds);
        Assert.Equal(1, report.UpToDate);
        Assert.Equal(["MSFT"], a.Asked.Single());
        Assert.Equal(1, report.Stored);
    }

    [Fact]
    public async Task A_provider_that_hangs_is_cut_off_by_the_call_timeout_on_the_injected_clock_and_the_next_one_answers()
    {
        var timeout = TimeSpan.FromMinutes(1);
        var hanging = new HangingSource(whileHanging: () => _time.Advance(timeout));
        var b = new FakeSource("B").With(Recent, ("AAPL", 243.36m));
        var cycle = new PriceCycle([hanging, b], new PriceIngestion(_store, new QuoteValidator(), _time), _store, UsMarketCalendar.Instance, _time,
            new PriceCycleOptions { ProviderCallTimeout = timeout });

        // Only the fake clock can end the hang within the 30 s bound: a timer on the wall clock would wait a minute.
        var report = await cycle.RunAsync(["AAPL"], default).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(PriceSourceFailureKind.Timeout, report.Providers[0].FailureKind);
        Assert.Equal(1, report.Stored);
    }

    private sealed class HangingSource(Action whileHanging) : IPriceSource
    {
        public string Name => "Hanging";
        public async Task<PriceSourceResult> FetchAsync(IReadOnlyList<string> symbols, QuoteKind kind, CancellationToken ct)
        {
            var hang = Task.Delay(Timeout.Infinite, ct);
            whileHanging();
            await hang;
            return new PriceSourceResult([], []);
        }
    }

    [Fact]
    public async Task Sources_are_only_asked_for_symbols_they_cover()
    {
        var stocks = new CoveringSource("Stocks", s => !s.All(char.IsAsciiDigit)) { Inner = new FakeSource("Stocks").With(Recent, ("AAPL", 243.36m)) };
        var funds = new CoveringSource("Funds", s => s.All(char.IsAsciiDigit)) { Inner = new FakeSource("Funds").With(Recent, ("119551", 105.8138m)) };
        var report = await Cycle(stocks, funds).RunAsync(["AAPL", "119551", "ZZZZ"], default);

        Assert.Equal(["AAPL", "ZZZZ"], stocks.Inner.Asked.Single());
        Assert.Equal(["119551"], funds.Inner.Asked.Single());
        Assert.Equal(2, report.Stored);
        Assert.Equal(["ZZZZ"], report.Missing);
    }

    [Fact]
    public async Task A_source_covering_none_of_the_remaining_symbols_is_not_called()
    {
        var stocks = new CoveringSource("Stocks", _ => true) { Inner = new FakeSource("Stocks").With(Recent, ("AAPL", 243.36m)) };
        var funds = new CoveringSource("Funds", s => s.All(char.IsAsciiDigit)) { Inner = new FakeSource("Funds") };
        var report = await Cycle(stocks, funds).RunAsync(["AAPL", "ZZZZ"], default);
        Assert.Equal(0, funds.Inner.Calls);
        Assert.Equal(ProviderStatus.NotCovered, report.Providers[1].Status);
    }

    private sealed class CoveringSource(string name, Func<string, bool> covers) : IPriceSource, ISymbolCoverage
    {
        public required FakeSource Inner { get; init; }
        public string Name => name;
        public bool Covers(string symbol) => covers(symbol);
        public Task<PriceSourceResult> FetchAsync(IReadOnlyList<string> symbols, QuoteKind kind, CancellationToken ct) => Inner.FetchAsync(symbols, kind, ct);
    }

    [Fact]
    public async Task Quotes_for_symbols_that_were_not_asked_are_ignored()
    {
        var a = new FakeSource("A") { Answer = (s, k) => new PriceSourceResult([new Quote("AAPL", 1m, Open, "A", k), new Quote("EVIL", 1m, Open, "A", k)], []) };
        var report = await Cycle(a).RunAsync(["AAPL"], default);
        Assert.Equal(1, report.Stored);
        Assert.Null(await _store.GetLatestAsync("EVIL", default));
    }
}

public class SymbolShapesTests
{
    [Theory]
    [InlineData("119551", true)]
    [InlineData("INF846K01EW2", true)]
    [InlineData("AAPL", false)]
    [InlineData("BRK.B", false)]
    [InlineData("1234567", false)]
    [InlineData("US0378331005", false)] // Apple's ISIN is not an Indian fund
    public void Amfi_scheme_codes_and_Indian_fund_ISINs_are_recognised(string symbol, bool amfi)
        => Assert.Equal(amfi, SymbolShapes.IsAmfiScheme(symbol));
}

public class RollingWindowRateLimiterTests
{
    [Fact]
    public async Task A_slot_is_reused_only_one_window_after_its_response_came_back()
    {
        // A fake clock: the wait is measured in the limiter's own time, not the machine's (no wall-clock bound to flake).
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 7, 15, 0, 0, TimeSpan.Zero));
        using var limiter = new RollingWindowRateLimiter(2, TimeSpan.FromMilliseconds(300), time);
        var first = await limiter.AcquireAsync();
        var second = await limiter.AcquireAsync();
        Assert.True(first.IsAcquired && second.IsAcquired);
        Assert.False(limiter.AttemptAcquire().IsAcquired); // both in flight

        first.Dispose(); // response arrived: the slot stays taken for one more window
        Assert.False(limiter.AttemptAcquire().IsAcquired);

        var waiting = limiter.AcquireAsync().AsTask();
        time.Advance(TimeSpan.FromMilliseconds(299));
        Assert.False(waiting.IsCompleted); // 1 ms of the window is left
        Assert.False(limiter.AttemptAcquire().IsAcquired);
        time.Advance(TimeSpan.FromMilliseconds(1));
        using var third = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(third.IsAcquired);
        second.Dispose();
        Assert.Equal(3, limiter.TotalAcquired);
    }
}
