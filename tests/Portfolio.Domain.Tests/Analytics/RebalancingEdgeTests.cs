using Portfolio.Domain.Lots;
using Portfolio.Domain.Rebalancing;
using Portfolio.Domain.Tests.Builders;

namespace Portfolio.Domain.Tests.Analytics;

/// <summary>Targets not held, empty and overdrawn accounts, unpriced and zero-share holdings, and which lots a sale takes.</summary>
public class RebalancingEdgeTests
{
    private static readonly DateOnly AsOf = LedgerBuilder.D("2024-06-03");

    private static RebalancePlan Plan(LedgerBuilder log, Dictionary<string, decimal> targets, Dictionary<string, decimal> prices) =>
        Rebalancer.Plan(log.Build(), new TargetAllocation(targets), prices, AsOf);

    private static (string, decimal, decimal, TradeAction, decimal?)[] Lines(RebalancePlan plan) =>
        plan.Lines.Select(l => (l.Symbol, l.CurrentPercent, l.TargetPercent, l.Action, l.Quantity)).ToArray();

    // Deposit 10,000, A 35 @ 100, B 40 @ 100, cash 2,500.
    private static LedgerBuilder TwoFunds() => new LedgerBuilder()
        .Deposit("2024-01-02", 10_000).Buy("2024-01-02", "A", 35, 100).Buy("2024-01-02", "B", 40, 100);

    [Fact]
    public void A_target_not_held_that_sorts_after_every_holding_is_bought()
    {
        // C 20 % of 10,000 at 50 = 40 shares; A and B on target.
        var plan = Plan(TwoFunds(), new() { ["A"] = 35, ["B"] = 40, ["C"] = 20 }, new() { ["A"] = 100, ["B"] = 100, ["C"] = 50 });

        Assert.Equal(
            [("A", 35m, 35m, TradeAction.None, (decimal?)0m), ("B", 40m, 40m, TradeAction.None, 0m), ("C", 0m, 20m, TradeAction.Buy, 40m)],
            Lines(plan));
        Assert.True(plan.Lines[2].Breaches);
    }

    [Fact]
    public void A_target_not_held_that_sorts_before_the_holdings_comes_first()
    {
        // Deposit 10,000, B 50 @ 100: B 50 %, cash 50 %. Target A 50 % → buy 50 at 100.
        var log = new LedgerBuilder().Deposit("2024-01-02", 10_000).Buy("2024-01-02", "B", 50, 100);

        var plan = Plan(log, new() { ["A"] = 50, ["B"] = 50 }, new() { ["A"] = 100, ["B"] = 100 });

        Assert.Equal([("A", 0m, 50m, TradeAction.Buy, (decimal?)50m), ("B", 50m, 50m, TradeAction.None, 0m)], Lines(plan));
    }

    [Fact]
    public void An_empty_account_is_zero_percent_of_everything_and_trades_nothing()
    {
        var plan = Plan(new LedgerBuilder(), new() { ["A"] = 100 }, new() { ["A"] = 10 });

        Assert.Equal(0m, plan.TotalValue);
        Assert.Equal([("A", 0m, 100m, TradeAction.None, (decimal?)0m)], Lines(plan));
    }

    [Fact]
    public void A_symbol_priced_at_zero_gets_no_quantity()
    {
        // A at 0 is worth nothing: total 4,000 + 2,500 = 6,500; A 0 %, B 61.53…%. No share count reaches a target at 0.
        var plan = Plan(TwoFunds(), new() { ["A"] = 35, ["B"] = 40 }, new() { ["A"] = 0, ["B"] = 100 });

        var a = plan.Lines[0];
        Assert.Equal(("A", 0m, TradeAction.None, (decimal?)null), (a.Symbol, a.CurrentPercent, a.Action, a.Quantity));
    }

    [Fact]
    public void An_overdrawn_account_is_not_asked_to_sell_a_symbol_it_does_not_hold()
    {
        // Cash −1,000 after buying A 10 @ 100 without a deposit; A at 50: total −500. B 10 % of −500 = −50 → nothing to
        // sell. A 0 % → sell all 10.
        var log = new LedgerBuilder().Buy("2024-01-02", "A", 10, 100);

        var plan = Plan(log, new() { ["B"] = 10 }, new() { ["A"] = 50, ["B"] = 10 });

        Assert.Equal(-500m, plan.TotalValue);
        Assert.Equal([("A", TradeAction.Sell, (decimal?)10m), ("B", TradeAction.None, 0m)], plan.Lines.Select(l => (l.Symbol, l.Action, l.Quantity)));
    }

    [Fact]
    public void When_every_holding_is_unpriced_they_count_at_cost()
    {
        // Deposit 1,000, A 5 @ 100: A at its cost 500 of 1,000 = 50 %.
        var log = new LedgerBuilder().Deposit("2024-01-02", 1_000).Buy("2024-01-02", "A", 5, 100);

        var plan = Plan(log, new() { ["A"] = 50 }, []);

        Assert.Equal(1_000m, plan.TotalValue);
        Assert.Equal([("A", 50m, 50m, TradeAction.None, (decimal?)null)], Lines(plan));
        Assert.Equal(["A"], plan.UnpricedSymbols);
    }

