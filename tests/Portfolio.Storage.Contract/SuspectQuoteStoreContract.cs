using Portfolio.Application.Prices;

namespace Portfolio.Storage.Contract;

public abstract class SuspectQuoteStoreContract(IStorageFixture fixture)
{
    private readonly CancellationToken _ct = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2024, 3, 11, 14, 30, 0, TimeSpan.Zero);

    private static Quote Quote(string symbol, decimal price, DateTimeOffset asOf, string source = "Stooq") =>
        new(symbol, price, asOf, source, QuoteKind.RealTime);

    [ContractFact]
    public async Task Held_suspects_are_found_by_symbol_and_other_symbols_are_absent()
    {
        var (a, b, none) = (TestData.NewId("A"), TestData.NewId("B"), TestData.NewId("C"));
        await fixture.Suspects.HoldAsync([new(Quote(a, 160.5m, T0), "ingestion-1"), new(Quote(b, 0.000123m, T0, "Finnhub"), "ingestion-2")], _ct);

        var held = await fixture.Suspects.GetAsync([a, b, none], _ct);

        Assert.Equal(2, held.Count);
        Assert.Equal(new SuspectQuote(Quote(a, 160.5m, T0), "ingestion-1"), held[a]);
        Assert.Equal(new SuspectQuote(Quote(b, 0.000123m, T0, "Finnhub"), "ingestion-2"), held[b]);
        Assert.Empty(await fixture.Suspects.GetAsync([], _ct));
    }

    [ContractFact]
    public async Task Holding_again_replaces_the_symbols_suspect()
    {
        var symbol = TestData.NewId("A");
        await fixture.Suspects.HoldAsync([new(Quote(symbol, 160m, T0), "first")], _ct);

        await fixture.Suspects.HoldAsync([new(Quote(symbol, 40m, T0.AddMinutes(10)), "second")], _ct);

        Assert.Equal(new SuspectQuote(Quote(symbol, 40m, T0.AddMinutes(10)), "second"), (await fixture.Suspects.GetAsync([symbol], _ct))[symbol]);
    }

    [ContractFact]
    public async Task Released_suspects_are_gone_and_releasing_one_not_held_is_harmless()
    {
        var (kept, released, never) = (TestData.NewId("A"), TestData.NewId("B"), TestData.NewId("C"));
        await fixture.Suspects.HoldAsync([new(Quote(kept, 1m, T0), "x"), new(Quote(released, 2m, T0), "x")], _ct);

        await fixture.Suspects.ReleaseAsync([released, never], _ct);

        Assert.Equal([kept], (await fixture.Suspects.GetAsync([kept, released, never], _ct)).Keys);
    }

    /// <summary>
    /// A scaled-out app: the jump is held by one instance's ingestion, and the next cycle's quote, from another source,
    /// reaches another instance. Both ingest over the same stores, so the second confirms what the first held.
    /// </summary>
    [ContractFact]
    public async Task A_suspect_held_by_one_ingestion_instance_is_confirmed_by_another()
    {
        var symbol = TestData.NewId("JMP");
        var now = new DateTimeOffset(2025, 1, 7, 15, 0, 0, TimeSpan.Zero); // a fixed "now": no wall clock
        var clock = new FixedClock(now);
        await fixture.Prices.SaveAsync([Quote(symbol, 100m, now.AddMinutes(-30))], _ct);
        var first = new PriceIngestion(fixture.Prices, new QuoteValidator(), clock, fixture.Suspects);
        var second = new PriceIngestion(fixture.Prices, new QuoteValidator(), clock, fixture.Suspects);

        var held = await first.IngestAsync([Quote(symbol, 160m, now.AddMinutes(-20))], _ct);       // +60 %: a suspect jump
        var confirming = await second.IngestAsync([Quote(symbol, 161m, now.AddMinutes(-10), "Finnhub")], _ct); // within 2 % of 160

        Assert.Equal(160m, Assert.Single(held.SuspectHeld).Price);
        Assert.Empty(held.Stored);
        Assert.Equal(160m, Assert.Single(confirming.SuspectConfirmed).Price);
        Assert.Equal([160m, 161m], confirming.Stored.Select(q => q.Price));
        Assert.Equal(161m, (await fixture.Prices.GetLatestAsync(symbol, _ct))!.Price);
        Assert.Empty(await fixture.Suspects.GetAsync([symbol], _ct));  // released once confirmed
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
