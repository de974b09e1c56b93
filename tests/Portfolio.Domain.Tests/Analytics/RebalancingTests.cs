using Portfolio.Domain.Accounts;
using Portfolio.Domain.Lots;
using Portfolio.Domain.Rebalancing;
using Portfolio.Domain.Tests.Builders;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Analytics;

public class RebalancingTests
{
    // Deposit 10000, A 35 @ 100 = 3500, B 40 @ 100 = 4000, cash 2500. At 100 each: A 35 %, B 40 %, cash 25 %.
    private static LedgerBuilder TwoFunds() => new LedgerBuilder()
        .Deposit("2024-01-02", 10_000).Buy("2024-01-02", "A", 35, 100).Buy("2024-01-02", "B", 40, 100);

    private static readonly Dictionary<string, decimal> AtHundred = new() { ["A"] = 100, ["B"] = 100 };

    private static RebalancePlan Plan(LedgerBuilder builder, Dictionary<string, decimal> targets, IReadOnlyDictionary<string, decimal> prices, decimal? tolerance = null) =>
        Rebalancer.Plan(builder.Build(), tolerance is { } t ? new TargetAllocation(targets, t) : new TargetAllocation(targets), prices, D("2024-06-03"));

    [Fact]
    public void Targets_adding_up_to_more_than_100_are_refused()
    {
        var error = Assert.Throws<LedgerRuleViolation>(() => Plan(TwoFunds(), new() { ["A"] = 60, ["B"] = 40.01m }, AtHundred));
        Assert.Equal("targets", error.Field);
        Assert.Equal("targets.A", Assert.Throws<LedgerRuleViolation>(() => Plan(TwoFunds(), new() { ["A"] = 101 }, AtHundred)).Field);
    }

    [Fact]
    public void An_unpriced_holding_is_valued_at_cost_and_given_no_trade()
    {
        // B has no price: valued at its basis 4000, so the total stays 10000 and A is 35 % (not 3500/6000 = 58 %).
        // Target A 35, B 40: A on target; B 40 % on target too, but without a price it gets no quantity.
        var plan = Plan(TwoFunds(), new() { ["A"] = 35, ["B"] = 40 }, new Dictionary<string, decimal> { ["A"] = 100 });

        Assert.Equal(10_000m, plan.TotalValue);
        Assert.Equal([("A", 35m, (decimal?)0m), ("B", 40m, null)], plan.Lines.Select(l => (l.Symbol, l.CurrentPercent, l.Quantity)));
        Assert.Equal(["B"], plan.UnpricedSymbols);
        Assert.False(plan.AnyBreach);
    }

    [Fact]
    public void Default_tolerance_is_5_percentage_points()
    {
        Assert.Equal(5m, new TargetAllocation(new Dictionary<string, decimal>()).TolerancePercentPoints);
    }

    [Fact]
    public void Drift_equal_to_the_tolerance_does_not_breach_and_drift_beyond_it_does()
    {
        // Targets A 30, B 50. A: |35 − 30| = 5 = tolerance → no breach; SELL (3000 − 3500)/100 = 5.
        // B: |40 − 50| = 10 > 5 → breach; BUY (5000 − 4000)/100 = 10.
        var plan = Plan(TwoFunds(), new() { ["A"] = 30, ["B"] = 50 }, AtHundred);

        Assert.Equal([("A", 35m, 30m, 5m, false, TradeAction.Sell, (decimal?)5m), ("B", 40m, 50m, 10m, true, TradeAction.Buy, 10m)],
            plan.Lines.Select(l => (l.Symbol, l.CurrentPercent, l.TargetPercent, l.Drift, l.Breaches, l.Action, l.Quantity)));
        Assert.True(plan.AnyBreach);
        Assert.Equal(10_000m, plan.TotalValue);
    }

    [Fact]
    public void Within_a_wider_tolerance_nothing_breaches()
    {
        var plan = Plan(TwoFunds(), new() { ["A"] = 30, ["B"] = 50 }, AtHundred, tolerance: 10);

        Assert.False(plan.AnyBreach);
    }

    [Fact]
    public void Held_symbol_without_a_target_gets_target_zero_and_is_sold_entirely()
    {
        // Only A targeted (35 %, on target). B has no target → target 0, drift 40, SELL all 40.
        var plan = Plan(TwoFunds(), new() { ["A"] = 35 }, AtHundred);

        var b = plan.Lines.Single(l => l.Symbol == "B");
        Assert.Equal((0m, 40m, true, TradeAction.Sell, (decimal?)40m), (b.TargetPercent, b.Drift, b.Breaches, b.Action, b.Quantity));
        Assert.Equal(TradeAction.None, plan.Lines.Single(l => l.Symbol == "A").Action);
    }

    [Fact]
    public void Buy_quantity_is_truncated_to_whole_shares()
    {
        // Deposit 10000, C 10 @ 70 = 700 → cash 9300, total 10000. Target C 50 %: (5000 − 700)/70 = 61.428571… → 61.
        var builder = new LedgerBuilder().Deposit("2024-01-02", 10_000).Buy("2024-01-02", "C", 10, 70);

        var line = Plan(builder, new() { ["C"] = 50 }, new Dictionary<string, decimal> { ["C"] = 70 }).Lines.Single();

        Assert.Equal((TradeAction.Buy, (decimal?)61m, 7m), (line.Action, line.Quantity, line.CurrentPercent));
    }