    [Fact]
    public void A_holding_a_stored_reverse_split_rounded_to_no_shares_is_worth_nothing_and_not_unpriced()
    {
        // X 0.000001 @ 100 (basis 0.0001), 1-for-10 → 0 shares: the position holds a basis and no share.
        var log = new LedgerBuilder().Deposit("2024-01-02", 1_000)
            .Buy("2024-01-02", "X", 0.000001m, 100).Split("2024-02-01", "X", 1, 10);

        var plan = Plan(log, new() { ["X"] = 0 }, []);

        Assert.Equal(999.9999m, plan.TotalValue);
        Assert.Equal([("X", 0m, 0m, TradeAction.None, (decimal?)null)], Lines(plan));
        Assert.Empty(plan.UnpricedSymbols);
    }

    [Fact]
    public void A_sale_the_first_lot_covers_lists_only_that_lot()
    {
        // t2 30 @ 120 (2023-01-03, long-term, at 100 a loss of 20 a share), t3 20 @ 90 (2024-05-01, short-term gain).
        // Cash 10,000 − 5,400 = 4,600; A 50 × 100 = 5,000; total 9,600. Target 25 % = 2,400: sell 26, all from the loss.
        var log = new LedgerBuilder().Deposit("2023-01-02", 10_000).Buy("2023-01-03", "A", 30, 120).Buy("2024-05-01", "A", 20, 90);

        var plan = Plan(log, new() { ["A"] = 25 }, new() { ["A"] = 100 });

        Assert.Equal((TradeAction.Sell, (decimal?)26m), (plan.Lines[0].Action, plan.Lines[0].Quantity));
        Assert.Equal([new LotToSell("t2", 26m, -520m, Term.LongTerm)], plan.Lines[0].LotsToSell);
    }

    [Fact]
    public void A_lot_with_no_gain_is_sold_before_a_long_term_gain_because_it_realizes_nothing()
    {
        // t2 10 @ 50 (2023-01-03): long-term gain 50 a share at 100. t3 10 @ 100 (2024-05-01): short-term, gain 0.
        // Cash 8,500, A 2,000, total 10,500; 10 % = 1,050: sell 9.5 → 9 whole shares, all from t3: 0 realized, where
        // taking them from t2 would realize 9 × 50 = 450 of long-term gain.
        var log = new LedgerBuilder().Deposit("2023-01-02", 10_000).Buy("2023-01-03", "A", 10, 50).Buy("2024-05-01", "A", 10, 100);

        var plan = Plan(log, new() { ["A"] = 10 }, new() { ["A"] = 100 });

        Assert.Equal([new LotToSell("t3", 9m, 0m, Term.ShortTerm)], plan.Lines[0].LotsToSell);
    }

    [Fact]
    public void A_lot_with_no_gain_is_sold_after_every_loss()
    {
        // t2 10 @ 120 (2024-01-03): short-term loss of 20 a share at 100. t3 10 @ 100 (2024-05-01): gain 0.
        // Cash 10,000 − 1,200 − 1,000 = 7,800, A 20 × 100 = 2,000, total 9,800; 10 % = 980: sell 10.2 → 10 whole
        // shares, all from t2's loss (10 × −20 = −200); t3, with no gain, is next and not reached.
        var log = new LedgerBuilder().Deposit("2024-01-02", 10_000).Buy("2024-01-03", "A", 10, 120).Buy("2024-05-01", "A", 10, 100);

        var plan = Plan(log, new() { ["A"] = 10 }, new() { ["A"] = 100 });

        Assert.Equal([new LotToSell("t2", 10m, -200m, Term.ShortTerm)], plan.Lines[0].LotsToSell);
    }

    [Fact]
    public void A_sale_skips_a_lot_rounded_to_no_shares()
    {
        // t2 0.000001 X @ 100, t3 10 @ 10; 1-for-10: t2 0 shares (basis 0.0001, a loss at any price), t3 1 share (basis 100).
        // At 200 with target 0: sell the 1 share, from t3 (gain 100, short-term); t2, first as a loss, has nothing to sell.
        // At 50 both are losses, ordered by loss per share: t3 −50, t2 0 (no share to divide its −0.0001 by).
        var log = new LedgerBuilder().Deposit("2024-01-02", 1_000)
            .Buy("2024-01-02", "X", 0.000001m, 100).Buy("2024-01-03", "X", 10, 10).Split("2024-02-01", "X", 1, 10);

        var atGain = Plan(log, new() { ["X"] = 0 }, new() { ["X"] = 200 });
        var atLoss = Plan(log, new() { ["X"] = 0 }, new() { ["X"] = 50 });

        Assert.Equal([new LotToSell("t3", 1m, 100m, Term.ShortTerm)], atGain.Lines[0].LotsToSell);
        Assert.Equal([new LotToSell("t3", 1m, -50m, Term.ShortTerm)], atLoss.Lines[0].LotsToSell);
    }

    [Fact]
    public void Lots_alike_in_every_sale_key_are_sold_in_holding_period_order()
    {
        // Twenty lots of 1 A @ 100 bought the same day: same term, same gain per share, same date. Cash 8,000, A at 110:
        // 2,200, total 10,200; 10 % = 1,020: sell (1,020 − 2,200) / 110 = −10.7 → 10 shares, t2 … t11.
        var log = new LedgerBuilder().Deposit("2024-01-02", 10_000);
        for (var i = 0; i < 20; i++) log.Buy("2024-01-03", "A", 1, 100);

        var plan = Plan(log, new() { ["A"] = 10 }, new() { ["A"] = 110 });

        Assert.Equal(Enumerable.Range(2, 10).Select(n => $"t{n}"), plan.Lines[0].LotsToSell.Select(l => l.LotId));
    }
}
