using Portfolio.Domain.Lots;
using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Valuation;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Analytics;

public class ValuationTests
{
    // Deposit 10000; AAA t2 100 @ 50 (2023-01-03), AAA t3 50 @ 60 (2024-03-01), BBB t4 10 @ 100. Cash 10000 − 5000 − 3000 − 1000 = 1000.
    private static LedgerBuilder Account() => new LedgerBuilder()
        .Deposit("2023-01-03", 10_000)
        .Buy("2023-01-03", "AAA", 100, 50)
        .Buy("2024-03-01", "AAA", 50, 60)
        .Buy("2024-03-01", "BBB", 10, 100);

    [Fact]
    public void Unrealized_gain_per_lot_and_position_at_market_prices()
    {
        // AAA at 60: value 150 × 60 = 9000, basis 8000, unrealized 1000;
        //   t2: 6000 − 5000 = 1000 long-term (2023-01-03 → 2024-06-03); t3: 3000 − 3000 = 0 short-term.
        var valuation = Valuator.Value(Account().Build(), new Dictionary<string, decimal> { ["AAA"] = 60 }, D("2024-06-03"));

        var aaa = valuation.Positions.Single(p => p.Symbol == "AAA");
        Assert.Equal((150m, 8000m, 60m, 9000m, 1000m), (aaa.Quantity, aaa.CostBasis, aaa.Price!.Value, aaa.MarketValue!.Value, aaa.UnrealizedGain!.Value));
        Assert.Equal([("t2", 6000m, 1000m, Term.LongTerm), ("t3", 3000m, 0m, Term.ShortTerm)],
            aaa.Lots.Select(l => (l.Lot.Id, l.MarketValue!.Value, l.UnrealizedGain!.Value, l.Term)));
    }

    [Fact]
    public void Weights_are_percent_of_securities_plus_cash()
    {
        // Total = 9000 (AAA) + 1000 cash = 10000 (BBB unpriced counts nothing): AAA 90 %, cash 10 %.
        var valuation = Valuator.Value(Account().Build(), new Dictionary<string, decimal> { ["AAA"] = 60 }, D("2024-06-03"));

        Assert.Equal((9000m, 1000m, 10_000m), (valuation.SecuritiesValue, valuation.Cash, valuation.TotalValue));
        Assert.Equal(90m, valuation.Positions.Single(p => p.Symbol == "AAA").WeightPercent);
        Assert.Equal(10m, valuation.CashWeightPercent);
    }

    [Fact]
    public void Unpriced_symbol_is_reported_and_has_no_value_weight_or_gain()
    {
        // BBB has no price: listed as unpriced; its basis 1000 is in the account's basis (9000) but its gain is unknown,
        // so the account's unrealized gain is AAA's 1000 only.
        var valuation = Valuator.Value(Account().Build(), new Dictionary<string, decimal> { ["AAA"] = 60 }, D("2024-06-03"));

        Assert.Equal(["BBB"], valuation.UnpricedSymbols);
        var bbb = valuation.Positions.Single(p => p.Symbol == "BBB");
        Assert.Equal((null, null, null, null), (bbb.Price, bbb.MarketValue, bbb.UnrealizedGain, bbb.WeightPercent));
        Assert.Equal((9000m, 1000m), (valuation.CostBasis, valuation.UnrealizedGain));
    }

    [Fact]
    public void Account_without_cash_has_no_cash_weight()
    {
        // 10 sh @ 10 priced at 12: value 120, unrealized 20, weight 100 %.
        var ledger = new LedgerBuilder().WithoutCash().Buy("2024-01-02", "XYZ", 10, 10).Build();

        var valuation = Valuator.Value(ledger, new Dictionary<string, decimal> { ["XYZ"] = 12 }, D("2024-06-03"));

        Assert.Null(valuation.CashWeightPercent);
        Assert.Equal((120m, 20m, 100m), (valuation.TotalValue, valuation.UnrealizedGain, valuation.Positions.Single().WeightPercent!.Value));
    }
}
