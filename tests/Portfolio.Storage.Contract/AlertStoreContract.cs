using System.Globalization;
using Portfolio.Application.Alerts;
using Portfolio.Domain.Rebalancing;

namespace Portfolio.Storage.Contract;

public abstract class AlertStoreContract(IStorageFixture fixture)
{
    private readonly CancellationToken _ct = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2024, 6, 3, 14, 0, 0, TimeSpan.Zero);

    private static DriftAlert Alert(string accountId, string symbol, DateTimeOffset openedAt, decimal? quantity = 3.5m) =>
        new(accountId, symbol, openedAt, 67.123456m, 60m, 7.123456m, TradeAction.Sell, quantity);

    [ContractFact]
    public async Task Only_one_alert_is_open_per_account_and_symbol()
    {
        var account = TestData.NewId("acc");

        Assert.True(await fixture.Alerts.TryOpenAsync(Alert(account, "VTI", T0), _ct));
        Assert.False(await fixture.Alerts.TryOpenAsync(Alert(account, "VTI", T0.AddHours(1)), _ct));
        Assert.True(await fixture.Alerts.TryOpenAsync(Alert(account, "BND", T0.AddHours(1)), _ct));
        Assert.True(await fixture.Alerts.TryOpenAsync(Alert(TestData.NewId("acc"), "VTI", T0), _ct));

        var open = await fixture.Alerts.ListAsync(account, includeResolved: false, _ct);
        Assert.Equal(2, open.Count);
        Assert.Equal(T0, open.Single(a => a.Symbol == "VTI").OpenedAt);
    }

    [ContractFact]
    public async Task Applying_many_opens_only_what_is_not_open_and_resolves_only_what_is()
    {
        var account = TestData.NewId("acc");
        await fixture.Alerts.TryOpenAsync(Alert(account, "VTI", T0), _ct);
        await fixture.Alerts.TryOpenAsync(Alert(account, "BND", T0), _ct);

        var (opened, resolved) = await fixture.Alerts.ApplyAsync(
            [Alert(account, "VTI", T0.AddHours(1)), Alert(account, "GLD", T0.AddHours(1))],
            [(account, "BND"), (account, "XYZ")],
            T0.AddHours(1), _ct);

        Assert.Equal((1, 1), (opened, resolved));
        var open = await fixture.Alerts.ListAsync(account, includeResolved: false, _ct);
        Assert.Equal(["GLD", "VTI"], open.Select(a => a.Symbol).Order());
        Assert.Equal(T0, open.Single(a => a.Symbol == "VTI").OpenedAt);
        Assert.Equal(T0.AddHours(1), (await fixture.Alerts.ListAsync(account, includeResolved: true, _ct)).Single(a => a.Symbol == "BND").ResolvedAt);
    }

    [ContractFact]
    public async Task A_page_of_alerts_opens_each_account_and_symbol_once_even_when_the_lot_names_one_twice()
    {
        // 20 accounts × 12 symbols = 240 distinct alerts, the first account's VTI listed a second time (a later copy)
        // and its BND already open: 240 - 1 = 239 opened, and the open BND keeps its first opening time.
        var accounts = Enumerable.Range(0, 20).Select(_ => TestData.NewId("acc")).ToList();
        string[] symbols = ["VTI", "BND", "GLD", "VEA", "VWO", "TIP", "SHY", "IEF", "TLT", "LQD", "HYG", "EMB"];
        await fixture.Alerts.TryOpenAsync(Alert(accounts[0], "BND", T0), _ct);
        var lot = accounts.SelectMany(a => symbols.Select(s => Alert(a, s, T0.AddHours(1), quantity: s == "GLD" ? null : 2.25m))).ToList();
        lot.Add(Alert(accounts[0], "VTI", T0.AddHours(2)));

        var (opened, resolved) = await fixture.Alerts.ApplyAsync(lot, [], T0.AddHours(1), _ct);

        Assert.Equal((239, 0), (opened, resolved));
        var first = await fixture.Alerts.ListAsync(accounts[0], includeResolved: true, _ct);
        Assert.Equal(12, first.Count);
        Assert.Equal(T0, first.Single(a => a.Symbol == "BND").OpenedAt);
        Assert.Equal(T0.AddHours(1), first.Single(a => a.Symbol == "VTI").OpenedAt);
        var last = await fixture.Alerts.ListAsync(accounts[^1], includeResolved: false, _ct);
        Assert.Equal(symbols.Order(StringComparer.Ordinal), last.Select(a => a.Symbol).Order(StringComparer.Ordinal));
        Assert.Equal(Alert(accounts[^1], "GLD", T0.AddHours(1), quantity: null), last.Single(a => a.Symbol == "GLD"));
        Assert.Equal(Alert(accounts[^1], "TLT", T0.AddHours(1), quantity: 2.25m), last.Single(a => a.Symbol == "TLT"));
    }

    [ContractFact]
    public async Task Open_symbols_are_listed_for_many_accounts_at_once()
    {
        var (first, second, quiet) = (TestData.NewId("acc"), TestData.NewId("acc"), TestData.NewId("acc"));
        await fixture.Alerts.TryOpenAsync(Alert(first, "VTI", T0), _ct);
        await fixture.Alerts.TryOpenAsync(Alert(first, "BND", T0), _ct);
        await fixture.Alerts.TryOpenAsync(Alert(second, "GLD", T0), _ct);
        await fixture.Alerts.ResolveAsync(second, "GLD", T0.AddHours(1), _ct);
        await fixture.Alerts.TryOpenAsync(Alert(second, "VTI", T0), _ct);

        var open = await fixture.Alerts.ListOpenSymbolsAsync([first, second, quiet], _ct);

        Assert.Equal(["BND", "VTI"], open[first].Order());
        Assert.Equal(["VTI"], open[second]);
        Assert.False(open.ContainsKey(quiet));
    }

    [ContractFact]
    public async Task Resolve_closes_the_open_alert_and_then_a_new_one_can_open()
    {
        var account = TestData.NewId("acc");
        await fixture.Alerts.TryOpenAsync(Alert(account, "VTI", T0), _ct);

        Assert.True(await fixture.Alerts.ResolveAsync(account, "VTI", T0.AddHours(2), _ct));

        Assert.Empty(await fixture.Alerts.ListAsync(account, includeResolved: false, _ct));
        var resolved = Assert.Single(await fixture.Alerts.ListAsync(account, includeResolved: true, _ct));
        Assert.Equal(T0.AddHours(2), resolved.ResolvedAt);
        Assert.False(resolved.IsOpen);
        Assert.True(await fixture.Alerts.TryOpenAsync(Alert(account, "VTI", T0.AddHours(3)), _ct));
    }

    [ContractFact]
    public async Task Resolve_without_an_open_alert_returns_false()
    {
        var account = TestData.NewId("acc");
        Assert.False(await fixture.Alerts.ResolveAsync(account, "VTI", T0, _ct));

        await fixture.Alerts.TryOpenAsync(Alert(account, "VTI", T0), _ct);
        await fixture.Alerts.ResolveAsync(account, "VTI", T0.AddHours(1), _ct);

        Assert.False(await fixture.Alerts.ResolveAsync(account, "VTI", T0.AddHours(2), _ct));
        Assert.Equal(T0.AddHours(1), Assert.Single(await fixture.Alerts.ListAsync(account, true, _ct)).ResolvedAt);
    }

    [ContractFact]
    public async Task List_returns_newest_first_and_resolved_alerts_only_when_asked()
    {
        var account = TestData.NewId("acc");
        await fixture.Alerts.TryOpenAsync(Alert(account, "AAA", T0), _ct);
        await fixture.Alerts.ResolveAsync(account, "AAA", T0.AddHours(1), _ct);
        await fixture.Alerts.TryOpenAsync(Alert(account, "AAA", T0.AddHours(2)), _ct);
        await fixture.Alerts.TryOpenAsync(Alert(account, "BBB", T0.AddHours(4)), _ct);
        await fixture.Alerts.TryOpenAsync(Alert(account, "CCC", T0.AddHours(3)), _ct);
        await fixture.Alerts.ResolveAsync(account, "CCC", T0.AddHours(5), _ct);

        var open = await fixture.Alerts.ListAsync(account, includeResolved: false, _ct);
        var all = await fixture.Alerts.ListAsync(account, includeResolved: true, _ct);

        Assert.Equal(["BBB", "AAA"], open.Select(a => a.Symbol));
        Assert.All(open, a => Assert.True(a.IsOpen));
        Assert.Equal([T0.AddHours(4), T0.AddHours(3), T0.AddHours(2), T0], all.Select(a => a.OpenedAt));
        Assert.Equal([null, T0.AddHours(5), null, T0.AddHours(1)], all.Select(a => a.ResolvedAt));
        Assert.Empty(await fixture.Alerts.ListAsync(TestData.NewId("other"), true, _ct));
    }

    [ContractFact]
    public async Task Alert_round_trips_every_field_with_exact_decimals()
    {
        var account = TestData.NewId("acc");
        var withQuantity = new DriftAlert(account, "VTI", T0, 0.000001m, 12345678901234.567891m, -12345678901234.567890m, TradeAction.Buy, 0.000001m);
        var withoutQuantity = Alert(account, "BND", T0.AddMinutes(-1), quantity: null);
        await fixture.Alerts.TryOpenAsync(withQuantity, _ct);
        await fixture.Alerts.TryOpenAsync(withoutQuantity, _ct);

        var listed = await fixture.Alerts.ListAsync(account, false, _ct);

        Assert.Equal([withQuantity, withoutQuantity], listed);
        Assert.Equal("-12345678901234.567890", listed[0].Drift.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("0.000001", listed[0].Quantity!.Value.ToString(CultureInfo.InvariantCulture));
    }
}
