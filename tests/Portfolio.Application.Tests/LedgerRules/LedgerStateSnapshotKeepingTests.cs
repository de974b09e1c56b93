using Portfolio.Application.Ledger;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.LedgerRules;

/// <summary>
/// Which frozen ledgers a state keeps (<see cref="LedgerState.KeepsSnapshot"/>), with an interval of 1 so every booked
/// transaction is a candidate. For a state of n booked, booked b is kept when b is among the newest two, or further back
/// when b is a multiple of the largest power of two not above (n - b) / 2.
/// </summary>
public class LedgerStateSnapshotKeepingTests
{
    private static readonly AccountSettings Settings = LedgerLogs.Taxable(LotMethod.Fifo);

    private static LedgerEntry Deposit(long sequence, int day) =>
        new("a", sequence, new Deposit($"tx-{sequence}", new DateOnly(2024, 5, day), 100m), DateTimeOffset.UnixEpoch);

    private static LedgerState Written(IEnumerable<LedgerEntry> entries)
    {
        var state = LedgerState.Empty("a", Settings, 1);
        foreach (var entry in entries) state = state.With(entry, out _);
        return state;
    }

    [Fact]
    public void Writes_dated_on_the_last_booked_date_thin_the_snapshots_as_later_dated_writes_do()
    {
        var state = Written(Enumerable.Range(1, 8).Select(i => Deposit(i, day: 1)));

        // n = 8: b = 8, 7 (distance 0, 1); 6, 5 (distance 2, 3: spacing 1); 4 (distance 4: spacing 2); 3 no; 2 (distance 6:
        // spacing 2); 1 no (distance 7: spacing 2). Kept: 2, 4, 5, 6, 7, 8.
        Assert.Equal(6, state.SnapshotCount);
        Assert.Equal(800m, state.Ledger.Cash);
    }

    [Fact]
    public void A_back_dated_write_keeps_the_snapshots_of_the_replay_after_its_place()
    {
        var forward = Written(Enumerable.Range(1, 8).Select(i => Deposit(i, day: i)));

        // Dated 1 May: booked second (place 1); no snapshot at or before 1, so all 9 are replayed, and for n = 9 kept are
        // 9, 8 (distance 0, 1); 7, 6 (distance 2, 3); 5 no, 4 (distance 5: spacing 2); 3 no, 2 (distance 7: spacing 2);
        // 1 no (distance 8: spacing 4). Kept: 2, 4, 6, 7, 8, 9.
        var state = forward.With(Deposit(9, day: 1), out _);

        Assert.Equal(6, state.SnapshotCount);
        Assert.Equal(["tx-1", "tx-9", "tx-2"], state.BookingOrder().Take(3).Select(t => t.Id));
    }

    [Fact]
    public void No_snapshot_is_kept_before_the_first_booked_transaction()
    {
        Assert.False(LedgerState.KeepsSnapshot(booked: 0, count: 1, interval: 1));
        Assert.False(LedgerState.KeepsSnapshot(booked: 0, count: 0, interval: 1));
    }

    [Fact]
    public void The_snapshot_at_or_before_a_place_that_holds_one_is_that_snapshot()
    {
        var state = Written(Enumerable.Range(1, 8).Select(i => Deposit(i, day: i))); // kept: 2, 4, 5, 6, 7, 8

        Assert.Equal((8, 4, 2, 0), (state.SnapshotAtOrBefore(8), state.SnapshotAtOrBefore(4), state.SnapshotAtOrBefore(3), state.SnapshotAtOrBefore(1)));
    }
}
