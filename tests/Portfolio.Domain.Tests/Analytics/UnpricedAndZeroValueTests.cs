using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Valuation;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Analytics;

/// <summary>Every held symbol without a price is listed, and an account worth nothing has no weights rather than failing.</summary>
public class UnpricedAndZeroValueTests
{
    [Fact]
    public void Every_unpriced_symbol_is_listed_in_symbol_order()
    {
        var ledger = new LedgerBuilder().Deposit("2024-01-02", 1_000)
            .Buy("2024-01-02", "B", 1, 10).Buy("2024-01-02", "A", 1, 10).Buy("2024-01-02", "C", 1, 10).Build();

        var valuation = Valuator.Value(ledger, new Dictionary<string, decimal> { ["C"] = 12 }, D("2024-02-01"));

        Assert.Equal(["A", "B"], valuation.UnpricedSymbols);
        Assert.Equal(970m + 12m, valuation.TotalValue);
    }

    [Fact]
    public void An_account_whose_only_holding_is_priced_at_zero_has_no_weights()
    {
        var ledger = new LedgerBuilder().WithoutCash().Buy("2024-01-02", "X", 5, 10).Build();

        var valuation = Valuator.Value(ledger, new Dictionary<string, decimal> { ["X"] = 0 }, D("2024-02-01"));

        Assert.Equal(0m, valuation.TotalValue);
        Assert.Null(Assert.Single(valuation.Positions).WeightPercent);
        Assert.Equal(-50m, valuation.UnrealizedGain);
    }
}
