using Portfolio.Application.Accounts;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Application.Transactions;
using Portfolio.Domain;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests;

/// <summary>
/// A cold account loads from its newest stored checkpoint and reads only the log after it: the checkpoint is checked
/// against the prefix hash stored on the log's entry at its sequence, not by reading the prefix.
/// </summary>
public class LedgerSuffixLoadTests
{
    /// <summary>A short checkpoint interval, so that logs of a few dozen entries cross two checkpoints (production keeps <see cref="LedgerState.CheckpointInterval"/>).</summary>
    private const int Interval = 20;
    private static readonly CancellationToken Ct = CancellationToken.None;

    public static TheoryData<LotMethod> Methods => new(Enum.GetValues<LotMethod>());

    [Theory, MemberData(nameof(Methods))]
    public async Task A_cold_load_reads_only_the_entries_from_the_newest_checkpoint_on_and_equals_a_full_replay(LotMethod method)
    {
        await using var app = ShortIntervalHarness();
        var (account, entries) = await StoredLogAsync(app, method, 2 * Interval + 9, checkpointsAt: [Interval, 2 * Interval], splitEvery: 7);
        var full = LedgerState.Replay(account.Id, account.Settings, entries);
        Assert.Contains(full.Ledger.Realized, r => r.WashSaleDisallowed != 0); // the log does exercise wash sales
        Assert.Contains(entries, e => e.Transaction is Split);
        var counting = new CountingLedgerStore(app.Get<ILedgerStore>());

        var loaded = await new LedgerReader(counting, app.Get<LedgerCheckpoints>()).LoadLedgerAsync(account, Ct);

        // Entry 40 (whose stored hash the checkpoint is checked against) and the 9 after it: nothing before.
        Assert.Equal(10, counting.EntriesRead);
        Assert.False(loaded.IsComplete);
        Assert.Equal(full.Version, loaded.Version);
        // The checkpoint is compact: the realized history before the earliest loss still awaiting a replacement stays in the log.
        Assert.InRange(loaded.Ledger.RealizedFrom, 1, full.Ledger.Realized.Count);
        LedgerAssert.SameFromCheckpoint(full.Ledger, loaded.Ledger);
        // A read of realized gains loads the whole log and gets the whole history, exactly.
        LedgerAssert.Same(full.Ledger, (await new LedgerReader(counting, app.Get<LedgerCheckpoints>()).LoadAsync(account, Ct)).Ledger);
        // By id: a stored transaction comes back as an equal record, but its lot selections as another list.
        Assert.Equal(full.BookingOrder().Skip(2 * Interval).Select(t => t.Id), loaded.BookingOrder().Select(t => t.Id));
    }

    [Theory, MemberData(nameof(Methods))]
    public async Task After_back_dated_writes_the_load_resumes_from_the_last_checkpoint_before_their_dates(LotMethod method)
    {
        await using var app = ShortIntervalHarness();
        var (account, entries) = await StoredLogAsync(app, method, 2 * Interval + 6, checkpointsAt: [Interval, 2 * Interval], splitEvery: 7);
        // Dated among entries 21 to 40: before the second checkpoint's last trade date, after the first one's.
        var place = 2 * Interval - 10;
        var date = entries[place - 1].Transaction.TradeDate;
        var held = LedgerState.Replay(account.Id, account.Settings, entries.Take(place).ToList()).Ledger.Positions.First().Symbol;
        var state = await app.Get<LedgerReader>().LoadAsync(account, Ct);
        // (A back-dated split would be refused here: later sales name lots by id, and a split replaces the lots.)
        foreach (var transaction in new Transaction[] { new Deposit("late-deposit", date, 2_500m), new CashDividend("late-dividend", date, held, 12.34m) })
        {
            state = state.With(new LedgerEntry(account.Id, state.Version + 1, transaction, DateTimeOffset.UnixEpoch), out _);
            Assert.Equal(AppendStatus.Appended, await app.Get<ILedgerStore>().TryAppendAsync(state.Entries[^1], Ct));
        }
        var log = await app.Get<ILedgerStore>().ReadAsync(account.Id, 0, Ct);

        var loaded = await new LedgerReader(app.Get<ILedgerStore>(), app.Get<LedgerCheckpoints>()).LoadLedgerAsync(account, Ct);

        Assert.Equal(log.Count - Interval, loaded.Entries.Count); // from the first checkpoint, not from zero
        Assert.Contains(loaded.BookingOrder(), t => t is Split); // corporate actions after the checkpoint are booked onto it
        LedgerAssert.SameFromCheckpoint(LedgerState.Replay(account.Id, account.Settings, log).Ledger, loaded.Ledger);
        LedgerAssert.SameFromCheckpoint(state.Ledger, loaded.Ledger);
    }

