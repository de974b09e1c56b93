using Portfolio.Application.Ledger;
using Portfolio.Domain;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests;

/// <summary>A state keeps a snapshot every interval near the end of its log and fewer further back.</summary>
public class LedgerSnapshotSpacingTests
{
    private const int Interval = LedgerState.CheckpointInterval;

    [Theory]
    [InlineData(2 * Interval + 1)]
    [InlineData(8 * Interval)]
    [InlineData(37 * Interval + 500)]
    [InlineData(200 * Interval)]
    public void A_back_dated_write_replays_from_no_further_before_its_place_than_its_suffix_plus_one_interval(int count)
    {
        var kept = Enumerable.Range(1, count).Where(booked => LedgerState.KeepsSnapshot(booked, count, Interval)).ToList();

        for (var place = 0; place <= count; place++)
        {
            var from = kept.LastOrDefault(booked => booked <= place);
            Assert.True(place - from <= count - place + Interval, $"place {place} of {count} replays from {from}");
        }
        Assert.All(kept, booked => Assert.Equal(0, booked % Interval));
        // The newest two intervals each keep one, and a long log keeps a few per doubling of the distance, not one per interval.
        Assert.Contains(count / Interval * Interval, kept);
        if (count >= 2 * Interval) Assert.Contains((count / Interval - 1) * Interval, kept);
        Assert.True(kept.Count <= 2 * Math.Log2(count / (double)Interval) + 2, $"{kept.Count} snapshots for {count}");
    }

    [Fact]
    public void A_back_dated_write_into_a_long_log_where_the_nearest_snapshot_is_sparse_equals_a_full_replay()
    {
        var settings = LedgerLogs.Taxable(LotMethod.Fifo);
        var entries = LedgerLogs.Generate("a", settings, 8 * Interval, seed: 71);
        var state = LedgerState.Replay("a", settings, entries);
        var date = state.BookingOrder()[3 * Interval + 500].TradeDate;
        var place = state.BookingOrder().Count(t => t.TradeDate <= date);
        // The premise: no snapshot within an interval before the place, so the write replays from a sparse one.
        Assert.True(place - state.SnapshotAtOrBefore(place) > Interval, $"nearest snapshot {state.SnapshotAtOrBefore(place)}");
        var late = Entry(entries.Count + 1, new Deposit("late", date, 1000m));

        var next = state.With(late, out _);

        var corrected = entries.Append(late).ToList();
        LedgerAssert.Same(LedgerState.Replay("a", settings, corrected).Ledger, next.Ledger);
        Assert.Equal(TransactionOrder.InBookingOrder(corrected.Select(e => e.Transaction)), next.BookingOrder());
        LedgerAssert.Same(LedgerState.Replay("a", settings, entries).Ledger, state.Ledger);

        // A second back-dated write replays from a snapshot the first one's replay froze.
        var laterDate = next.BookingOrder()[6 * Interval + 500].TradeDate;
        var later = Entry(corrected.Count + 1, new AccountFee("later-fee", laterDate, 12.5m));
        var last = next.With(later, out _);

        LedgerAssert.Same(LedgerState.Replay("a", settings, [.. corrected, later]).Ledger, last.Ledger);
        Assert.Equal(next.Ledger.Cash - 12.5m, last.Ledger.Cash);
    }

    private static LedgerEntry Entry(long sequence, Transaction transaction) =>
        new("a", sequence, transaction, DateTimeOffset.UnixEpoch, transaction.Id, "h");
}
