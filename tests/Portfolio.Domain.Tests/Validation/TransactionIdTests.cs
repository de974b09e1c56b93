using Portfolio.Domain.Ledger;
using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Validation;

public class TransactionIdTests
{
    [Fact]
    public void A_transaction_id_booked_twice_is_refused_and_the_second_booking_changes_nothing()
    {
        var ledger = new LedgerBuilder().Deposit("2024-01-02", 100).Build(); // id t1
        var before = LedgerSnapshot.Of(ledger);

        var error = Assert.Throws<LedgerRuleViolation>(() => ledger.Apply(new Deposit("t1", D("2024-01-03"), 100)));

        Assert.Equal("id", error.Field);
        LedgerSnapshot.Of(ledger).ShouldEqual(before);
        Assert.Equal(100m, ledger.Cash);
    }

    [Fact]
    public void A_blank_transaction_id_is_refused()
    {
        var ledger = new AccountLedger(new LedgerBuilder().Settings);

        Assert.Equal("id", Assert.Throws<LedgerRuleViolation>(() => ledger.Apply(new Deposit(" ", D("2024-01-03"), 100))).Field);
    }

    [Fact]
    public void Replay_refuses_a_log_with_a_duplicate_id()
    {
        var log = new Transaction[] { new Deposit("a", D("2024-01-02"), 1), new Deposit("a", D("2024-01-03"), 1) };

        Assert.Equal("id", Assert.Throws<LedgerRuleViolation>(() => AccountLedger.Replay(new LedgerBuilder().Settings, log)).Field);
    }
}
