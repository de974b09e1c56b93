using Portfolio.Application.Accounts;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Domain;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests;

public class LedgerCheckpointTests
{
    /// <summary>A short checkpoint interval, so that logs of a few dozen entries cross two checkpoints (production keeps <see cref="LedgerState.CheckpointInterval"/>).</summary>
    private const int Interval = 20;
    private static readonly CancellationToken Ct = CancellationToken.None;

    public static TheoryData<LotMethod> Methods => new(Enum.GetValues<LotMethod>());

    [Theory, MemberData(nameof(Methods))]
    public void A_ledger_resumed_from_a_stored_checkpoint_equals_a_full_replay(LotMethod method)
    {
        var settings = LedgerLogs.Taxable(method);
        var entries = LedgerLogs.Generate("a", settings, 2 * Interval + 9, seed: (int)method + 11);
        var full = LedgerState.Replay("a", settings, entries, Interval);
        Assert.Contains(full.Ledger.Realized, r => r.WashSaleDisallowed != 0); // the log does exercise wash sales

        var atCheckpoint = LedgerState.Replay("a", settings, entries.Take(2 * Interval).ToList(), Interval);
        var stored = LedgerCheckpointJson.Serialize(atCheckpoint.Ledger);
        var restored = LedgerCheckpointJson.Deserialize(settings, stored, entries.Take(2 * Interval).Select(e => e.Transaction.Id));
        var resumed = LedgerState.Resume("a", entries, restored, 2 * Interval, Interval);

        LedgerAssert.Same(atCheckpoint.Ledger, restored);
        LedgerAssert.Same(full.Ledger, resumed.Ledger);
        Assert.Equal(full.BookingOrder(), resumed.BookingOrder());
    }

    [Theory, MemberData(nameof(Methods))]
    public void Booking_one_entry_at_a_time_equals_a_full_replay_and_leaves_each_earlier_state_as_it_was(LotMethod method)
    {
        var settings = LedgerLogs.Taxable(method);
        var entries = LedgerLogs.Generate("a", settings, Interval + Interval / 2, seed: (int)method + 23);
        var state = LedgerState.Empty("a", settings, Interval);
        var halfway = state;
        foreach (var entry in entries)
        {
            state = state.With(entry, out _);
            if (entry.Sequence == 14) halfway = state;
        }

        LedgerAssert.Same(LedgerState.Replay("a", settings, entries).Ledger, state.Ledger);
        LedgerAssert.Same(LedgerState.Replay("a", settings, entries.Take(14).ToList()).Ledger, halfway.Ledger);
        Assert.Equal(14, halfway.Entries.Count);
        Assert.Same(entries[13], halfway.FindByIdempotencyKey("key-14"));
        Assert.Null(halfway.FindByIdempotencyKey("key-15"));
    }

    [Theory, MemberData(nameof(Methods))]
    public void A_back_dated_entry_replays_from_a_snapshot_and_equals_a_full_replay(LotMethod method)
    {
        var settings = LedgerLogs.Taxable(method);
        var entries = LedgerLogs.Generate("a", settings, 2 * Interval + 6, seed: (int)method + 37);
        var state = LedgerState.Replay("a", settings, entries, Interval);
        // A deposit dated among the last few booked transactions: it lands after the second snapshot.
        var date = state.BookingOrder()[2 * Interval + 2].TradeDate;
        var backDated = new LedgerEntry("a", entries.Count + 1, new Deposit("late", date, 1000m), DateTimeOffset.UnixEpoch, "late", "h");

        var next = state.With(backDated, out _);

        LedgerAssert.Same(LedgerState.Replay("a", settings, [.. entries, backDated]).Ledger, next.Ledger);
        Assert.Equal(TransactionOrder.InBookingOrder([.. entries.Select(e => e.Transaction), backDated.Transaction]), next.BookingOrder());
        LedgerAssert.Same(LedgerState.Replay("a", settings, entries).Ledger, state.Ledger);
    }

