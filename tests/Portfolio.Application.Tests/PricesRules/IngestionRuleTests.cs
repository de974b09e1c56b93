using Portfolio.Application.Ports;
using Portfolio.Application.Prices;

namespace Portfolio.Application.Tests.PricesRules;

/// <summary>
/// How one ingestion orders what it stores and which price it measures the next quote of the same push against: after a
/// confirmation the newer of the held and the confirming quote, after an ordinary quote that quote unless it is older than
/// the reference. Held suspects are shared by every instance using the same suspect store, and only a push that stored
/// something is told to the observer. Jumps are more than 50 %, confirmations within 2 % (the defaults).
/// </summary>
public class IngestionRuleTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static Quote Q(Harness app, decimal price, int secondsAgo, string source = "a", string symbol = "AAPL") =>
        new(symbol, price, app.Clock.GetUtcNow().AddSeconds(-secondsAgo), source, QuoteKind.RealTime);

    private static async Task<Harness> StoredAsync(decimal price, int secondsAgo, string source = "earlier")
    {
        var app = new Harness();
        await app.Get<IPriceStore>().SaveAsync([Q(app, price, secondsAgo, source)], Ct);
        return app;
    }

    private static async Task<decimal> LatestAsync(Harness app) => (await app.Get<IPriceStore>().GetLatestAsync("AAPL", Ct))!.Price;

    private static decimal[] Prices(IEnumerable<Quote> quotes) => quotes.Select(q => q.Price).ToArray();

    [Fact]
    public async Task A_suspect_held_by_one_instance_is_confirmed_by_another_sharing_the_suspect_store()
    {
        await using var app = await StoredAsync(100m, 60);
        PriceIngestion Instance() => new(app.Get<IPriceStore>(), new QuoteValidator(), app.Clock, app.Get<ISuspectQuoteStore>());

        var held = await Instance().IngestAsync([Q(app, 200m, 30)], Ct);
        var confirmed = await Instance().IngestAsync([Q(app, 197m, 10)], Ct); // 1.5 % below 200

        Assert.Equal([200m], Prices(held.SuspectHeld));
        Assert.Equal([200m], Prices(confirmed.SuspectConfirmed));
        Assert.Equal([200m, 197m], Prices(confirmed.Stored));
        Assert.Equal(197m, await LatestAsync(app));
    }

    [Fact]
    public async Task A_confirming_quote_older_than_the_held_one_is_stored_first_and_the_held_one_stays_latest()
    {
        await using var app = await StoredAsync(100m, 60);
        var ingestion = app.Get<PriceIngestion>();
        await ingestion.IngestAsync([Q(app, 200m, 20)], Ct);

        var confirmed = await ingestion.IngestAsync([Q(app, 198m, 40, "b")], Ct);

        Assert.Equal([198m, 200m], Prices(confirmed.Stored));
        Assert.Equal(200m, await LatestAsync(app));
    }

    [Fact]
    public async Task At_the_same_instant_the_held_quote_is_stored_before_the_confirming_one()
    {
        await using var app = await StoredAsync(100m, 60);
        var ingestion = app.Get<PriceIngestion>();
        await ingestion.IngestAsync([Q(app, 200m, 20, "a")], Ct);

        var confirmed = await ingestion.IngestAsync([Q(app, 199m, 20, "b")], Ct);

        Assert.Equal([200m, 199m], Prices(confirmed.Stored));
    }

    // 297 is 48.5 % above 200 (no jump) and 51.5 % above 196 (a jump): which of the two a push's next quote is measured
    // against decides whether it is stored or held.
    [Theory]
    [InlineData(30, 20, false)] // the confirming 196 is newer than the held 200: 297 is measured against 196
    [InlineData(20, 30, true)]  // the held 200 is newer: against 200
    [InlineData(20, 20, false)] // the same instant: against the confirming 196
    public async Task After_a_confirmation_the_next_quote_of_the_push_is_measured_against_the_newer_of_the_two(int heldAgo, int confirmingAgo, bool againstHeld)
    {
        await using var app = await StoredAsync(100m, 60);
        var ingestion = app.Get<PriceIngestion>();
        await ingestion.IngestAsync([Q(app, 200m, heldAgo, "a")], Ct);

        var push = await ingestion.IngestAsync([Q(app, 196m, confirmingAgo, "b"), Q(app, 297m, 5, "b")], Ct);

        Assert.Equal([200m], Prices(push.SuspectConfirmed)); // 196 is exactly 2 % below 200
        Assert.Equal(againstHeld ? [] : new[] { 297m }, Prices(push.SuspectHeld));
    }

    // 205 is 46.4 % above 140 (no jump) and 105 % above 100 (a jump).
    [Theory]
    [InlineData(60, 20, false)]  // 140 is newer than the stored 100: 205 is measured against 140
    [InlineData(20, 20, false)]  // 140 is as new as the stored 100 (another source): against 140
    [InlineData(60, 100, true)]  // 140 is older than the stored 100: it is history, 205 is measured against 100
    public async Task An_ordinary_quote_is_the_reference_for_the_next_quote_of_the_push_unless_it_is_older(int storedAgo, int ordinaryAgo, bool against100)
    {
        await using var app = await StoredAsync(100m, storedAgo, "x");
        var ingestion = app.Get<PriceIngestion>();

        var push = await ingestion.IngestAsync([Q(app, 140m, ordinaryAgo, "y"), Q(app, 205m, 5, "y")], Ct);

        Assert.Equal(against100 ? new[] { 140m } : new[] { 140m, 205m }, Prices(push.Stored));
        Assert.Equal(against100 ? new[] { 205m } : [], Prices(push.SuspectHeld));
    }

    private sealed class RecordingObserver : IQuoteObserver
    {
        public List<string[]> Told { get; } = [];

        public Task OnStoredAsync(IReadOnlyList<Quote> stored, CancellationToken ct)
        {
            Told.Add(stored.Select(q => $"{q.Symbol} {q.Price}").ToArray());
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task The_observer_is_told_only_of_pushes_that_stored_something_and_only_what_they_stored()
    {
        await using var app = await StoredAsync(100m, 60);
        var observer = new RecordingObserver();
        var ingestion = new PriceIngestion(app.Get<IPriceStore>(), new QuoteValidator(), app.Clock, new InMemorySuspectQuoteStore(), observer);

        await ingestion.IngestAsync([Q(app, 200m, 30)], Ct);                       // a jump: held, nothing stored
        await ingestion.IngestAsync([Q(app, -1m, 30)], Ct);                        // rejected
        await ingestion.IngestAsync([Q(app, 101m, 20), Q(app, -1m, 10, "b")], Ct); // one stored, one rejected

        Assert.Equal(new[] { new[] { "AAPL 101" } }, observer.Told);
    }

    [Fact]
    public async Task A_missing_entry_in_a_list_of_quotes_is_skipped_and_the_rest_is_stored()
    {
        await using var app = new Harness();

        var result = await app.Get<PriceIngestion>().IngestAsync([null!, Q(app, 190m, 10)], Ct);

        Assert.Equal([190m], Prices(result.Stored));
        Assert.Empty(result.Rejected);
    }

    [Fact]
    public async Task A_null_list_is_refused_as_an_argument()
    {
        await using var app = new Harness();

        var refused = await Assert.ThrowsAsync<ArgumentNullException>(() => app.Get<PriceIngestion>().IngestAsync(null!, Ct));
        Assert.Equal("quotes", refused.ParamName);
    }
}
