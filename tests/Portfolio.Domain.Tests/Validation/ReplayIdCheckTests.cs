using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Validation;

/// <summary>
/// A replay checks a whole log's ids for repeats at once, and the set of ids is built only when a later booking needs
/// it: the replay must refuse exactly what booking one transaction after another refuses, at the same transaction.
/// </summary>
public class ReplayIdCheckTests
{
    private static readonly AccountSettings Settings = new LedgerBuilder().Settings;

    private static Deposit Cash(string id, int day) => new(id, new DateOnly(2024, 1, 1).AddDays(day), 100);

    /// <summary>The refusal of booking the log one transaction at a time, the way a write books (the reference).</summary>
    private static LedgerRuleViolation OneByOne(IReadOnlyList<Transaction> log)
    {
        var ledger = new AccountLedger(Settings);
        return Assert.Throws<LedgerRuleViolation>(() => { foreach (var t in log) ledger.Apply(t); });
    }

    private static LedgerRuleViolation Replayed(IReadOnlyList<Transaction> log) =>
        Assert.Throws<LedgerRuleViolation>(() => AccountLedger.Replay(Settings, log));

    [Fact]
    public void Replay_refuses_the_first_id_that_repeats_an_earlier_one_not_the_first_id_repeated()
    {
        // "b" is booked again at index 3, before "a" is booked again at index 4.
        Transaction[] log = [Cash("a", 1), Cash("b", 2), Cash("c", 3), Cash("b", 4), Cash("a", 5)];

        var error = Replayed(log);

        Assert.Equal(("id", "transaction 'b' is already booked"), (error.Field, error.Reason));
        Assert.Equal((error.Field, error.Reason), (OneByOne(log).Field, OneByOne(log).Reason));
    }

    [Fact]
    public void A_repeated_id_before_an_oversell_is_refused_as_the_repeat()
    {
        Transaction[] log = [Cash("a", 1), Cash("a", 2), new Sell("s", D("2024-01-05"), "XYZ", 1, 10)];

        Assert.Equal(("id", "transaction 'a' is already booked"), (Replayed(log).Field, Replayed(log).Reason));
    }

    [Fact]
    public void An_oversell_before_a_repeated_id_is_refused_as_the_oversell()
    {
        Transaction[] log = [Cash("a", 1), new Sell("s", D("2024-01-03"), "XYZ", 1, 10), Cash("a", 4)];

        var error = Replayed(log);

        Assert.Equal(("quantity", "disposes of 1 XYZ but only 0 are held"), (error.Field, error.Reason));
        Assert.Equal((error.Field, error.Reason), (OneByOne(log).Field, OneByOne(log).Reason));
    }

    [Fact]
    public void An_oversell_that_also_repeats_an_id_is_refused_as_the_repeat_which_is_checked_first()
    {
        Transaction[] log = [Cash("a", 1), new Sell("a", D("2024-01-03"), "XYZ", 1, 10)];

        Assert.Equal(("id", "transaction 'a' is already booked"), (Replayed(log).Field, Replayed(log).Reason));
        Assert.Equal("id", OneByOne(log).Field);
    }

    [Fact]
    public void A_blank_id_is_refused_as_blank_unless_a_repeat_comes_before_it()
    {
        Transaction[] blankFirst = [Cash("a", 1), Cash(" ", 2), Cash("a", 3)];
        Transaction[] repeatFirst = [Cash("a", 1), Cash("a", 2), Cash(" ", 3)];

        Assert.Equal(("id", "a transaction needs an id"), (Replayed(blankFirst).Field, Replayed(blankFirst).Reason));
        Assert.Equal(("id", "transaction 'a' is already booked"), (Replayed(repeatFirst).Field, Replayed(repeatFirst).Reason));
    }

    [Fact]
    public void A_repeat_at_the_end_of_a_long_log_is_found_and_named()
    {
        var log = Enumerable.Range(0, 5_000).Select(i => (Transaction)Cash($"d{i}", i / 10)).ToList();
        log.Add(Cash("d1234", 600));

        Assert.Equal("transaction 'd1234' is already booked", Replayed(log).Reason);
    }

    [Fact]
    public void A_replayed_ledger_knows_every_booked_id_when_the_next_transaction_is_booked()
    {
        var log = Enumerable.Range(0, 5_000).Select(i => (Transaction)Cash($"d{i}", i / 10)).ToList();
        var ledger = AccountLedger.Replay(Settings, log);

        Assert.Equal(5_000, ledger.TransactionCount);
        Assert.Equal("transaction 'd4321' is already booked", Assert.Throws<LedgerRuleViolation>(() => ledger.With(Cash("d4321", 600))).Reason);
        var next = ledger.With(Cash("new", 600));
        Assert.Equal(5_001, next.TransactionCount);
        Assert.Equal(500_100m, next.Cash);
        Assert.Equal(5_000, ledger.TransactionCount);
        Assert.Equal("id", Assert.Throws<LedgerRuleViolation>(() => next.With(Cash("d0", 601))).Field);
    }

    [Fact]
    public void Versions_derived_at_once_by_several_threads_from_one_replayed_ledger_each_know_every_id()
    {
        var log = Enumerable.Range(0, 20_000).Select(i => (Transaction)Cash($"d{i}", i / 100)).ToList();
        var ledger = AccountLedger.Replay(Settings, log);
        ledger.Freeze();

        var versions = new AccountLedger[8];
        Parallel.For(0, versions.Length, i => versions[i] = ledger.With(Cash($"n{i}", 300)));

        Assert.All(versions, v => Assert.Equal(20_001, v.TransactionCount));
        Assert.All(versions, v => Assert.Equal("id", Assert.Throws<LedgerRuleViolation>(() => v.With(Cash("d19999", 301))).Field));
    }
}
