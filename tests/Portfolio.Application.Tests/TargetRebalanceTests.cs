using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.Targets;
using Portfolio.Domain;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Rebalancing;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests;

/// <summary>Targets are stored upper-cased after the whole allocation is checked; a rebalance plan needs them, and is worked at the latest prices.</summary>
public class TargetRebalanceTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static async Task<(Harness App, Account Account)> HoldingAsync()
    {
        var app = new Harness();
        var account = await app.AccountAsync(new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: false));
        await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 5, 1), "AAPL", 10, 100));
        await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 5, 1), "BND", 10, 100));
        await app.Get<IPriceStore>().SaveAsync([new Quote("AAPL", 100, app.Clock.GetUtcNow(), "test", QuoteKind.RealTime),
            new Quote("BND", 100, app.Clock.GetUtcNow(), "test", QuoteKind.RealTime)], Ct);
        return (app, account);
    }

    [Fact]
    public async Task A_rebalance_without_targets_is_refused_naming_them()
    {
        var (app, account) = await HoldingAsync();
        await using var _ = app;

        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => app.Get<TargetService>().RebalanceAsync(app.Alice, account.Id, Ct));

        Assert.Equal(("targets", "the account has no targets yet; set them with PUT /api/accounts/{accountId}/targets"), (refused.Field, refused.Reason));
    }

    [Fact]
    public async Task Targets_adding_up_to_more_than_all_are_refused_and_nothing_is_stored()
    {
        var (app, account) = await HoldingAsync();
        await using var _ = app;

        var refused = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.Get<TargetService>().SetAsync(app.Alice, account.Id,
            new TargetAllocation(new Dictionary<string, decimal> { ["AAPL"] = 80, ["BND"] = 30 }), Ct));

        Assert.Equal(("targets", "add up to 110 percent, more than 100"), (refused.Field, refused.Reason));
        Assert.Null((await app.Get<AccountService>().GetAsync(app.Alice, account.Id, Ct)).Targets);
    }

    [Fact]
    public async Task A_plan_trades_each_symbol_to_its_target_at_the_latest_price_naming_the_lots_to_sell()
    {
        var (app, account) = await HoldingAsync();
        await using var _ = app;
        var service = app.Get<TargetService>();

        var stored = await service.SetAsync(app.Alice, account.Id, new TargetAllocation(new Dictionary<string, decimal> { [" aapl "] = 80, ["BND"] = 20 }), Ct);
        var plan = await service.RebalanceAsync(app.Alice, account.Id, Ct);

        Assert.Equal(["AAPL", "BND"], stored.Targets!.TargetPercents.Keys.Order(StringComparer.Ordinal));
        // 2,000 in all, half in each: AAPL needs 1,600 (6 more shares at 100), BND 400 (6 fewer).
        Assert.Equal(2_000m, plan.TotalValue);
        Assert.Equal(
            [("AAPL", 50m, 80m, 30m, true, TradeAction.Buy, (decimal?)6m), ("BND", 50m, 20m, 30m, true, TradeAction.Sell, (decimal?)6m)],
            plan.Lines.Select(l => (l.Symbol, l.CurrentPercent, l.TargetPercent, l.Drift, l.Breaches, l.Action, l.Quantity)));
        var lot = Assert.Single(plan.Lines[1].LotsToSell);
        Assert.Equal((6m, 0m), (lot.Quantity, lot.UnrealizedGain));
    }
}
