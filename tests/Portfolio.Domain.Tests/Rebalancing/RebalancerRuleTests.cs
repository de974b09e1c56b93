using Portfolio.Domain.Lots;
using Portfolio.Domain.Rebalancing;
using Portfolio.Domain.Tests.Builders;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Rebalancing;

/// <summary>The rebalancer's lines for symbols targeted but not held, degenerate totals and prices, and its tax-aware lot choice.</summary>
public class RebalancerRuleTests
{
    private static readonly DateOnly AsOf = D("2024-06-03");

    private static RebalancePlan Plan(LedgerBuilder builder, Dictionary<string, decimal> targets, Dictionary<string, decimal> prices) =>
        Rebalancer.Plan(builder.Build(), new TargetAllocation(targets), prices, AsOf);

    [Fact]
    public void Targeted_symbols_not_held_get_buy_lines_merged_into_symbol_order()
    {
        // Deposit 10000; B 40 @ 100 and C 20 @ 100; cash 4000. Targets D 10 % and A 20 % (given in that order), neither held.
        // A: buy 2000 / 50 = 40; B: sell all 40; C: sell all 20; D: buy 1000 / 25 = 40. Lines in ordinal order A, B, C, D.
        var account = new LedgerBuilder().Deposit("2024-01-02", 10_000).Buy("2024-01-02", "B", 40, 100).Buy("2024-01-02", "C", 20, 100);
        var targets = new Dictionary<string, decimal> { ["D"] = 10, ["A"] = 20 };

        var plan = Plan(account, targets, new() { ["A"] = 50, ["B"] = 100, ["C"] = 100, ["D"] = 25 });

        Assert.Equal(
            [("A", 0m, 20m, TradeAction.Buy, (decimal?)40m), ("B", 40m, 0m, TradeAction.Sell, 40m), ("C", 20m, 0m, TradeAction.Sell, 20m), ("D", 0m, 10m, TradeAction.Buy, 40m)],
            plan.Lines.Select(l => (l.Symbol, l.CurrentPercent, l.TargetPercent, l.Action, l.Quantity)));
        Assert.Equal(10_000m, plan.TotalValue);
    }

    [Fact]
    public void An_account_worth_nothing_has_zero_weights_and_no_trades()
    {
        var plan = Plan(new LedgerBuilder(), new() { ["A"] = 50 }, new() { ["A"] = 10 });

        var line = Assert.Single(plan.Lines);
        Assert.Equal((0m, 0m, 50m, TradeAction.None, (decimal?)0m), (plan.TotalValue, line.CurrentPercent, line.TargetPercent, line.Action, line.Quantity));
    }

    [Fact]
    public void A_symbol_priced_at_zero_gets_no_quantity_to_trade()
    {
        // A is quoted at 0: its weight is 0 % of 5000 (cash 4000 + B 1000), but no share count reaches a target at price 0.
        var account = new LedgerBuilder().Deposit("2024-01-02", 6_000).Buy("2024-01-02", "A", 10, 100).Buy("2024-01-02", "B", 10, 100);

        var plan = Plan(account, new() { ["A"] = 50, ["B"] = 20 }, new() { ["A"] = 0, ["B"] = 100 });

        Assert.Equal([("A", 0m, TradeAction.None, (decimal?)null), ("B", 20m, TradeAction.None, 0m)],
            plan.Lines.Select(l => (l.Symbol, l.CurrentPercent, l.Action, l.Quantity)));
    }

    [Fact]
    public void An_overdrawn_account_is_not_told_to_sell_what_it_does_not_hold()
    {
        // A 10 @ 100 bought with no deposit: cash −1000; A at 50 is worth 500, so the total is −500.
        // B (target 50 %, not held) would need 50 % × −500 / 10 = −25 shares: nothing to sell, so no trade. A: sell all 10.
        var account = new LedgerBuilder().Buy("2024-01-02", "A", 10, 100);

        var plan = Plan(account, new() { ["B"] = 50 }, new() { ["A"] = 50, ["B"] = 10 });

        Assert.Equal(-500m, plan.TotalValue);
        Assert.Equal([("A", TradeAction.Sell, (decimal?)10m), ("B", TradeAction.None, 0m)], plan.Lines.Select(l => (l.Symbol, l.Action, l.Quantity)));
        Assert.Equal([new LotToSell("t1", 10, -500, Term.ShortTerm)], plan.Lines[0].LotsToSell);
    }

