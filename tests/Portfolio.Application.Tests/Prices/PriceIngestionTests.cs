using Portfolio.Application.Ports;
using Portfolio.Application.Prices;

namespace Portfolio.Application.Tests.Prices;

/// <summary>
/// Every quote pushed or fetched passes <see cref="PriceIngestion"/>: an invalid one is rejected saying why; a move of
/// more than half from the stored price is held until a different source in the same push, or any source later,
/// confirms it within 2 %; an ordinary price drops a held suspect. Suspects held in this process's memory
/// (<see cref="InMemorySuspectQuoteStore"/>, the store of a single process without one), prices in the harness's SQLite.
/// </summary>
public class PriceIngestionTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static PriceIngestion Ingestion(Harness app) =>
        new(app.Get<IPriceStore>(), new QuoteValidator(), app.Clock, new InMemorySuspectQuoteStore());

    private static Quote At(Harness app, string symbol, decimal price, string source = "a", int secondsAgo = 10) =>
        new(symbol, price, app.Clock.GetUtcNow().AddSeconds(-secondsAgo), source, QuoteKind.RealTime);

    private static async Task<decimal?> LatestAsync(Harness app, string symbol) =>
        (await app.Get<IPriceStore>().GetLatestAsync([symbol], Ct)).GetValueOrDefault(symbol)?.Price;

    [Fact]
    public async Task An_invalid_quote_is_rejected_saying_why_and_a_valid_one_is_stored_trimmed_and_rounded_to_six_places()
    {
        await using var app = new Harness();
        var now = app.Clock.GetUtcNow();

        var result = await Ingestion(app).IngestAsync(
        [
            new Quote(" ", 10m, now, "a", QuoteKind.RealTime),
            new Quote("AAPL", 10m, now, "", QuoteKind.RealTime),
            new Quote("AAPL", 0.0000004m, now, "a", QuoteKind.RealTime),
            new Quote("AAPL", 10_000_000.01m, now, "a", QuoteKind.RealTime),
            new Quote("AAPL", 10m, now.AddSeconds(3), "a", QuoteKind.RealTime),
            new Quote("AAPL", 10m, now.AddDays(-3651), "a", QuoteKind.RealTime),
            new Quote(" MSFT ", 1.2345675m, now.AddSeconds(2), "a", QuoteKind.RealTime),
        ], Ct);

        Assert.Equal(
            [QuoteRejectionReason.MissingSymbol, QuoteRejectionReason.MissingSource, QuoteRejectionReason.NonPositive,
             QuoteRejectionReason.TooLarge, QuoteRejectionReason.FutureTime, QuoteRejectionReason.TooOld],
            result.Rejected.Select(r => r.Reason));
        Assert.Equal("price 0.0000004 is not positive at 6 decimals", result.Rejected[2].Detail);
        Assert.Equal("price 10000000.01 exceeds 10000000", result.Rejected[3].Detail);
        // Two seconds ahead of the clock is tolerated; a midpoint rounds away from zero.
        var stored = Assert.Single(result.Stored);
        Assert.Equal(("MSFT", 1.234568m), (stored.Symbol, stored.Price));
        Assert.Equal((1, 6, 0), (result.StoredCount, result.RejectedCount, result.SuspectHeldCount));
        Assert.Equal(1.234568m, await LatestAsync(app, "MSFT"));
    }

    [Fact]
    public async Task A_jump_is_held_and_a_later_push_from_any_source_confirms_it_storing_both()
    {
        await using var app = new Harness();
        var ingestion = Ingestion(app);
        await ingestion.IngestAsync([At(app, "AAPL", 100m, secondsAgo: 60)], Ct);

        var jump = await ingestion.IngestAsync([At(app, "AAPL", 200m, secondsAgo: 30)], Ct);
        Assert.Equal([200m], jump.SuspectHeld.Select(q => q.Price));
        Assert.Empty(jump.Stored);
        Assert.Equal(100m, await LatestAsync(app, "AAPL"));
        Assert.Equal(200m, (await ingestion.HeldSuspectsAsync(["aapl"], Ct))["AAPL"].Price);

        // 196 is 2 % below 200: it confirms, and the held quote goes in first, then the confirming one.
        var confirm = await ingestion.IngestAsync([At(app, "AAPL", 196m, secondsAgo: 10)], Ct);
        Assert.Equal([200m], confirm.SuspectConfirmed.Select(q => q.Price));
        Assert.Equal([200m, 196m], confirm.Stored.Select(q => q.Price));
        Assert.Equal(196m, await LatestAsync(app, "AAPL"));
        Assert.Empty(await ingestion.HeldSuspectsAsync(["AAPL"], Ct));
    }

    [Fact]
    public async Task In_one_push_a_jump_is_confirmed_by_another_source_but_not_by_its_own()
    {
        await using var app = new Harness();
        var ingestion = Ingestion(app);
        await ingestion.IngestAsync([At(app, "AAPL", 100m, secondsAgo: 60), At(app, "MSFT", 100m, secondsAgo: 60)], Ct);

        var result = await ingestion.IngestAsync(
        [
            At(app, "AAPL", 200m, "a", secondsAgo: 20), At(app, "AAPL", 201m, "a", secondsAgo: 10), // the same source twice
            At(app, "MSFT", 200m, "a", secondsAgo: 20), At(app, "MSFT", 201m, "b", secondsAgo: 10), // a second source
        ], Ct);

        Assert.Equal([("AAPL", 201m)], result.SuspectHeld.Select(q => (q.Symbol, q.Price))); // the newer of its own two
        Assert.Equal([("MSFT", 200m)], result.SuspectConfirmed.Select(q => (q.Symbol, q.Price)));
        Assert.Equal((100m, 201m), ((await LatestAsync(app, "AAPL"))!.Value, (await LatestAsync(app, "MSFT"))!.Value));
    }

    [Fact]
    public async Task An_ordinary_price_drops_a_held_suspect_so_the_jump_must_be_seen_twice_again()
    {
        await using var app = new Harness();
        var ingestion = Ingestion(app);
        await ingestion.IngestAsync([At(app, "AAPL", 100m, secondsAgo: 60)], Ct);
        await ingestion.IngestAsync([At(app, "AAPL", 200m, secondsAgo: 50)], Ct);

        var ordinary = await ingestion.IngestAsync([At(app, "AAPL", 101m, secondsAgo: 40)], Ct);
        var again = await ingestion.IngestAsync([At(app, "AAPL", 201m, secondsAgo: 30)], Ct);

        Assert.Equal([101m], ordinary.Stored.Select(q => q.Price));
        Assert.Empty(again.SuspectConfirmed);
        Assert.Equal([201m], again.SuspectHeld.Select(q => q.Price));
        Assert.Equal(101m, await LatestAsync(app, "AAPL"));
    }
}
