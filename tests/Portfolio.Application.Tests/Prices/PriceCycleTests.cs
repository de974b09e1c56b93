using Portfolio.Application.Ports;
using Portfolio.Application.Prices;

namespace Portfolio.Application.Tests.Prices;

/// <summary>
/// One price cycle over providers in priority order, into the harness's SQLite price store: the next provider is asked
/// only for what the earlier ones did not answer, a provider failing three cycles in a row is skipped for five minutes, a
/// jump of more than half is held until another provider confirms it, and outside the session symbols already closed are
/// not fetched again. The providers are scripted fakes (the real ones are HTTP adapters in Portfolio.Pricing).
/// </summary>
public class PriceCycleTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>A provider answering from a price list, or failing, and recording what it was asked.</summary>
    private sealed class ScriptedSource(string name, TimeProvider clock) : IPriceSource
    {
        public Dictionary<string, decimal> Prices { get; } = new(StringComparer.Ordinal);
        public Exception? Throws { get; set; }
        public string? Fails { get; set; }
        /// <summary>How long before the clock's now its quotes are dated.</summary>
        public TimeSpan Age { get; init; } = TimeSpan.FromSeconds(1);
        public List<string[]> Asked { get; } = [];
        public string Name => name;

        public Task<PriceSourceResult> FetchAsync(IReadOnlyList<string> symbols, QuoteKind kind, CancellationToken ct)
        {
            Asked.Add([.. symbols]);
            if (Throws is not null) throw Throws;
            if (Fails is not null) return Task.FromResult(PriceSourceResult.Fail(PriceSourceFailureKind.RateLimited, Fails));
            var quotes = symbols.Where(Prices.ContainsKey).Select(s => new Quote(s, Prices[s], clock.GetUtcNow() - Age, name, kind)).ToList();
            return Task.FromResult(new PriceSourceResult(quotes, symbols.Where(s => !Prices.ContainsKey(s)).ToList()));
        }
    }

    /// <summary>A provider that prices only numeric symbols (as AMFI prices only scheme codes).</summary>
    private sealed class NumericOnlySource(TimeProvider clock) : IPriceSource, ISymbolCoverage
    {
        public int Calls;
        public string Name => "numeric";
        public bool Covers(string symbol) => symbol.All(char.IsDigit);

        public Task<PriceSourceResult> FetchAsync(IReadOnlyList<string> symbols, QuoteKind kind, CancellationToken ct)
        {
            Calls++;
            return Task.FromResult(new PriceSourceResult(symbols.Select(s => new Quote(s, 10m, clock.GetUtcNow().AddSeconds(-1), Name, kind)).ToList(), []));
        }
    }

    private static PriceCycle Cycle(Harness app, params IPriceSource[] sources) =>
        new(sources, app.Get<PriceIngestion>(), app.Get<IPriceStore>(), UsMarketCalendar.Instance, app.Clock);

    private static async Task<decimal?> LatestAsync(Harness app, string symbol) =>
        (await app.Get<IPriceStore>().GetLatestAsync([symbol], Ct)).GetValueOrDefault(symbol)?.Price;

    [Fact]
    public async Task The_next_provider_is_asked_only_for_the_symbols_the_first_did_not_price()
    {
        await using var app = new Harness();
        var first = new ScriptedSource("first", app.Clock) { Prices = { ["AAPL"] = 190m } };
        var second = new ScriptedSource("second", app.Clock) { Prices = { ["AAPL"] = 999m, ["MSFT"] = 420m } };

        // Blank and repeated symbols, in any case, are one request per symbol.
        var report = await Cycle(app, first, second).RunAsync([" aapl", "AAPL", "msft", "", "NOPE"], Ct);

        Assert.Equal(QuoteKind.RealTime, report.Kind); // Monday 14:00 in New York: the session is open
        Assert.Equal(3, report.Requested);
        Assert.Equal(["AAPL", "MSFT", "NOPE"], first.Asked.Single());
        Assert.Equal(["MSFT", "NOPE"], second.Asked.Single());
        Assert.Equal(["NOPE"], report.Missing);
        Assert.Equal(2, report.Stored);
        Assert.Equal([("first", ProviderStatus.Ok, 3, 1, 2), ("second", ProviderStatus.Ok, 2, 1, 1)],
            report.Providers.Select(p => (p.Provider, p.Status, p.Asked, p.Found, p.Missing)));
        Assert.Equal((190m, 420m), ((await LatestAsync(app, "AAPL"))!.Value, (await LatestAsync(app, "MSFT"))!.Value));
    }

    [Fact]
    public async Task A_provider_failing_three_cycles_in_a_row_is_skipped_for_five_minutes_then_asked_again()
    {
        await using var app = new Harness();
        var flaky = new ScriptedSource("flaky", app.Clock) { Fails = "rate limited" };
        var backup = new ScriptedSource("backup", app.Clock) { Prices = { ["AAPL"] = 190m } };
        var cycle = Cycle(app, flaky, backup);

        for (var i = 0; i < 3; i++)
        {
            var failed = await cycle.RunAsync(["AAPL"], Ct);
            Assert.Equal((ProviderStatus.Failed, "rate limited", PriceSourceFailureKind.RateLimited),
                (failed.Providers[0].Status, failed.Providers[0].Failure, failed.Providers[0].FailureKind));
            Assert.Equal(1, failed.Stored); // the backup answered
        }
        Assert.True(cycle.IsProviderSkipped("flaky", app.Clock.GetUtcNow()));

        app.Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        var skipped = await cycle.RunAsync(["AAPL"], Ct);
        Assert.Equal((ProviderStatus.SkippedCircuitOpen, PriceSourceFailureKind.CircuitOpen), (skipped.Providers[0].Status, skipped.Providers[0].FailureKind));
        Assert.Equal(3, flaky.Asked.Count); // not called while skipped

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        flaky.Fails = null;
        flaky.Prices["AAPL"] = 191m;
        var back = await cycle.RunAsync(["AAPL"], Ct);
        Assert.Equal(ProviderStatus.Ok, back.Providers.Single().Status);
        Assert.Equal(4, flaky.Asked.Count);
        // A success resets the count: one more failure does not skip it again.
        flaky.Fails = "rate limited";
        await cycle.RunAsync(["AAPL"], Ct);
        Assert.False(cycle.IsProviderSkipped("flaky", app.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task A_provider_that_throws_is_a_failed_call_and_the_next_provider_answers()
    {
        await using var app = new Harness();
        var broken = new ScriptedSource("broken", app.Clock) { Throws = new InvalidOperationException("socket closed") };
        var backup = new ScriptedSource("backup", app.Clock) { Prices = { ["AAPL"] = 190m } };

        var report = await Cycle(app, broken, backup).RunAsync(["AAPL"], Ct);

        Assert.Equal((ProviderStatus.Failed, "InvalidOperationException: socket closed", PriceSourceFailureKind.Transport),
            (report.Providers[0].Status, report.Providers[0].Failure, report.Providers[0].FailureKind));
        Assert.Equal(190m, await LatestAsync(app, "AAPL"));
    }

    [Fact]
    public async Task A_provider_is_not_called_for_symbols_it_does_not_cover()
    {
        await using var app = new Harness();
        var numeric = new NumericOnlySource(app.Clock);
        var tickers = new ScriptedSource("tickers", app.Clock) { Prices = { ["AAPL"] = 190m } };

        var report = await Cycle(app, numeric, tickers).RunAsync(["AAPL"], Ct);

        Assert.Equal(0, numeric.Calls);
        Assert.Equal((ProviderStatus.NotCovered, 0), (report.Providers[0].Status, report.Providers[0].Asked));
        Assert.Equal(190m, await LatestAsync(app, "AAPL"));
    }

    [Fact]
    public async Task A_jump_of_more_than_half_is_stored_only_when_the_next_provider_confirms_it_within_two_percent()
    {
        await using var app = new Harness();
        await app.Get<IPriceStore>().SaveAsync([new Quote("AAPL", 100m, app.Clock.GetUtcNow().AddMinutes(-5), "earlier", QuoteKind.RealTime),
            new Quote("MSFT", 100m, app.Clock.GetUtcNow().AddMinutes(-5), "earlier", QuoteKind.RealTime)], Ct);
        var first = new ScriptedSource("first", app.Clock) { Prices = { ["AAPL"] = 200m, ["MSFT"] = 200m } };
        // 203 is within 2 % of 200 (1.5 %): it confirms AAPL; 205 is 2.5 % off: it does not confirm MSFT.
        var second = new ScriptedSource("second", app.Clock) { Prices = { ["AAPL"] = 203m, ["MSFT"] = 205m }, Age = TimeSpan.Zero };

        var report = await Cycle(app, first, second).RunAsync(["AAPL", "MSFT"], Ct);

        var confirmation = Assert.Single(report.Providers, p => p.ConfirmationCall);
        Assert.Equal("second", confirmation.Provider);
        Assert.Equal(["AAPL", "MSFT"], second.Asked.Single().Order(StringComparer.Ordinal));
        Assert.Equal(["AAPL"], report.SuspectConfirmed.Select(q => q.Symbol));
        Assert.Equal(["MSFT"], report.SuspectHeld.Select(q => q.Symbol));
        Assert.Equal(203m, await LatestAsync(app, "AAPL")); // both stored; the confirming quote, a second newer, is the latest
        Assert.Equal(100m, await LatestAsync(app, "MSFT")); // held, not stored
    }

    [Fact]
    public async Task Outside_the_session_symbols_already_priced_at_the_last_close_are_not_fetched_again()
    {
        await using var app = new Harness();
        app.Clock.SetUtcNow(new DateTimeOffset(2024, 6, 3, 22, 0, 0, TimeSpan.Zero)); // Monday 18:00 in New York, after the 16:00 close
        var close = new DateTimeOffset(2024, 6, 3, 20, 0, 0, TimeSpan.Zero);
        await app.Get<IPriceStore>().SaveAsync([new Quote("AAPL", 190m, close, "earlier", QuoteKind.EndOfDay),
            new Quote("MSFT", 420m, close.AddMinutes(-1), "earlier", QuoteKind.EndOfDay)], Ct);
        var source = new ScriptedSource("eod", app.Clock) { Prices = { ["AAPL"] = 191m, ["MSFT"] = 421m } };

        var report = await Cycle(app, source).RunAsync(["AAPL", "MSFT"], Ct);

        Assert.Equal(QuoteKind.EndOfDay, report.Kind);
        Assert.Equal(1, report.UpToDate); // AAPL's quote is at the close; MSFT's a minute before it
        Assert.Equal(["MSFT"], source.Asked.Single());
        Assert.Equal(190m, await LatestAsync(app, "AAPL"));
        Assert.Equal(421m, await LatestAsync(app, "MSFT"));
    }
}
