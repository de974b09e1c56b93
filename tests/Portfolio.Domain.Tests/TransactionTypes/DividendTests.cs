using Portfolio.Domain.Ledger;
using Portfolio.Domain.Lots;
using Portfolio.Domain.Tests.Builders;

namespace Portfolio.Domain.Tests.TransactionTypes;

public class DividendTests
{
    [Fact]
    public void Cash_dividend_is_income_and_cash_and_leaves_lots_alone()
    {
        // 100 sh @ 50 bought with a 5000 deposit (cash 0); dividend 0.24/sh = 24 → cash 24, income 24.
        var ledger = new LedgerBuilder().Deposit("2024-01-02", 5000).Buy("2024-01-02", "XYZ", 100, 50)
            .Dividend("2024-03-15", "XYZ", 24).Build();

        Assert.Equal(24m, ledger.Cash);
        var income = Assert.Single(ledger.Income);
        Assert.Equal(("t3", IncomeKind.Dividend, 24m), (income.TransactionId, income.Kind, income.Amount));
        Assert.Equal(("t2", 100m, 5000m), (ledger.OpenLots.Single().Id, ledger.OpenLots.Single().Quantity, ledger.OpenLots.Single().CostBasis));
    }

    [Fact]
    public void Reinvested_dividend_is_income_and_a_new_lot_bought_at_the_reinvestment_price()
    {
        // 100 sh @ 50; DRIP 0.4 sh @ 60 = 24 of income, a lot t2 of 0.4 sh with basis 24 acquired 2024-03-15; cash unchanged.
        var ledger = new LedgerBuilder().Deposit("2024-01-02", 5000).Buy("2024-01-02", "XYZ", 100, 50)
            .Reinvest("2024-03-15", "XYZ", 0.4m, 60).Build();

        Assert.Equal(0m, ledger.Cash);
        var income = Assert.Single(ledger.Income);
        Assert.Equal((IncomeKind.ReinvestedDividend, 24m, (string?)"XYZ"), (income.Kind, income.Amount, income.Symbol));
        var lot = ledger.PositionOf("XYZ")!.Lots[1];
        Assert.Equal(("t3", 0.4m, 24m, LedgerBuilder.D("2024-03-15"), LotOrigin.Purchase), (lot.Id, lot.Quantity, lot.CostBasis, lot.AcquiredOn, lot.Origin));
        Assert.Equal(100.4m, ledger.PositionOf("XYZ")!.Quantity);
        Assert.Equal(5024m, ledger.PositionOf("XYZ")!.CostBasis);
    }
}