    [Fact]
    public void Fractional_account_gets_the_quantity_to_six_decimals_toward_zero()
    {
        // Same: 4300 / 70 = 61.4285714… → 61.428571.
        var builder = new LedgerBuilder().WithFractionalShares().Deposit("2024-01-02", 10_000).Buy("2024-01-02", "C", 10, 70);

        var line = Plan(builder, new() { ["C"] = 50 }, new Dictionary<string, decimal> { ["C"] = 70 }).Lines.Single();

        Assert.Equal((decimal?)61.428571m, line.Quantity);
    }

    [Fact]
    public void Unpriced_symbol_has_no_quantity()
    {
        var line = Plan(TwoFunds(), new() { ["A"] = 30, ["B"] = 50 }, new Dictionary<string, decimal> { ["A"] = 100 }).Lines.Single(l => l.Symbol == "B");

        Assert.Equal((TradeAction.None, (decimal?)null), (line.Action, line.Quantity));
    }

    [Fact]
    public void Taxable_sell_lists_losses_first_then_long_term_gains_then_short_term_gains()
    {
        // Deposit 3000; five 10-share lots of Z, valued at 60 on 2024-06-03:
        //   t2 2022-01-03 @ 50: +10/sh long   t3 2024-05-01 @ 55: +5/sh short   t4 2023-06-01 @ 70: −10/sh long
        //   t5 2024-04-01 @ 65: −5/sh short   t6 2023-01-03 @ 58: +2/sh long
        // Cash 3000 − 2980 = 20. No target for Z → sell all 50:
        //   losses, biggest loss per share first: t4 (−100), t5 (−50); long-term gains, smallest first: t6 (+20), t2 (+100);
        //   short-term gains: t3 (+50).
        var builder = new LedgerBuilder().Deposit("2022-01-03", 3000)
            .Buy("2022-01-03", "Z", 10, 50).Buy("2024-05-01", "Z", 10, 55).Buy("2023-06-01", "Z", 10, 70)
            .Buy("2024-04-01", "Z", 10, 65).Buy("2023-01-03", "Z", 10, 58);

        var line = Plan(builder, new(), new Dictionary<string, decimal> { ["Z"] = 60 }).Lines.Single();

        Assert.Equal((TradeAction.Sell, (decimal?)50m), (line.Action, line.Quantity));
        Assert.Equal([("t4", 10m, -100m, Term.LongTerm), ("t5", 10m, -50m, Term.ShortTerm), ("t6", 10m, 20m, Term.LongTerm),
                      ("t2", 10m, 100m, Term.LongTerm), ("t3", 10m, 50m, Term.ShortTerm)],
            line.LotsToSell.Select(l => (l.LotId, l.Quantity, l.UnrealizedGain, l.Term)));
    }

    [Fact]
    public void Taxable_lots_alike_in_term_gain_and_date_are_sold_in_the_order_they_were_bought()
    {
        // Two lots of W bought 2024-02-01 at 40 (t2: 10 shares, t3: 5 shares), worth 44 on 2024-06-03: +4/sh short-term both.
        // No target for W → sell all 15: t2 then t3, as booked.
        var builder = new LedgerBuilder().Deposit("2024-02-01", 1000).Buy("2024-02-01", "W", 10, 40).Buy("2024-02-01", "W", 5, 40);

        var line = Plan(builder, new(), new Dictionary<string, decimal> { ["W"] = 44 }).Lines.Single();

        Assert.Equal([("t2", 10m, 40m), ("t3", 5m, 20m)], line.LotsToSell.Select(l => (l.LotId, l.Quantity, l.UnrealizedGain)));
    }

    [Fact]
    public void Several_unpriced_holdings_count_at_cost_and_are_listed_in_symbol_order()
    {
        // Deposit 10000; Z 10 @ 30 (300), A 35 @ 100, B 40 @ 100; cash 2200. Only A priced (100): total 3500 + 4000 + 300 + 2200 = 10000.
        var builder = new LedgerBuilder().Deposit("2024-01-02", 10_000)
            .Buy("2024-01-02", "Z", 10, 30).Buy("2024-01-02", "A", 35, 100).Buy("2024-01-02", "B", 40, 100);

        var plan = Plan(builder, new() { ["A"] = 35, ["B"] = 40, ["Z"] = 3 }, new Dictionary<string, decimal> { ["A"] = 100 });

        Assert.Equal(10_000m, plan.TotalValue);
        Assert.Equal([("A", 35m), ("B", 40m), ("Z", 3m)], plan.Lines.Select(l => (l.Symbol, l.CurrentPercent)));
        Assert.Equal(["B", "Z"], plan.UnpricedSymbols);
    }

    [Fact]
    public void Retirement_account_sell_lists_no_lots()
    {
        var line = Plan(TwoFunds().WithType(AccountType.Ira), new() { ["A"] = 35 }, AtHundred).Lines.Single(l => l.Symbol == "B");

        Assert.Equal(TradeAction.Sell, line.Action);
        Assert.Empty(line.LotsToSell);
    }
}
