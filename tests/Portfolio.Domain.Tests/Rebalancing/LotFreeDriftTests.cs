using Portfolio.Domain.Rebalancing;
using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Valuation;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Rebalancing;

/// <summary>The revaluation's drift check values no lot and picks none to sell; every other figure is the full plan's.</summary>
public class LotFreeDriftTests
{
    private static readonly DateOnly AsOf = D("2024-06-03");

    [Fact]
    public void A_valuation_without_lots_has_every_figure_of_the_full_one_and_no_lot()
    {
        // Deposit 10000; A 10 @ 100 then 10 @ 120 (two lots, cost 2200); B 5 @ 200 (cost 1000); cash 6800.
        // At A 150 and B 180: securities 3000 + 900 = 3900, total 10700, unrealized 800 - 100 = 700.
        var ledger = new LedgerBuilder().Deposit("2024-01-02", 10_000).Buy("2024-01-02", "A", 10, 100).Buy("2024-03-01", "A", 10, 120)
            .Buy("2024-01-02", "B", 5, 200).Build();
        var prices = new Dictionary<string, decimal> { ["A"] = 150, ["B"] = 180 };

        var full = Valuator.Value(ledger, prices, AsOf);
        var lotFree = Valuator.Value(ledger, prices, AsOf, lots: false);

        Assert.Equal((10_700m, 3_900m, 3_200m, 700m), (lotFree.TotalValue, lotFree.SecuritiesValue, lotFree.CostBasis, lotFree.UnrealizedGain));
        Assert.Equal([2, 1], full.Positions.Select(p => p.Lots.Count));
        Assert.All(lotFree.Positions, p => Assert.Empty(p.Lots));
        Assert.Equal(full.Positions.Select(p => p with { Lots = [] }), lotFree.Positions);
        Assert.Equal(full with { Positions = lotFree.Positions }, lotFree);
    }

    [Fact]
    public void A_plan_without_lots_to_sell_has_the_full_plans_lines_and_no_lot_to_sell()
    {
        // Total 10700 as above; targets A 10 %, B 50 %. A: 3000 of 10700 = 28.04 %, sell (3000 - 1070) / 150 = 12.87 → 12
        // whole shares: both lots are short-term gains, the smaller gain per share first, so all 10 of the 120 lot (30 a
        // share) and 2 of the 100 lot (50 a share). B: 900 / 10700 = 8.41 %, buy (5350 - 900) / 180 = 24.7 → 24.
        var ledger = new LedgerBuilder().Deposit("2024-01-02", 10_000).Buy("2024-01-02", "A", 10, 100).Buy("2024-03-01", "A", 10, 120)
            .Buy("2024-01-02", "B", 5, 200).Build();
        var prices = new Dictionary<string, decimal> { ["A"] = 150, ["B"] = 180 };
        var targets = new TargetAllocation(new Dictionary<string, decimal> { ["A"] = 10, ["B"] = 50 });

        var full = Rebalancer.Plan(Valuator.Value(ledger, prices, AsOf), ledger.Settings, targets, prices);
        var lotFree = Rebalancer.Plan(Valuator.Value(ledger, prices, AsOf, lots: false), ledger.Settings, targets, prices);

        Assert.Equal([(TradeAction.Sell, (decimal?)12m), (TradeAction.Buy, 24m)], lotFree.Lines.Select(l => (l.Action, l.Quantity)));
        Assert.Equal([10m, 2m], full.Lines[0].LotsToSell.Select(l => l.Quantity));
        Assert.All(lotFree.Lines, l => Assert.Empty(l.LotsToSell));
        Assert.Equal(full.Lines.Select(l => l with { LotsToSell = [] }), lotFree.Lines);
        Assert.Equal((full.TotalValue, full.TolerancePercentPoints, full.UnpricedSymbols), (lotFree.TotalValue, lotFree.TolerancePercentPoints, lotFree.UnpricedSymbols));
    }
}
