using Portfolio.Application.Alerts;
using Portfolio.Domain.Rebalancing;

namespace Portfolio.Storage.Contract;

/// <summary>A drift alert is its own outbox: opening writes drift.opened, resolving adds drift.resolved, each in the same write.</summary>
public abstract class DriftAlertOutboxContract(IStorageFixture fixture)
{
    private readonly CancellationToken _ct = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2024, 6, 3, 14, 0, 0, TimeSpan.Zero);

    private static DriftAlert Alert(string accountId, string symbol, string? owner) =>
        new(accountId, symbol, T0, 67.5m, 60m, 7.5m, TradeAction.Sell, 3m, OwnerId: owner);

    private async Task<DriftAlert?> OutboxOf(string accountId, string symbol) =>
        (await fixture.Alerts.ListWithOutboxAsync(1_000_000, _ct)).SingleOrDefault(a => a.AccountId == accountId && a.Symbol == symbol);

    [ContractFact]
    public async Task Opening_writes_an_opened_event_and_resolving_adds_a_resolved_one_under_the_owner()
    {
        var account = TestData.NewId("acc");
        await fixture.Alerts.ApplyAsync([Alert(account, "VTI", "owner-7")], [], T0, _ct);

        var opened = await OutboxOf(account, "VTI");
        Assert.NotNull(opened);
        Assert.Equal(("owner-7", 67.5m), (opened.OwnerId, opened.CurrentPercent));
        Assert.Equal([DriftAlertEvents.Opened], opened.Outbox);

        await fixture.Alerts.ApplyAsync([], [(account, "VTI")], T0.AddHours(2), _ct);
        var both = await OutboxOf(account, "VTI");
        Assert.NotNull(both);
        Assert.Equal([DriftAlertEvents.Opened, DriftAlertEvents.Resolved], both.Outbox);
        Assert.Equal(T0.AddHours(2), both.ResolvedAt);

        // A clear under the outbox as it was before the resolve is refused: the resolved event is not lost.
        Assert.False(await fixture.Alerts.TryClearOutboxAsync(opened with { ResolvedAt = both.ResolvedAt }, _ct));
        Assert.True(await fixture.Alerts.TryClearOutboxAsync(both, _ct));
        Assert.Null(await OutboxOf(account, "VTI"));
        Assert.Equal(T0.AddHours(2), (await fixture.Alerts.ListAsync(account, includeResolved: true, _ct)).Single().ResolvedAt);
    }

    [ContractFact]
    public async Task Clearing_many_outboxes_clears_the_unchanged_ones_and_keeps_an_event_added_since_the_listing()
    {
        var account = TestData.NewId("acc");
        await fixture.Alerts.ApplyAsync([Alert(account, "VTI", "owner-7"), Alert(account, "BND", "owner-7"), Alert(account, "GLD", "owner-7")], [], T0, _ct);
        var listed = (await fixture.Alerts.ListWithOutboxAsync(1_000_000, _ct)).Where(a => a.AccountId == account).ToList();
        Assert.Equal(3, listed.Count);
        await fixture.Alerts.ApplyAsync([], [(account, "BND")], T0.AddHours(1), _ct); // resolved after the relay listed it

        Assert.Equal(2, await fixture.Alerts.TryClearOutboxesAsync(listed, _ct));
        Assert.Equal(0, await fixture.Alerts.TryClearOutboxesAsync([], _ct));

        Assert.Null(await OutboxOf(account, "VTI"));
        Assert.Null(await OutboxOf(account, "GLD"));
        Assert.Equal([DriftAlertEvents.Opened, DriftAlertEvents.Resolved], (await OutboxOf(account, "BND"))!.Outbox);
    }

    [ContractFact]
    public async Task A_resolve_after_the_opened_event_was_relayed_holds_only_the_resolved_event()
    {
        var account = TestData.NewId("acc");
        await fixture.Alerts.ApplyAsync([Alert(account, "BND", "owner-8")], [], T0, _ct);
        Assert.True(await fixture.Alerts.TryClearOutboxAsync((await OutboxOf(account, "BND"))!, _ct));

        await fixture.Alerts.ApplyAsync([], [(account, "BND")], T0.AddHours(1), _ct);
        Assert.Equal([DriftAlertEvents.Resolved], (await OutboxOf(account, "BND"))!.Outbox);
    }

    [ContractFact]
    public async Task Concurrent_opens_of_one_symbol_write_one_opened_event()
    {
        var account = TestData.NewId("acc");
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => fixture.Alerts.ApplyAsync([Alert(account, "GLD", "owner-9")], [], T0, _ct))));

        Assert.Equal(1, results.Sum(r => r.Opened));
        Assert.Equal([DriftAlertEvents.Opened], (await OutboxOf(account, "GLD"))!.Outbox);
    }

    [ContractFact]
    public async Task An_alert_without_an_owner_writes_no_event()
    {
        var account = TestData.NewId("acc");
        await fixture.Alerts.ApplyAsync([Alert(account, "VTI", owner: null)], [], T0, _ct);
        await fixture.Alerts.ApplyAsync([], [(account, "VTI")], T0.AddHours(1), _ct);
        Assert.Null(await OutboxOf(account, "VTI"));
    }
}
