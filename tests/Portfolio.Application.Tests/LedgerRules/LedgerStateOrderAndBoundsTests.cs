using Portfolio.Application.Ledger;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.LedgerRules;

/// <summary>
/// A state books its log in booking order (trade date, then recording order) however the entries were recorded, after a
/// checkpoint too; it answers the prefix hash of the sequence it starts from; a sequence beyond the range of a list
/// index is refused, never wrapped onto another one.
/// </summary>
public class LedgerStateOrderAndBoundsTests
{
    private static readonly AccountSettings Settings = LedgerLogs.Taxable(LotMethod.Fifo);

    private static LedgerEntry Deposit(long sequence, int day) =>
        new("a", sequence, new Deposit($"tx-{sequence}", new DateOnly(2024, 5, day), 100m), DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_replayed_log_recorded_out_of_date_order_is_booked_in_date_order()
    {
        var state = LedgerState.Replay("a", Settings, [Deposit(1, day: 2), Deposit(2, day: 1)]);

        Assert.Equal(["tx-2", "tx-1"], state.BookingOrder().Select(t => t.Id));
    }

    [Fact]
    public void Entries_after_a_checkpoint_recorded_out_of_date_order_are_booked_in_date_order_after_it()
    {
        // Entries 1 and 2 (1 and 2 May) are in the checkpoint; 3 (5 May) was recorded before 4 (4 May).
        List<LedgerEntry> log = [Deposit(1, day: 1), Deposit(2, day: 2), Deposit(3, day: 5), Deposit(4, day: 4)];
        var checkpoint = LedgerState.Replay("a", Settings, log.Take(2).ToList(), 2).Ledger;

        var state = LedgerState.Resume("a", log, checkpoint, 2, 2);

        Assert.Equal(["tx-1", "tx-2", "tx-4", "tx-3"], state.BookingOrder().Select(t => t.Id));
        Assert.Equal(400m, state.Ledger.Cash);
    }

    [Fact]
    public void The_prefix_hash_at_the_sequence_a_state_starts_from_is_that_start_hash()
    {
        var whole = LedgerState.Replay("a", Settings, [Deposit(1, day: 1)], 1);
        var partial = LedgerState.FromCheckpoint("a", whole.Ledger, 1, "hash-at-1", [Deposit(2, day: 2)], 1);

        Assert.Equal(LogPrefixHash.Empty, whole.PrefixHash(0));
        Assert.Equal("hash-at-1", partial.PrefixHash(1));
    }

    [Fact]
    public void The_prefix_hash_of_a_sequence_beyond_int_range_blocks_is_refused_not_wrapped_onto_block_1()
    {
        var state = LedgerState.Replay("a", Settings, [Deposit(1, day: 1)], 1);

        // 2^32 + 1 blocks of 1: as an int that would be block 1, whose hash the state holds.
        Assert.Throws<OverflowException>(() => state.PrefixHash(4_294_967_297));
    }

    [Fact]
    public void Resuming_from_a_checkpoint_sequence_beyond_int_range_is_refused_not_wrapped_to_sequence_0()
    {
        var checkpoint = new AccountLedger(Settings);

        Assert.Throws<OverflowException>(() => LedgerState.Resume("a", [Deposit(1, day: 1)], checkpoint, 4_294_967_296, 1));
    }
}