    [Fact]
    public void A_back_dated_entry_that_invalidates_a_later_sale_is_refused_naming_it()
    {
        var settings = LedgerLogs.Taxable(LotMethod.Fifo);
        var state = LedgerState.Empty("a", settings, Interval)
            .With([Entry(1, new Buy("b1", new DateOnly(2024, 1, 2), "AAA", 10, 5)), Entry(2, new Sell("s1", new DateOnly(2024, 3, 1), "AAA", 10, 6))]);

        var error = Assert.Throws<LedgerRuleViolation>(() => state.With(Entry(3, new Sell("s0", new DateOnly(2024, 2, 1), "AAA", 4, 6)), out _));

        Assert.Equal("tradeDate", error.Field);
        Assert.StartsWith("recording this on 2024-02-01 would invalidate transaction 's1' of 2024-03-01: quantity", error.Reason);
    }

    [Fact]
    public async Task A_cold_load_resumes_from_the_newest_checkpoint_that_fits_the_log()
    {
        await using var app = ShortIntervalHarness();
        var (store, account, entries, full) = await StoredLogAsync(app, 2 * Interval + 5);
        // Checkpoints that hold more cash than their log gives: the load shows which one it resumed from.
        await SaveMarkedAsync(store, account, entries, Interval, extraCash: 1m);
        await SaveMarkedAsync(store, account, entries, 2 * Interval, extraCash: 1_000_000m);

        var loaded = await Checkpoints(store).LoadAsync(account, entries, Ct);

        Assert.Equal(full.Ledger.Cash + 1_000_000m, loaded.Ledger.Cash);
        Assert.Equal(full.Version, loaded.Version);
        Assert.Equal(full.BookingOrder(), loaded.BookingOrder());
        // The block hashes the fit check worked out are handed to the resumed state: they must be the log's own.
        foreach (var sequence in new long[] { Interval, 2 * Interval })
            Assert.Equal(full.PrefixHash(sequence), loaded.PrefixHash(sequence));
    }

    [Fact]
    public async Task A_checkpoint_whose_prefix_hash_differs_from_the_log_is_ignored()
    {
        await using var app = ShortIntervalHarness();
        var (store, account, entries, full) = await StoredLogAsync(app, 2 * Interval + 5);
        await SaveMarkedAsync(store, account, entries, Interval, extraCash: 1m);
        await SaveMarkedAsync(store, account, entries, 2 * Interval, extraCash: 1_000_000m, hash: "not-this-log");

        var loaded = await Checkpoints(store).LoadAsync(account, entries, Ct);

        Assert.Equal(full.Ledger.Cash + 1m, loaded.Ledger.Cash);
    }

    [Fact]
    public async Task A_checkpoint_in_another_format_is_ignored()
    {
        await using var app = ShortIntervalHarness();
        var (store, account, entries, full) = await StoredLogAsync(app, Interval + 2);
        await SaveMarkedAsync(store, account, entries, Interval, extraCash: 1m, format: LedgerCheckpointJson.Format + 1);

        var loaded = await Checkpoints(store).LoadAsync(account, entries, Ct);

        LedgerAssert.Same(full.Ledger, loaded.Ledger);
    }

    [Fact]
    public async Task An_entry_recorded_after_a_checkpoint_but_dated_before_its_last_trade_makes_it_unusable()
    {
        await using var app = ShortIntervalHarness();
        var (store, account, entries, _) = await StoredLogAsync(app, Interval + 2);
        await SaveMarkedAsync(store, account, entries, Interval, extraCash: 1m);
        var lastBooked = LedgerState.Replay(account.Id, account.Settings, entries.Take(Interval).ToList()).Ledger.LastTradeDate!.Value;
        var backDated = new LedgerEntry(account.Id, entries.Count + 1, new Deposit("late", lastBooked.AddDays(-1), 7m), DateTimeOffset.UnixEpoch);
        var log = entries.Append(backDated).ToList();

        var loaded = await Checkpoints(store).LoadAsync(account, log, Ct);

        LedgerAssert.Same(LedgerState.Replay(account.Id, account.Settings, log).Ledger, loaded.Ledger);
    }

