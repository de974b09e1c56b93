using Microsoft.Extensions.Logging.Abstractions;
using Portfolio.Application.Accounts;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.Checkpoints;

/// <summary>
/// Which stored checkpoint a cold load starts from: one at a positive multiple of the reader's interval, of a format it
/// reads, no later than the log's end (a log of exactly one interval included), still there when read; anything else is
/// passed over for the one before it, or the log is replayed. Deposits of 100 a day from 1 May 2024, checkpoints every 2
/// entries; a checkpoint's ledger holds a marker amount of cash more than its log gives, so the cash shows which was used.
/// </summary>
public class CheckpointCandidateTests
{
    private const int Interval = 2;
    private static readonly AccountSettings Settings = LedgerLogs.Taxable(LotMethod.Fifo);
    private static readonly Account Account = new("acc_c", "owner", "C", Settings, DateTimeOffset.UnixEpoch);
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static LedgerCheckpoints Checkpoints(ILedgerCheckpointStore? store, int interval = Interval) =>
        new(NullLogger<LedgerCheckpoints>.Instance, store, new LedgerCheckpointOptions { Interval = interval });

    /// <summary><paramref name="count"/> deposits of 100 on 1, 2, ... May 2024, stamped as the write path stamps them at <paramref name="interval"/>.</summary>
    private static List<LedgerEntry> Log(int count, int interval = Interval)
    {
        var state = LedgerState.Empty(Account.Id, Settings, interval);
        for (var i = 1; i <= count; i++)
            state = state.With(new LedgerEntry(Account.Id, i, new Deposit($"tx-{i}", new DateOnly(2024, 5, i), 100m), DateTimeOffset.UnixEpoch), out _);
        return state.Entries.ToList();
    }

    /// <summary>The true checkpoint of <paramref name="log"/> at <paramref name="sequence"/>, but holding <paramref name="marker"/> more cash.</summary>
    private static LedgerCheckpoint Checkpoint(List<LedgerEntry> log, long sequence, decimal marker, int format = LedgerCheckpointJson.Format)
    {
        var prefix = LedgerState.Replay(Account.Id, Settings, log.Take((int)sequence).ToList(), Interval);
        var saved = prefix.Ledger.Save();
        saved = saved with { Cash = saved.Cash + marker };
        var info = new LedgerCheckpointInfo(Account.Id, sequence, prefix.PrefixHash(sequence), saved.LastTradeDate, format);
        return new LedgerCheckpoint(info, Common.StorageJson.Serialize(saved));
    }

    [Fact]
    public async Task Without_a_checkpoint_store_a_log_of_several_intervals_is_replayed()
    {
        var state = await Checkpoints(store: null).LoadAsync(Account, Log(5), Ct);

        Assert.Equal(500m, state.Ledger.Cash); // 5 deposits of 100
        Assert.True(state.IsComplete);
    }

    [Fact]
    public async Task A_log_of_exactly_one_interval_resumes_from_the_checkpoint_at_its_last_entry()
    {
        var log = Log(Interval);
        var store = new ListCheckpointStore();
        store.Saved.Add(Checkpoint(log, Interval, marker: 1m));

        var state = await Checkpoints(store).LoadAsync(Account, log, Ct);

        Assert.Equal(201m, state.Ledger.Cash); // 2 deposits of 100, + the checkpoint's marker 1
    }

    [Fact]
    public async Task A_checkpoint_listed_but_gone_when_read_is_passed_over_for_the_one_before_it_by_both_loads()
    {
        var log = Log(5);
        var store = new ListCheckpointStore();
        store.Saved.Add(Checkpoint(log, 2, marker: 1m));
        store.Saved.Add(Checkpoint(log, 4, marker: 1_000m));
        store.Gone.Add(4);

        var whole = await Checkpoints(store).LoadAsync(Account, log, Ct);
        var suffix = await Checkpoints(store).LoadFromNewestAsync(Account, new ListLedgerStore(log), Ct);

        Assert.Equal(501m, whole.Ledger.Cash); // 500 + the marker of the checkpoint at 2
        Assert.NotNull(suffix);
        Assert.Equal((501m, 3), (suffix.Ledger.Cash, suffix.Entries.Count)); // entries 3 to 5 after the checkpoint at 2
    }

