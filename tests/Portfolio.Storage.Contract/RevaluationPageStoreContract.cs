using Portfolio.Application.Alerts;
using Portfolio.Application.Snapshots;
using Portfolio.Domain.Rebalancing;

namespace Portfolio.Storage.Contract;

public abstract class RevaluationPageStoreContract(IStorageFixture fixture)
{
    private readonly CancellationToken _ct = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2024, 6, 3, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Day = new(2024, 6, 3);

    private static DriftAlert Alert(string accountId, string symbol, DateTimeOffset openedAt, string? owner = null) =>
        new(accountId, symbol, openedAt, 67.123456m, 60m, 7.123456m, TradeAction.Sell, 3.5m, OwnerId: owner);

    private static DailySnapshot Snapshot(string accountId, decimal value) => new(accountId, Day, value, 900.5m, 12.25m, T0.AddHours(1));

    [ContractFact]
    public async Task A_page_saves_its_snapshots_and_opens_and_resolves_its_alerts_as_the_two_stores_do()
    {
        var (first, second) = (TestData.NewId("acc"), TestData.NewId("acc"));
        await fixture.Snapshots.SaveAsync(Snapshot(first, 1m), _ct);
        await fixture.Alerts.TryOpenAsync(Alert(first, "VTI", T0), _ct);
        await fixture.Alerts.TryOpenAsync(Alert(first, "BND", T0), _ct);

        // VTI is open already and BND is open to resolve; XYZ is not open: 2 opened (GLD, the second account's VTI), 1 resolved.
        var changes = await fixture.RevaluationPages.WriteAsync(
            [Snapshot(first, 2m), Snapshot(second, 3m)],
            [Alert(first, "VTI", T0.AddHours(1)), Alert(first, "GLD", T0.AddHours(1)), Alert(second, "VTI", T0.AddHours(1), owner: "owner_p")],
            [(first, "BND"), (first, "XYZ")], T0.AddHours(1), _ct);

        Assert.Equal((2, 1), changes);
        Assert.Equal([Snapshot(first, 2m)], await fixture.Snapshots.ListAsync(first, Day, Day, _ct));
        Assert.Equal([Snapshot(second, 3m)], await fixture.Snapshots.ListAsync(second, Day, Day, _ct));
        var firstAlerts = await fixture.Alerts.ListAsync(first, includeResolved: true, _ct);
        Assert.Equal([Alert(first, "GLD", T0.AddHours(1)), Alert(first, "VTI", T0), Alert(first, "BND", T0) with { ResolvedAt = T0.AddHours(1) }],
            firstAlerts.OrderByDescending(a => a.OpenedAt).ThenBy(a => a.ResolvedAt is null ? 0 : 1).ThenBy(a => a.Symbol, StringComparer.Ordinal));
        Assert.Equal([Alert(second, "VTI", T0.AddHours(1))], await fixture.Alerts.ListAsync(second, includeResolved: true, _ct));
        // The opened alert with an owner carries its notification, as one opened through the alert store does.
        var relayed = (await fixture.Alerts.ListWithOutboxAsync(10_000, _ct)).Single(a => a.AccountId == second);
        Assert.Equal("owner_p", relayed.OwnerId);
        Assert.Equal([DriftAlertEvents.Opened], relayed.Outbox!);
    }

    [ContractFact]
    public async Task A_page_written_again_opens_and_resolves_nothing_more_and_keeps_its_snapshots()
    {
        var account = TestData.NewId("acc");
        await fixture.Alerts.TryOpenAsync(Alert(account, "BND", T0), _ct);
        IReadOnlyList<DailySnapshot> snapshots = [Snapshot(account, 5m)];
        IReadOnlyList<DriftAlert> toOpen = [Alert(account, "VTI", T0)];
        IReadOnlyList<(string, string)> toResolve = [(account, "BND")];

        Assert.Equal((1, 1), await fixture.RevaluationPages.WriteAsync(snapshots, toOpen, toResolve, T0.AddHours(1), _ct));
        Assert.Equal((0, 0), await fixture.RevaluationPages.WriteAsync(snapshots, toOpen, toResolve, T0.AddHours(2), _ct));

        Assert.Equal(snapshots, await fixture.Snapshots.ListAsync(account, Day, Day, _ct));
        var alerts = await fixture.Alerts.ListAsync(account, includeResolved: true, _ct);
        Assert.Equal([Alert(account, "VTI", T0), Alert(account, "BND", T0) with { ResolvedAt = T0.AddHours(1) }], alerts.OrderBy(a => a.ResolvedAt is null ? 0 : 1));
    }
}
