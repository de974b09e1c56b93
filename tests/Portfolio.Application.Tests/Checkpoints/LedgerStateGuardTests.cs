using Portfolio.Application.Ledger;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.Checkpoints;

/// <summary>
/// A ledger state refuses what would make it disagree with its log: a checkpoint off the interval, a suffix that does not
/// follow it, an entry that does not follow the last, a date before the checkpoint it was loaded from, a batch out of date
/// order, an interval that is not positive. Each refusal leaves the state as it was (states are never mutated).
/// </summary>
public class LedgerStateGuardTests
{
    private const int Interval = 20;
    private static readonly AccountSettings Settings = LedgerLogs.Taxable(LotMethod.Fifo);
    private static DateOnly D(int month, int day) => new(2024, month, day);

    private static LedgerEntry Entry(long sequence, DateOnly date, decimal amount = 100m) =>
        new("a", sequence, new Deposit($"tx_{sequence}", date, amount), DateTimeOffset.UnixEpoch);

    /// <summary>A state loaded from a checkpoint at 20 whose last trade was on 10 May, holding entry 21 (dated 12 May) after it.</summary>
    private static LedgerState FromCheckpoint()
    {
        var log = Enumerable.Range(1, Interval).Select(i => Entry(i, D(5, 10))).ToList();
        var prefix = LedgerState.Replay("a", Settings, log, Interval);
        return LedgerState.FromCheckpoint("a", prefix.Ledger, Interval, prefix.PrefixHash(Interval), [Entry(21, D(5, 12))], Interval);
    }

    [Fact]
    public void A_checkpoint_must_sit_at_a_positive_multiple_of_the_interval_and_its_suffix_must_follow_it()
    {
        var ledger = LedgerState.Replay("a", Settings, [Entry(1, D(5, 1))], Interval).Ledger;

        var offInterval = Assert.Throws<ArgumentOutOfRangeException>(() => LedgerState.FromCheckpoint("a", ledger, 30, "h", [], Interval));
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => LedgerState.FromCheckpoint("a", ledger, 0, "h", [], Interval));
        var gap = Assert.Throws<ArgumentException>(() => LedgerState.FromCheckpoint("a", ledger, 20, "h", [Entry(22, D(5, 2))], Interval));

        Assert.Equal(("sequence", 30L), (offInterval.ParamName, (long)offInterval.ActualValue!));
        Assert.Equal(("sequence", 0L), (zero.ParamName, (long)zero.ActualValue!));
        Assert.StartsWith("the suffix starts at 22, not 21", gap.Message);
        Assert.Equal(40L, LedgerState.FromCheckpoint("a", ledger, 40, "h", [], Interval).Version); // a multiple, with nothing after it
    }

    [Fact]
    public void An_entry_must_follow_the_last_and_a_state_from_a_checkpoint_books_nothing_dated_before_it()
    {
        var state = FromCheckpoint();

        var skipped = Assert.Throws<ArgumentException>(() => state.With(Entry(23, D(5, 13)), out _));
        var early = Assert.Throws<InvalidOperationException>(() => state.With(Entry(22, D(5, 9)), out _));
        var sameDay = state.With(Entry(22, D(5, 10)), out _); // on the checkpoint's last trade date: still after it in booking order

        Assert.StartsWith("entry 23 does not follow version 21", skipped.Message);
        Assert.Equal("2024-05-09 is before the checkpoint this state was loaded from: book it into the complete log", early.Message);
        Assert.Equal((21L, 22L), (state.Version, sameDay.Version));
        Assert.Equal((false, true, false), (state.IsComplete, state.Covers(D(5, 10)), state.Covers(D(5, 9))));
        Assert.Equal(Interval, state.Interval);
    }

    [Fact]
    public void A_batch_out_of_date_order_or_before_the_last_booked_date_is_refused_whole()
    {
        var state = LedgerState.Replay("a", Settings, [Entry(1, D(5, 10))], Interval);

        var unordered = Assert.Throws<ArgumentException>(() => state.WithBatch([Entry(0, D(5, 12)), Entry(0, D(5, 11))], (_, _) => { }, out _));
        var older = Assert.Throws<ArgumentException>(() => state.WithBatch([Entry(0, D(5, 9))], (_, _) => { }, out _));
        var next = state.WithBatch([Entry(100, D(5, 10)), Entry(101, D(5, 11), 50m)], (_, _) => { }, out var booked);

        Assert.All([unordered, older], e => Assert.StartsWith("a batch must be in date order and dated on or after the last booked transaction", e.Message));
        Assert.Equal([2L, 3L], booked.Select(b => b.Entry.Sequence)); // consecutive after the state's version, whatever they carried
        Assert.Equal((1L, 3L, 250m), (state.Version, next.Version, next.Ledger.Cash));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-20)]
    public void The_interval_must_be_positive(int interval)
    {
        Assert.Equal("interval", Assert.Throws<ArgumentOutOfRangeException>(() => LedgerState.Empty("a", Settings, interval)).ParamName);
        Assert.Equal("interval", Assert.Throws<ArgumentOutOfRangeException>(() => LedgerState.Replay("a", Settings, [], interval)).ParamName);
    }
}
