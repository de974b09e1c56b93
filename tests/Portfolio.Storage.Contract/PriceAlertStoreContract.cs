using Portfolio.Application.Common;
using Portfolio.Application.PriceAlerts;
using Portfolio.Application.Prices;

namespace Portfolio.Storage.Contract;

public abstract class PriceAlertStoreContract(IStorageFixture fixture)
{
    private readonly CancellationToken _ct = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2024, 6, 3, 14, 0, 0, TimeSpan.Zero);

    private static string Json(PriceAlert alert) => StorageJson.Serialize(alert with { ConcurrencyToken = null });

    private static PriceAlert NewAlert(string user, string symbol) =>
        new(TestData.NewId("pa"), user, symbol, PriceAlertDirection.Below, 95.123456m, T0, MovePercent: -4.5m, ReferencePrice: 99.605713m,
            IdempotencyKey: "key-1", RequestHash: "hash-1");

    [ContractFact]
    public async Task Created_alert_reads_back_field_by_field_and_a_second_create_of_its_id_changes_nothing()
    {
        var user = TestData.NewId("user");
        var alert = NewAlert(user, "AAPL");

        Assert.True(await fixture.PriceAlerts.TryCreateAsync(alert, _ct));
        Assert.False(await fixture.PriceAlerts.TryCreateAsync(alert with { Threshold = 1 }, _ct));

        var read = (await fixture.PriceAlerts.GetAsync(user, alert.Id, _ct))!;
        Assert.Equal(Json(alert), Json(read));
        Assert.Equal(95.123456m, read.Threshold);
        Assert.Null(await fixture.PriceAlerts.GetAsync(TestData.NewId("user"), alert.Id, _ct));
        Assert.Equal([alert.Id], (await fixture.PriceAlerts.ListByUserAsync(user, _ct)).Select(a => a.Id));
    }

    [ContractFact]
    public async Task A_firing_with_its_outbox_event_reads_back_a_stale_token_is_refused_and_a_deleted_alert_is_no_longer_active()
    {
        var user = TestData.NewId("user");
        var symbol = "P" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var alert = NewAlert(user, symbol);
        await fixture.PriceAlerts.TryCreateAsync(alert, _ct);
        var armed = (await fixture.PriceAlerts.GetAsync(user, alert.Id, _ct))!;

        var fired = armed.Apply(new Quote(symbol, 95.12m, T0.AddMinutes(1), "feed", QuoteKind.RealTime))!;
        Assert.True(await fixture.PriceAlerts.TryReplaceAsync(fired, _ct));
        Assert.False(await fixture.PriceAlerts.TryReplaceAsync(armed with { DeletedAt = T0 }, _ct));

        var current = (await fixture.PriceAlerts.GetAsync(user, alert.Id, _ct))!;
        Assert.Equal((PriceAlertState.Fired, 1, 95.12m), (current.State, current.Firings, current.LastPrice));
        Assert.Contains(await fixture.PriceAlerts.ListWithOutboxAsync(100_000, _ct), a => a.Id == alert.Id);
        Assert.Equal([alert.Id], (await fixture.PriceAlerts.ListActiveAsync([symbol], _ct)).Select(a => a.Id));

        Assert.True(await fixture.PriceAlerts.TryReplaceAsync(current with { Outbox = [], DeletedAt = T0.AddMinutes(2) }, _ct));
        Assert.DoesNotContain(await fixture.PriceAlerts.ListWithOutboxAsync(100_000, _ct), a => a.Id == alert.Id);
        Assert.Empty(await fixture.PriceAlerts.ListActiveAsync([symbol], _ct));
        Assert.Empty(await fixture.PriceAlerts.ListByUserAsync(user, _ct));
        Assert.NotNull(await fixture.PriceAlerts.GetAsync(user, alert.Id, _ct));
    }

    [ContractFact]
    public async Task Two_concurrent_replaces_of_one_version_let_exactly_one_through()
    {
        var user = TestData.NewId("user");
        var alert = NewAlert(user, "MSFT");
        await fixture.PriceAlerts.TryCreateAsync(alert, _ct);
        var read = (await fixture.PriceAlerts.GetAsync(user, alert.Id, _ct))!;

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            Task.Run(() => fixture.PriceAlerts.TryReplaceAsync(read with { LastPrice = 100 + i }, _ct))));
        Assert.Equal(1, results.Count(r => r));
    }
}
