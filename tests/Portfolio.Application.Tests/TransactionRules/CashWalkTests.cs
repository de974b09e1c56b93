using Portfolio.Application.Tests.Orders;
using Portfolio.Domain;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.TransactionRules;

/// <summary>A back-dated withdrawal is checked against the balance at every later date, walked back through buys, sells, fees and deposits.</summary>
public class CashWalkTests
{
    private static async Task<Accounts.Account> LogAsync(Harness app)
    {
        var account = await app.AccountAsync(new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true));
        await app.RecordAsync(account, id => new Deposit(id, new DateOnly(2024, 5, 1), 1_000));              // 1,000
        await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 5, 2), "AAPL", 2, 100, 1));       //   799
        await app.RecordAsync(account, id => new Deposit(id, new DateOnly(2024, 5, 8), 600));                 // 1,399
        await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 5, 10), "AAPL", 5, 100, 1));      //   898
        await app.RecordAsync(account, id => new Sell(id, new DateOnly(2024, 5, 12), "AAPL", 2, 110, 1));     // 1,117
        await app.RecordAsync(account, id => new AccountFee(id, new DateOnly(2024, 5, 15), 17));              // 1,100
        return account;
    }

    [Fact]
    public async Task A_withdrawal_back_dated_to_5_May_may_take_the_799_held_then_and_not_a_cent_more()
    {
        // After a withdrawal of X on 5 May: 799 − X, then 1,399 − X, 898 − X, 1,117 − X and 1,100 − X: the lowest is on 5 May.
        await using var app = new Harness();
        var account = await LogAsync(app);

        var refused = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.RecordAsync(account, id => new Withdrawal(id, new DateOnly(2024, 5, 5), 799.01m)));
        await app.RecordAsync(account, id => new Withdrawal(id, new DateOnly(2024, 5, 5), 799));

        Assert.Equal(("amount", "would take cash below zero: -0.01 on 2024-05-05"), (refused.Field, refused.Reason));
        Assert.Equal(301m, await app.CashAsync(account));
    }

    [Fact]
    public async Task A_withdrawal_back_dated_before_a_split_paying_cash_in_lieu_may_not_spend_the_cash_in_lieu_paid_after_it()
    {
        // Cash 700 after the buy; the 1-for-2 split of 3 shares on 10 May pays the half share left over at 200: 100 more.
        // A withdrawal of X on 5 May leaves 700 − X on 5 May and 800 − X after the split: 700 may go, not a cent more.
        await using var app = new Harness();
        var account = await app.AccountAsync(new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true));
        await app.RecordAsync(account, id => new Deposit(id, new DateOnly(2024, 5, 1), 1_000));
        await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 5, 2), "XYZ", 3, 100));
        await app.RecordAsync(account, id => new Split(id, new DateOnly(2024, 5, 10), "XYZ", 1, 2, CashInLieuPrice: 200));
        Assert.Equal(800m, await app.CashAsync(account));

        var refused = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.RecordAsync(account, id => new Withdrawal(id, new DateOnly(2024, 5, 5), 700.01m)));
        await app.RecordAsync(account, id => new Withdrawal(id, new DateOnly(2024, 5, 5), 700));

        Assert.Equal(("amount", "would take cash below zero: -0.01 on 2024-05-05"), (refused.Field, refused.Reason));
        Assert.Equal(100m, await app.CashAsync(account));
    }
}
