using Portfolio.Domain.Ledger;
using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.TransactionTypes;

public class CashTransactionTests
{
    [Fact]
    public void Cash_balance_follows_each_deposit_withdrawal_fee_interest_buy_sell_and_dividend()
    {
        var ledger = new AccountLedger(new LedgerBuilder().Settings);
        var steps = new (Transaction Transaction, decimal CashAfter)[]
        {
            (new Deposit("d", D("2024-01-02"), 10_000m), 10_000m),
            (new Buy("b", D("2024-01-02"), "XYZ", 100, 50, 1), 4_999m),        // − (100×50 + 1)
            (new CashDividend("cd", D("2024-02-01"), "XYZ", 25.5m), 5_024.5m),  // + 25.5
            (new Interest("i", D("2024-02-29"), 3.21m), 5_027.71m),             // + 3.21
            (new AccountFee("f", D("2024-03-01"), 15m), 5_012.71m),             // − 15
            (new Sell("s", D("2024-03-04"), "XYZ", 40, 55, 2), 7_210.71m),      // + 40×55 − 2 = 2198
            (new Withdrawal("w", D("2024-03-05"), 1_210.71m), 6_000m),          // − 1210.71
        };
        foreach (var (transaction, cashAfter) in steps)
        {
            ledger.Apply(transaction);
            Assert.Equal(cashAfter, ledger.Cash);
        }

        Assert.Equal(15m, ledger.FeesPaid);
        Assert.Equal([(IncomeKind.Dividend, 25.5m, (string?)"XYZ"), (IncomeKind.Interest, 3.21m, null)],
            ledger.Income.Select(i => (i.Kind, i.Amount, i.Symbol)));
    }

    [Fact]
    public void Account_without_cash_tracking_keeps_cash_at_zero()
    {
        var ledger = new LedgerBuilder().WithoutCash()
            .Deposit("2024-01-02", 1000).Buy("2024-01-02", "XYZ", 10, 10).Dividend("2024-02-01", "XYZ", 5).Fee("2024-02-02", 3)
            .Build();

        Assert.Equal(0m, ledger.Cash);
        Assert.Equal(3m, ledger.FeesPaid);
        Assert.Equal(5m, Assert.Single(ledger.Income).Amount);
    }

    public static TheoryData<Transaction> NonPositiveAmounts => new()
    {
        new Deposit("x", D("2024-01-03"), 0),
        new Deposit("x", D("2024-01-03"), -100),
        new Withdrawal("x", D("2024-01-03"), 0),
        new Withdrawal("x", D("2024-01-03"), -100),
        new AccountFee("x", D("2024-01-03"), -1),
        new Interest("x", D("2024-01-03"), 0),
        new CashDividend("x", D("2024-01-03"), "XYZ", -1),
    };

    [Theory]
    [MemberData(nameof(NonPositiveAmounts))]
    public void Cash_amounts_must_be_positive(Transaction transaction)
    {
        var ledger = new LedgerBuilder().Deposit("2024-01-02", 500).Build();
        var before = LedgerSnapshot.Of(ledger);

        Assert.Equal("amount", Assert.Throws<LedgerRuleViolation>(() => ledger.Apply(transaction)).Field);
        LedgerSnapshot.Of(ledger).ShouldEqual(before);
    }
}
