using Portfolio.Application.Ledger;
using Portfolio.Domain;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests;

/// <summary>
/// An account written to one entry at a time keeps the same sparse snapshots as one replayed from its whole log, not a
/// frozen ledger per interval of the writes since it was loaded.
/// </summary>
public class LedgerSnapshotThinningTests
{
    private const int Interval = 20;

    [Fact]
    public void Writing_a_log_entry_by_entry_keeps_the_snapshots_a_full_replay_of_it_keeps()
    {
        var settings = LedgerLogs.Taxable(LotMethod.Fifo);
        var entries = LedgerLogs.Generate("a", settings, 64 * Interval + 7, seed: 5);

        var written = LedgerState.Empty("a", settings, Interval);
        foreach (var entry in entries) written = written.With(entry, out _);
        var replayed = LedgerState.Replay("a", settings, entries, Interval);

        // 1,287 entries: the newest two intervals (1,280 and 1,260) and the powers of two further back, 12 in all, not 64.
        var expected = Enumerable.Range(1, entries.Count).Count(booked => LedgerState.KeepsSnapshot(booked, entries.Count, Interval));
        Assert.Equal(expected, written.SnapshotCount);
        Assert.Equal(expected, replayed.SnapshotCount);
        Assert.InRange(written.SnapshotCount, 2, 2 * Math.Log2(64) + 2);
        for (var place = 0; place <= entries.Count; place++)
            Assert.Equal(replayed.SnapshotAtOrBefore(place), written.SnapshotAtOrBefore(place));
        LedgerAssert.Same(replayed.Ledger, written.Ledger);
    }

    [Fact]
    public void A_state_loaded_from_a_checkpoint_keeps_it_through_many_writes_so_a_write_dated_on_its_last_day_still_books_right()
    {
        var settings = LedgerLogs.Taxable(LotMethod.Hifo);
        var entries = LedgerLogs.Generate("a", settings, 50 * Interval, seed: 9);
        const int checkpoint = 10 * Interval;
        var prefix = entries.Take(checkpoint).ToList();
        var hash = LedgerState.BlockHashes(prefix, LogPrefixHash.Empty, Interval)[^1];
        var state = LedgerState.FromCheckpoint("a", LedgerState.Replay("a", settings, prefix, Interval).Ledger, checkpoint, hash, [], Interval);

        foreach (var entry in entries.Skip(checkpoint)) state = state.With(entry, out _);
        // 40 intervals of writes since the load: the checkpoint itself is the only snapshot that far back.
        var lastDay = prefix[^1].Transaction.TradeDate;
        var late = new LedgerEntry("a", entries.Count + 1, new Deposit("late", lastDay, 777m), DateTimeOffset.UnixEpoch, "late", "h");
        var next = state.With(late, out _);

        LedgerAssert.SameFromCheckpoint(LedgerState.Replay("a", settings, [.. entries, late], Interval).Ledger, next.Ledger);
        Assert.Equal(state.Ledger.Cash + 777m, next.Ledger.Cash);
    }
}