    [Fact]
    public async Task A_checkpoint_whose_prefix_hash_is_not_the_one_stored_on_the_log_is_ignored()
    {
        await using var app = ShortIntervalHarness();
        var (account, entries) = await StoredLogAsync(app, LotMethod.Fifo, 2 * Interval + 5, checkpointsAt: []);
        var full = LedgerState.Replay(account.Id, account.Settings, entries);
        var checkpoints = app.Get<ILedgerCheckpointStore>();
        // Checkpoints that hold more cash than their log gives: the load shows which one it resumed from.
        await SaveMarkedAsync(checkpoints, account, entries, Interval, extraCash: 1m);
        await SaveMarkedAsync(checkpoints, account, entries, 2 * Interval, extraCash: 1_000_000m, hash: new string('0', 64));

        var loaded = await new LedgerReader(app.Get<ILedgerStore>(), app.Get<LedgerCheckpoints>()).LoadLedgerAsync(account, Ct);

        Assert.Equal(full.Ledger.Cash + 1m, loaded.Ledger.Cash);
        Assert.Equal(entries.Count - Interval, loaded.Entries.Count);
    }

    [Fact]
    public async Task A_log_whose_entries_carry_no_prefix_hash_is_replayed_whole()
    {
        await using var app = ShortIntervalHarness();
        var account = await app.AccountAsync(LedgerLogs.Taxable(LotMethod.Hifo));
        var entries = LedgerLogs.Generate(account.Id, account.Settings, Interval + 4, seed: 3);
        Assert.Equal(AppendStatus.Appended, await app.Get<ILedgerStore>().TryAppendAllAsync(entries, Ct)); // as written before hashes were stored
        await SaveMarkedAsync(app.Get<ILedgerCheckpointStore>(), account, entries, Interval, extraCash: 1m);

        var loaded = await new LedgerReader(app.Get<ILedgerStore>(), app.Get<LedgerCheckpoints>()).LoadLedgerAsync(account, Ct);

        // The full-log path still checks the checkpoint by hashing the prefix it reads, and resumes from it.
        Assert.True(loaded.IsComplete);
        Assert.Equal(LedgerState.Replay(account.Id, account.Settings, entries).Ledger.Cash + 1m, loaded.Ledger.Cash);
    }

    [Fact]
    public async Task A_write_dated_before_the_checkpoint_a_cold_account_was_loaded_from_is_booked_into_the_whole_log()
    {
        await using var app = ShortIntervalHarness();
        var (account, entries) = await StoredLogAsync(app, LotMethod.Fifo, Interval + 6, checkpointsAt: [Interval]);
        app.Clock.SetUtcNow(new DateTimeOffset(2030, 1, 2, 18, 0, 0, TimeSpan.Zero)); // the generated log runs past the harness's today
        var reader = app.Get<LedgerReader>();
        Assert.False((await reader.LoadLedgerAsync(account, Ct)).IsComplete);
        var early = entries[Interval / 2].Transaction.TradeDate;

        var result = await app.Get<TransactionService>().RecordAsync(app.Alice,
            new RecordTransactionRequest(account.Id, new Deposit("", early, 123.45m), "early-deposit", "h"), Ct);

        var log = await app.Get<ILedgerStore>().ReadAsync(account.Id, 0, Ct);
        Assert.Equal(Interval + 7, result.Entry.Sequence);
        var state = await reader.LoadLedgerAsync(account, Ct);
        Assert.True(state.IsComplete); // the back-dated write loaded the whole log, and it stays loaded
        LedgerAssert.Same(LedgerState.Replay(account.Id, account.Settings, log).Ledger, state.Ledger);
        Assert.Equal(LedgerState.Replay(account.Id, account.Settings, entries).Ledger.Cash + 123.45m, state.Ledger.Cash);
    }

    [Fact]
    public async Task A_back_dated_write_on_a_cold_account_loads_from_the_last_checkpoint_before_its_date()
    {
        await using var app = ShortIntervalHarness();
        var (account, entries) = await StoredLogAsync(app, LotMethod.Hifo, 2 * Interval + 6, checkpointsAt: [Interval, 2 * Interval]);
        app.Clock.SetUtcNow(new DateTimeOffset(2030, 1, 2, 18, 0, 0, TimeSpan.Zero));
        var date = entries[2 * Interval - 10].Transaction.TradeDate; // after the first checkpoint's last trade date, before the second's

        await app.Get<TransactionService>().RecordAsync(app.Alice,
            new RecordTransactionRequest(account.Id, new Deposit("", date, 77m), "late-deposit", "h"), Ct);

        var log = await app.Get<ILedgerStore>().ReadAsync(account.Id, 0, Ct);
        var state = await app.Get<LedgerReader>().LoadLedgerAsync(account, Ct);
        Assert.False(state.IsComplete);
        Assert.Equal(Interval + 7, state.Entries.Count); // entries 21 to 47: from the first checkpoint
        LedgerAssert.SameFromCheckpoint(LedgerState.Replay(account.Id, account.Settings, log).Ledger, state.Ledger);
    }