    [Fact]
    public async Task A_write_dated_on_the_checkpoints_last_trade_date_is_covered_by_it()
    {
        var log = Log(5);
        var store = new ListCheckpointStore();
        store.Saved.Add(Checkpoint(log, 4, marker: 1m)); // last trade date 4 May

        var state = await Checkpoints(store).LoadFromNewestAsync(Account, new ListLedgerStore(log), Ct, covering: new DateOnly(2024, 5, 4));

        Assert.NotNull(state);
        Assert.Equal((501m, 1), (state.Ledger.Cash, state.Entries.Count));
    }

    [Fact]
    public async Task A_checkpoint_of_a_format_the_reader_does_not_know_is_passed_over_by_both_loads()
    {
        var log = Log(5);
        var store = new ListCheckpointStore();
        store.Saved.Add(Checkpoint(log, 2, marker: 1m));
        store.Saved.Add(Checkpoint(log, 4, marker: 1_000m, format: 99));

        var whole = await Checkpoints(store).LoadAsync(Account, log, Ct);
        var suffix = await Checkpoints(store).LoadFromNewestAsync(Account, new ListLedgerStore(log), Ct);

        Assert.Equal(501m, whole.Ledger.Cash);
        Assert.NotNull(suffix);
        Assert.Equal((501m, 3), (suffix.Ledger.Cash, suffix.Entries.Count));
    }

    [Fact]
    public async Task A_checkpoint_at_a_multiple_of_an_earlier_interval_but_not_of_the_readers_is_passed_over()
    {
        // Written at interval 2 (entry 2 stamped), read with interval 4: the checkpoint at 2 agrees with the log but no
        // state of interval 4 can start at 2.
        var log = Log(6);
        var store = new ListCheckpointStore();
        store.Saved.Add(Checkpoint(log, 2, marker: 1_000m));

        var state = await Checkpoints(store, interval: 4).LoadFromNewestAsync(Account, new ListLedgerStore(log), Ct);

        Assert.Null(state);
    }

    [Fact]
    public async Task A_checkpoint_past_the_end_of_the_log_is_passed_over_for_the_one_before_it()
    {
        var log = Log(3);
        var store = new ListCheckpointStore();
        store.Saved.Add(Checkpoint(log, 2, marker: 1m));
        store.Saved.Add(Checkpoint(Log(4), 4, marker: 1_000m)); // of a longer log than the one read

        var state = await Checkpoints(store).LoadFromNewestAsync(Account, new ListLedgerStore(log), Ct);

        Assert.NotNull(state);
        Assert.Equal((301m, 1), (state.Ledger.Cash, state.Entries.Count));
    }

    [Fact]
    public async Task A_checkpoint_listed_at_sequence_zero_is_passed_over_and_the_log_replayed()
    {
        var log = Log(3);
        var store = new ListCheckpointStore();
        var empty = Common.StorageJson.Serialize(new Domain.Ledger.AccountLedger(Settings).Save() with { Cash = 1_000m });
        store.Saved.Add(new LedgerCheckpoint(new LedgerCheckpointInfo(Account.Id, 0, LogPrefixHash.Empty, null, LedgerCheckpointJson.Format), empty));

        var state = await Checkpoints(store).LoadAsync(Account, log, Ct);

        Assert.Equal(300m, state.Ledger.Cash);
    }

    [Fact]
    public async Task A_checkpoint_sequence_beyond_int_range_fails_the_load_rather_than_being_wrapped()
    {
        // 2^32 is a multiple of the interval, and the log's entry there carries the checkpoint's prefix hash: only the
        // checked conversion of the sequence stands between it and a ledger deserialized as if 0 transactions were booked.
        const long sequence = 4_294_967_296;
        var deposit = new LedgerEntry(Account.Id, sequence, new Deposit("tx-far", new DateOnly(2024, 5, 1), 100m), DateTimeOffset.UnixEpoch, PrefixHash: "hash");
        var ledger = LedgerState.Replay(Account.Id, Settings, [deposit with { Sequence = 1 }], Interval).Ledger;
        var store = new ListCheckpointStore();
        store.Saved.Add(new LedgerCheckpoint(new LedgerCheckpointInfo(Account.Id, sequence, "hash", ledger.LastTradeDate, LedgerCheckpointJson.Format),
            LedgerCheckpointJson.SerializeCompact(ledger)));

        await Assert.ThrowsAsync<OverflowException>(() => Checkpoints(store).LoadFromNewestAsync(Account, new ListLedgerStore([deposit]), Ct));
    }
}
