using Portfolio.Application.Orders;
using Portfolio.Application.Tests.Orders;
using Portfolio.Application.Transactions;
using Portfolio.Domain;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;
using static Portfolio.Application.Tests.Orders.OrderDesk;

namespace Portfolio.Application.Tests.Cash;

/// <summary>The cash rule of a cash-tracking account, at every date of the log, with pending orders' reservations.</summary>
public class CashFloorTests
{
    private static readonly DateOnly May1 = new(2024, 5, 1), May10 = new(2024, 5, 10), May20 = new(2024, 5, 20);

    [Fact]
    public async Task A_buy_beyond_the_cash_is_refused_naming_the_quantity_and_the_balance_it_would_leave()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(1_000);
        await app.RecordAsync(account, id => new Buy(id, June3, "AAPL", 10, 100)); // exactly all the cash
        var refused = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.RecordAsync(account, id => new Buy(id, June3, "AAPL", 1, 0.01m)));
        Assert.Equal(("quantity", "would take cash below zero: -0.01 on 2024-06-03"), (refused.Field, refused.Reason));
        Assert.Equal(0m, await app.CashAsync(account));
    }

    [Fact]
    public async Task A_withdrawal_back_dated_before_the_first_deposit_is_refused_though_the_final_balance_would_be_positive()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true));
        await app.RecordAsync(account, id => new Deposit(id, May10, 1_000));
        var refused = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.RecordAsync(account, id => new Withdrawal(id, May1, 500)));
        Assert.Equal(("amount", "would take cash below zero: -500 on 2024-05-01"), (refused.Field, refused.Reason));
        await app.RecordAsync(account, id => new Withdrawal(id, May10, 500)); // the same day as the deposit, booked after it
        Assert.Equal(500m, await app.CashAsync(account));
    }

    [Fact]
    public async Task A_back_dated_buy_is_refused_at_the_later_date_where_the_balance_would_be_lowest()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true));
        await app.RecordAsync(account, id => new Deposit(id, May1, 1_000));
        await app.RecordAsync(account, id => new Withdrawal(id, May20, 900));
        await app.RecordAsync(account, id => new Interest(id, June3, 50));

        // After the buy 800 on 10 May, then −100 after the withdrawal on 20 May, then −50 with the interest.
        var refused = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.RecordAsync(account, id => new Buy(id, May10, "AAPL", 2, 100)));
        Assert.Equal(("quantity", "would take cash below zero: -100 on 2024-05-20"), (refused.Field, refused.Reason));
        await app.RecordAsync(account, id => new Buy(id, May10, "AAPL", 1, 100)); // lowest 0 on 20 May
        Assert.Equal(50m, await app.CashAsync(account));
    }

    [Fact]
    public async Task A_refusal_whose_lowest_balance_is_the_final_one_names_the_date_of_the_last_transaction()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true));
        await app.RecordAsync(account, id => new Deposit(id, May1, 1_000));
        await app.RecordAsync(account, id => new Withdrawal(id, June3, 500));

        // After the buy 400 on 10 May, then −100 after the withdrawal on 3 June, the end of the log.
        var refused = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.RecordAsync(account, id => new Buy(id, May10, "AAPL", 6, 100)));
        Assert.Equal(("quantity", "would take cash below zero: -100 on 2024-06-03"), (refused.Field, refused.Reason));
        Assert.Equal(500m, await app.CashAsync(account));
    }

    [Fact]
    public async Task A_lowest_balance_reached_twice_is_named_at_its_first_date_where_a_deposit_would_have_to_come_first()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true));
        await app.RecordAsync(account, id => new Deposit(id, May1, 1_000));
        await app.RecordAsync(account, id => new Withdrawal(id, May20, 300));
        await app.RecordAsync(account, id => new Deposit(id, new DateOnly(2024, 5, 25), 300));
        await app.RecordAsync(account, id => new Withdrawal(id, June3, 300));

        // After the buy 100 on 10 May, −200 on 20 May, 100 on 25 May, −200 again on 3 June.
        var refused = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.RecordAsync(account, id => new Buy(id, May10, "AAPL", 9, 100)));
        Assert.Equal(("quantity", "would take cash below zero: -200 on 2024-05-20"), (refused.Field, refused.Reason));
        Assert.Equal(700m, await app.CashAsync(account));
    }

    [Fact]
    public async Task A_lowest_balance_first_reached_by_the_refused_transaction_itself_is_named_at_its_date()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true));
        await app.RecordAsync(account, id => new Deposit(id, May1, 1_000));
        await app.RecordAsync(account, id => new Deposit(id, new DateOnly(2024, 5, 25), 300));
        await app.RecordAsync(account, id => new Withdrawal(id, June3, 300));

        // After the buy −100 on 10 May, 200 on 25 May, −100 again on 3 June.
        var refused = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.RecordAsync(account, id => new Buy(id, May10, "AAPL", 11, 100)));
        Assert.Equal(("quantity", "would take cash below zero: -100 on 2024-05-10"), (refused.Field, refused.Reason));
        Assert.Equal(1_000m, await app.CashAsync(account));
    }

    [Fact]
    public async Task The_margin_allowance_is_how_far_below_zero_cash_may_go()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(1_000, margin: 200);
        await app.RecordAsync(account, id => new Buy(id, June3, "AAPL", 12, 100)); // −200
        var refused = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.RecordAsync(account, id => new AccountFee(id, June3, 0.01m)));
        Assert.Equal(("amount", "would take cash below the margin allowance of 200: -200.01 on 2024-06-03"), (refused.Field, refused.Reason));
        await app.RecordAsync(account, id => new Sell(id, June3, "AAPL", 1, 100)); // a sale adds cash, never refused
        Assert.Equal(-100m, await app.CashAsync(account));
    }

    [Fact]
    public async Task Cash_reserved_by_pending_buys_cannot_be_withdrawn()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(1_000);
        await app.PlaceAsync(account, OrderSide.Buy, 5, 100); // reserves 500

        var refused = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.RecordAsync(account, id => new Withdrawal(id, June3, 600)));
        Assert.Equal(("amount", "would take cash below zero: 400 on 2024-06-03 (500 more is reserved by pending orders)"), (refused.Field, refused.Reason));
        await app.RecordAsync(account, id => new Withdrawal(id, June3, 500));
        Assert.Equal(500m, await app.CashAsync(account));
    }

    [Fact]
    public void Only_buys_fees_and_withdrawals_of_a_cash_tracking_account_can_break_the_rule()
    {
        var cash = new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true, MarginAllowance: 50);
        var securities = cash with { TracksCash = false };
        var buy = new Buy("b", June3, "AAPL", 1, 1);

        Assert.False(CashFloor.Breaks(cash, buy, -50));
        Assert.True(CashFloor.Breaks(cash, buy, -50.01m));
        Assert.True(CashFloor.Breaks(cash, new Withdrawal("w", June3, 1), -51));
        Assert.True(CashFloor.Breaks(cash, new AccountFee("f", June3, 1), -51));
        Assert.False(CashFloor.Breaks(cash, new Deposit("d", June3, 1), -1_000));
        Assert.False(CashFloor.Breaks(cash, new Sell("s", June3, "AAPL", 1, 1), -1_000));
        Assert.False(CashFloor.Breaks(securities, buy, -1_000));
    }
}