    [Fact]
    public async Task Every_interval_th_write_stores_a_checkpoint_that_a_cold_reader_uses()
    {
        await using var app = ShortIntervalHarness();
        var account = await app.AccountAsync(LedgerLogs.Taxable(LotMethod.Hifo));
        var entries = LedgerLogs.Generate(account.Id, account.Settings, Interval + 5, seed: 4); // a seed whose cash never goes below zero from entry 19 on
        var store = app.Get<ILedgerStore>();
        foreach (var entry in entries.Take(Interval - 1)) await store.TryAppendAsync(entry, Ct);
        app.Clock.SetUtcNow(new DateTimeOffset(2030, 1, 2, 18, 0, 0, TimeSpan.Zero)); // the generated log runs past the harness's today

        foreach (var entry in entries.Skip(Interval - 1))
            await app.Get<Transactions.TransactionService>().RecordAsync(app.Alice,
                new Transactions.RecordTransactionRequest(account.Id, entry.Transaction with { Id = "" }, entry.IdempotencyKey, "h"), Ct);

        await app.Get<LedgerCheckpoints>().LastSave;
        var info = Assert.Single(await app.Get<ILedgerCheckpointStore>().ListAsync(account.Id, Ct));
        Assert.Equal(Interval, info.Sequence);
        var stored = await store.ReadAsync(account.Id, 0, Ct);
        var cold = await new LedgerReader(store, Checkpoints(app.Get<ILedgerCheckpointStore>())).LoadAsync(account, Ct);
        LedgerAssert.Same(LedgerState.Replay(account.Id, account.Settings, stored).Ledger, cold.Ledger);
    }

    [Fact]
    public async Task A_write_not_at_a_checkpoint_starts_no_background_save_and_leaves_the_last_one_in_place()
    {
        await using var app = ShortIntervalHarness();
        var checkpoints = app.Get<LedgerCheckpoints>();
        var settings = LedgerLogs.Taxable(LotMethod.Fifo);
        var entries = LedgerLogs.Generate("a", settings, Interval + 1, seed: 4);
        var before = checkpoints.LastSave;

        checkpoints.SaveInBackgroundIfDue(LedgerState.Replay("a", settings, entries.Take(Interval - 1).ToList(), Interval));
        Assert.Same(before, checkpoints.LastSave);
        checkpoints.SaveInBackgroundIfDue(LedgerState.Replay("a", settings, entries.Take(Interval).ToList(), Interval));
        var due = checkpoints.LastSave;
        checkpoints.SaveInBackgroundIfDue(LedgerState.Replay("a", settings, entries, Interval));

        // Awaiting LastSave after the last write waits for the checkpoint the interval-th write started.
        Assert.NotSame(before, due);
        Assert.Same(due, checkpoints.LastSave);
        await due;
        Assert.Equal(Interval, Assert.Single(await app.Get<ILedgerCheckpointStore>().ListAsync("a", Ct)).Sequence);
    }

    private static readonly Microsoft.Extensions.Logging.ILogger<LedgerCheckpoints> Logger =
        Microsoft.Extensions.Logging.Abstractions.NullLogger<LedgerCheckpoints>.Instance;

    private static Harness ShortIntervalHarness() => Harness.WithCheckpointInterval(Interval);

    private static LedgerCheckpoints Checkpoints(ILedgerCheckpointStore store) => new(Logger, store, new LedgerCheckpointOptions { Interval = Interval });

    private static async Task<(ILedgerCheckpointStore, Account, List<LedgerEntry>, LedgerState)> StoredLogAsync(Harness app, int count)
    {
        var account = await app.AccountAsync(LedgerLogs.Taxable(LotMethod.Fifo));
        var entries = LedgerLogs.Generate(account.Id, account.Settings, count, seed: count);
        return (app.Get<ILedgerCheckpointStore>(), account, entries, LedgerState.Replay(account.Id, account.Settings, entries, Interval));
    }

    private static Task SaveMarkedAsync(
        ILedgerCheckpointStore store, Account account, List<LedgerEntry> entries, int sequence, decimal extraCash, string? hash = null, int? format = null)
    {
        var prefix = LedgerState.Replay(account.Id, account.Settings, entries.Take(sequence).ToList(), Interval);
        var saved = prefix.Ledger.Save();
        var info = new LedgerCheckpointInfo(account.Id, sequence, hash ?? prefix.PrefixHash(sequence), saved.LastTradeDate, format ?? LedgerCheckpointJson.Format);
        return store.SaveAsync(new LedgerCheckpoint(info, Common.StorageJson.Serialize(saved with { Cash = saved.Cash + extraCash })), Ct);
    }

    private static LedgerEntry Entry(long sequence, Transaction transaction) =>
        new("a", sequence, transaction, DateTimeOffset.UnixEpoch, null, null);
}
