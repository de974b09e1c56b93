using Portfolio.Domain.Ledger;
using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Validation;

public class BackDatingTests
{
    [Fact]
    public void Apply_refuses_a_transaction_dated_before_the_last_booked_date()
    {
        var ledger = new LedgerBuilder().Deposit("2024-03-01", 1000).Build();
        var before = LedgerSnapshot.Of(ledger);

        var error = Assert.Throws<LedgerRuleViolation>(() => ledger.Apply(new Deposit("late", D("2024-02-29"), 5)));

        Assert.Equal("tradeDate", error.Field);
        LedgerSnapshot.Of(ledger).ShouldEqual(before);
    }

    [Fact]
    public void Apply_accepts_a_second_transaction_on_the_last_booked_date()
    {
        var ledger = new LedgerBuilder().Deposit("2024-03-01", 1000).Build();

        ledger.Apply(new Withdrawal("w", D("2024-03-01"), 400));

        Assert.Equal(600m, ledger.Cash);
    }

    [Fact]
    public void Replay_books_a_log_recorded_out_of_date_order_in_date_order()
    {
        // Recorded order: sell (03-01), buy 100 @ 10 (01-02), buy 50 @ 20 (02-01), deposit (01-02).
        // Booked by date: deposit 3000, buy t1, buy t2, sell 120 @ 30 FIFO:
        //   t1 100 sh basis 1000 proceeds 3000; t2 20 sh basis 400 proceeds 600. Cash 3000 − 1000 − 1000 + 3600 = 4600.
        var log = new Transaction[]
        {
            new Sell("s", D("2024-03-01"), "XYZ", 120, 30),
            new Buy("b1", D("2024-01-02"), "XYZ", 100, 10),
            new Buy("b2", D("2024-02-01"), "XYZ", 50, 20),
            new Deposit("d", D("2024-01-02"), 3000),
        };
        var inOrder = new[] { log[3], log[1], log[2], log[0] };

        var replayed = AccountLedger.Replay(new LedgerBuilder().Settings, log);
        var applied = new AccountLedger(new LedgerBuilder().Settings);
        foreach (var t in inOrder) applied.Apply(t);

        Assert.Equal([("b1", 100m, 1000m, 3000m), ("b2", 20m, 400m, 600m)],
            replayed.Realized.Select(p => (p.LotId, p.Quantity, p.CostBasis, p.Proceeds)));
        Assert.Equal(4600m, replayed.Cash);
        LedgerSnapshot.Of(replayed).ShouldEqual(LedgerSnapshot.Of(applied));
    }

    [Fact]
    public void Replay_keeps_the_recorded_order_of_transactions_on_one_date()
    {
        // Same date: buy 10 @ 10 recorded before sell 10 @ 12 → sale works (gain 20). Recorded the other way round the
        // sale comes first and is an oversell.
        var buy = new Buy("b", D("2024-01-02"), "XYZ", 10, 10);
        var sell = new Sell("s", D("2024-01-02"), "XYZ", 10, 12);
        var settings = new LedgerBuilder().Settings;

        Assert.Equal(20m, Assert.Single(AccountLedger.Replay(settings, [buy, sell]).Realized).Gain);
        Assert.Equal("quantity", Assert.Throws<LedgerRuleViolation>(() => AccountLedger.Replay(settings, [sell, buy])).Field);
    }
}