    [Fact]
    public async Task A_retry_of_a_request_recorded_before_the_checkpoint_is_answered_from_the_store_and_books_nothing()
    {
        await using var app = ShortIntervalHarness();
        var (account, entries) = await StoredLogAsync(app, LotMethod.Fifo, Interval + 6, checkpointsAt: [Interval]);
        app.Clock.SetUtcNow(new DateTimeOffset(2030, 1, 2, 18, 0, 0, TimeSpan.Zero));
        Assert.False((await app.Get<LedgerReader>().LoadLedgerAsync(account, Ct)).IsComplete);
        // A sale recorded by the generator under key-n with request hash "hash", long before the checkpoint.
        var first = entries.First(e => e.Transaction is Sell);
        var realized = LedgerState.Replay(account.Id, account.Settings, entries).Ledger.Realized.Where(r => r.TransactionId == first.Transaction.Id).ToList();

        var result = await app.Get<TransactionService>().RecordAsync(app.Alice,
            new RecordTransactionRequest(account.Id, first.Transaction with { Id = "" }, first.IdempotencyKey, "hash"), Ct);

        Assert.True(result.Replayed);
        Assert.Equal(first.Sequence, result.Entry.Sequence);
        Assert.Equal(first.Transaction.Id, result.Entry.Transaction.Id);
        Assert.NotEmpty(realized);
        Assert.Equal(realized, result.Realized); // what it realized then, from the whole history
        Assert.Equal(Interval + 6, (await app.Get<ILedgerStore>().ReadAsync(account.Id, 0, Ct)).Count);
    }

    [Fact]
    public async Task Every_interval_th_entry_written_stores_the_prefix_hash_its_checkpoint_carries()
    {
        await using var app = ShortIntervalHarness();
        var (account, _) = await StoredLogAsync(app, LotMethod.Lifo, 2 * Interval + 1, checkpointsAt: [2 * Interval]);

        var log = await app.Get<ILedgerStore>().ReadAsync(account.Id, 0, Ct);
        var info = Assert.Single(await app.Get<ILedgerCheckpointStore>().ListAsync(account.Id, Ct));

        Assert.Equal([Interval, 2 * Interval], log.Where(e => e.PrefixHash is not null).Select(e => e.Sequence));
        // The hash of entries 1 to 40, computed from the log alone.
        var hash = LogPrefixHash.Extend(LogPrefixHash.Extend(LogPrefixHash.Empty, log, 0, Interval), log, Interval, Interval);
        Assert.Equal(hash, log[2 * Interval - 1].PrefixHash);
        Assert.Equal(hash, info.PrefixHash);
    }

    private static Harness ShortIntervalHarness() => Harness.WithCheckpointInterval(Interval);

    /// <summary>A generated log stored as the write path stores it (every interval-th entry with its prefix hash), and checkpoints at the given sequences.</summary>
    private static async Task<(Account, List<LedgerEntry>)> StoredLogAsync(Harness app, LotMethod method, int count, int[] checkpointsAt, int splitEvery = 0)
    {
        var account = await app.AccountAsync(LedgerLogs.Taxable(method));
        var generated = LedgerLogs.Generate(account.Id, account.Settings, count, seed: count + (int)method, splitEvery);
        var state = LedgerState.Empty(account.Id, account.Settings, Interval).With(generated);
        Assert.Equal(AppendStatus.Appended, await app.Get<ILedgerStore>().TryAppendAllAsync(state.Entries.ToList(), Ct));
        foreach (var sequence in checkpointsAt)
            await app.Get<LedgerCheckpoints>().SaveIfDueAsync(LedgerState.Empty(account.Id, account.Settings, Interval).With(generated.Take(sequence).ToList()), Ct);
        return (account, generated);
    }

    private static Task SaveMarkedAsync(
        ILedgerCheckpointStore store, Account account, List<LedgerEntry> entries, int sequence, decimal extraCash, string? hash = null)
    {
        var prefix = LedgerState.Replay(account.Id, account.Settings, entries.Take(sequence).ToList(), Interval);
        var saved = prefix.Ledger.Save();
        var info = new LedgerCheckpointInfo(account.Id, sequence, hash ?? prefix.PrefixHash(sequence), saved.LastTradeDate, LedgerCheckpointJson.Format);
        return store.SaveAsync(new LedgerCheckpoint(info, Common.StorageJson.Serialize(saved with { Cash = saved.Cash + extraCash })), Ct);
    }
}