    [Fact]
    public void A_holding_left_with_no_shares_is_neither_valued_at_cost_nor_listed_as_unpriced()
    {
        // Z: 0.000001 sh at 100, then a stored 1-for-10 rounds its only lot to 0 shares (basis 0.0001 kept). Z has no price.
        // Cash 1000 − 0.0001 − 500 = 499.9999; A 5 @ 100 = 500; total 999.9999. Z weighs 0 and is not an unpriced holding.
        var account = new LedgerBuilder().Deposit("2024-01-02", 1_000).Buy("2024-01-02", "Z", 0.000001m, 100).Split("2024-02-01", "Z", 1, 10)
            .Buy("2024-02-02", "A", 5, 100);

        var plan = Plan(account, new() { ["A"] = 50 }, new() { ["A"] = 100 });

        Assert.Equal(999.9999m, plan.TotalValue);
        Assert.Empty(plan.UnpricedSymbols);
        Assert.Equal(("Z", 0m, TradeAction.None, (decimal?)null), plan.Lines.Select(l => (l.Symbol, l.CurrentPercent, l.Action, l.Quantity)).Last());
    }

    [Fact]
    public void A_lot_with_no_shares_is_passed_over_when_choosing_lots_to_sell()
    {
        // X: t2 0.000001 @ 100, t3 10 @ 10, t4 10 @ 30; 1-for-10 → t2 0 sh (basis 0.0001), t3 1 sh (100), t4 1 sh (300).
        // At 200 with target 0: sell 2. Losses first, the larger loss per share first: t4 (−100), then t2 (−0.0001 but no
        // shares: nothing to sell), then the short-term gain t3 (+100).
        var account = new LedgerBuilder().Deposit("2024-01-02", 10_000).Buy("2024-01-02", "X", 0.000001m, 100)
            .Buy("2024-01-03", "X", 10, 10).Buy("2024-01-04", "X", 10, 30).Split("2024-02-01", "X", 1, 10);

        var line = Assert.Single(Plan(account, new() { ["X"] = 0 }, new() { ["X"] = 200 }).Lines);

        Assert.Equal((TradeAction.Sell, (decimal?)2m), (line.Action, line.Quantity));
        Assert.Equal([new LotToSell("t4", 1, -100, Term.ShortTerm), new LotToSell("t3", 1, 100, Term.ShortTerm)], line.LotsToSell);
    }

    [Fact]
    public void A_partial_sale_takes_only_what_it_needs_from_the_first_lot()
    {
        // Two lots of 10 A at 100, priced 100: A is 20 % of 10000; target 15 % → sell 500 / 100 = 5, all from the older lot t2.
        var account = new LedgerBuilder().Deposit("2024-01-02", 10_000).Buy("2024-01-02", "A", 10, 100).Buy("2024-01-03", "A", 10, 100);

        var line = Assert.Single(Plan(account, new() { ["A"] = 15 }, new() { ["A"] = 100 }).Lines);

        Assert.Equal([new LotToSell("t2", 5, 0, Term.ShortTerm)], line.LotsToSell);
    }

    [Fact]
    public void Lots_that_tie_on_every_tax_key_are_sold_in_holding_period_order()
    {
        // Forty lots of 1 A bought the same day at 100, priced 100: every key ties (gain 0, short-term, same date), so the
        // first twenty bought (t2 … t21) are sold to go from 4 % to 2 % of 100000.
        var account = new LedgerBuilder().Deposit("2024-01-02", 100_000);
        for (var i = 0; i < 40; i++) account.Buy("2024-01-02", "A", 1, 100);

        var line = Assert.Single(Plan(account, new() { ["A"] = 2 }, new() { ["A"] = 100 }).Lines);

        Assert.Equal(Enumerable.Range(2, 20).Select(i => $"t{i}"), line.LotsToSell.Select(l => l.LotId));
    }
}
