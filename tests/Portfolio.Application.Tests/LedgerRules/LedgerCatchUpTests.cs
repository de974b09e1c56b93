using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portfolio.Application.Accounts;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.LedgerRules;

/// <summary>
/// A state resumed from a checkpoint holds the log from it on and can book only what is dated on or after the checkpoint's
/// last trade date: entries another process appended meanwhile are booked into it when it covers them all, and otherwise
/// the whole log is read. A page load answers a cached account without new entries with its cached state.
/// </summary>
public class LedgerCatchUpTests
{
    private const int Interval = 4;
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateOnly May1 = new(2024, 5, 1);

    [Fact]
    public async Task A_resumed_state_catching_up_with_an_entry_another_process_back_dated_before_its_checkpoint_reads_the_whole_log()
    {
        await using var app = Harness.WithCheckpointInterval(Interval);
        var (account, _) = await ResumedAsync(app);
        await AppendAsync(app, account, 7, May1.AddDays(20));
        await AppendAsync(app, account, 8, May1.AddDays(1)); // before the checkpoint's last trade date, 5 May

        var state = await app.Get<LedgerReader>().LoadLedgerAsync(account, Ct);

        Assert.True(state.IsComplete);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), state.Entries.Select(e => e.Sequence));
        Assert.Equal(8m, state.Ledger.Cash);
    }

    [Fact]
    public async Task Booking_newer_entries_into_a_resumed_state_that_does_not_cover_all_of_them_answers_the_whole_log()
    {
        await using var app = Harness.WithCheckpointInterval(Interval);
        var (account, resumed) = await ResumedAsync(app);
        var covered = await AppendAsync(app, account, 7, May1.AddDays(20));
        var backDated = await AppendAsync(app, account, 8, May1.AddDays(1));

        var state = await app.Get<LedgerReader>().BookNewerAsync(account, resumed, [covered, backDated], Ct);

        Assert.NotNull(state);
        Assert.True(state.IsComplete);
        Assert.Equal(8, state.Entries.Count);
        Assert.Equal(8m, state.Ledger.Cash);
    }

    [Fact]
    public async Task A_page_load_answers_a_cached_account_without_new_entries_with_its_cached_state_and_an_unknown_one_empty()
    {
        await using var app = new Harness();
        var held = await app.AccountAsync();
        await app.RecordAsync(held, id => new Buy(id, May1, "AAPL", 10, 100));
        var untouched = await app.AccountAsync();

        var states = await app.Get<LedgerReader>().LoadAsync([held, untouched], Ct);

        Assert.Equal((1L, 10m), (states[held.Id].Version, states[held.Id].Ledger.PositionOf("AAPL")!.Quantity));
        Assert.Equal((0L, 0), (states[untouched.Id].Version, states[untouched.Id].Ledger.Positions.Count));
    }

    [Fact]
    public async Task A_checkpoint_saved_by_a_resumed_state_carries_the_hash_of_the_whole_logs_prefix()
    {
        await using var app = Harness.WithCheckpointInterval(Interval);
        var (account, _) = await ResumedAsync(app);

        await app.RecordAsync(account, id => new Deposit(id, May1.AddDays(20), 1m));
        await app.RecordAsync(account, id => new Deposit(id, May1.AddDays(21), 1m));
        await app.Get<LedgerCheckpoints>().LastSave;

        var log = await app.Get<ILedgerStore>().ReadAsync(account.Id, 0, Ct);
        var expected = LogPrefixHash.Extend(LogPrefixHash.Extend(LogPrefixHash.Empty, log, 0, Interval), log, Interval, Interval);
        var saved = Assert.Single(await app.Get<ILedgerCheckpointStore>().ListAsync(account.Id, Ct), c => c.Sequence == 2 * Interval);
        Assert.Equal(expected, saved.PrefixHash);
    }

    [Fact]
    public async Task A_cold_load_does_not_resume_from_a_checkpoint_that_a_later_entry_is_dated_before_and_says_nothing_of_it()
    {
        var logs = new CapturedLogs();
        await using var app = Harness.WithCheckpointInterval(Interval, s => s.AddSingleton<ILoggerProvider>(logs));
        var account = await app.AccountAsync(new Domain.Accounts.AccountSettings(Domain.Accounts.AccountType.Taxable, "USD", Domain.Accounts.LotMethod.Fifo, TracksCash: true));
        var state = LedgerState.Empty(account.Id, account.Settings, Interval);
        for (var i = 1; i <= Interval; i++) state = state.With(Entry(account, i, May1.AddDays(i - 1)), out _);
        await app.Get<LedgerCheckpoints>().SaveIfDueAsync(state, Ct);
        Assert.Equal(AppendStatus.Appended, await app.Get<ILedgerStore>().TryAppendAllAsync(state.Entries.ToList(), Ct));
        await AppendAsync(app, account, Interval + 1, May1.AddDays(1)); // before the checkpoint's last trade date, 4 May

        var loaded = await app.Get<LedgerReader>().LoadLedgerAsync(account, Ct);

        Assert.True(loaded.IsComplete);
        Assert.Equal((Interval + 1, 5m), (loaded.Entries.Count, loaded.Ledger.Cash));
        Assert.Empty(logs.AtLeast(LogLevel.Warning));
    }

    [Fact]
    public async Task A_complete_cached_state_catches_up_with_what_another_process_appended_on_top_of_everything_it_holds()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync();
        await app.RecordAsync(account, id => new Buy(id, May1, "AAPL", 10, 100));
        await app.RecordAsync(account, id => new Buy(id, May1.AddDays(1), "AAPL", 5, 110));
        await app.Get<ILedgerStore>().TryAppendAsync(new LedgerEntry(account.Id, 3, new Sell("tx-3", May1.AddDays(2), "AAPL", 12, 120), DateTimeOffset.UnixEpoch), Ct);

        var state = await app.Get<LedgerReader>().LoadAsync(account, Ct);

        Assert.Equal((true, 3), (state.IsComplete, state.Entries.Count));
        Assert.Equal(3m, state.Ledger.PositionOf("AAPL")!.Quantity);
        Assert.Equal([(10m, 1_000m), (2m, 220m)], state.Ledger.Realized.Select(r => (r.Quantity, r.CostBasis)));
    }

    /// <summary>
    /// A cash-tracking account's log of six deposits of 1 (1 to 6 May) stored with a checkpoint at entry 4,
    /// and the state the reader resumes from that checkpoint (kept in its cache).
    /// </summary>
    private static async Task<(Account, LedgerState)> ResumedAsync(Harness app)
    {
        var account = await app.AccountAsync(new Domain.Accounts.AccountSettings(Domain.Accounts.AccountType.Taxable, "USD", Domain.Accounts.LotMethod.Fifo, TracksCash: true));
        var state = LedgerState.Empty(account.Id, account.Settings, Interval);
        for (var i = 1; i <= 6; i++)
        {
            state = state.With(Entry(account, i, May1.AddDays(i - 1)), out _);
            if (i == Interval) await app.Get<LedgerCheckpoints>().SaveIfDueAsync(state, Ct);
        }
        Assert.Equal(AppendStatus.Appended, await app.Get<ILedgerStore>().TryAppendAllAsync(state.Entries.ToList(), Ct));
        var resumed = await app.Get<LedgerReader>().LoadLedgerAsync(account, Ct);
        Assert.False(resumed.IsComplete);
        Assert.Equal(2, resumed.Entries.Count);
        return (account, resumed);
    }

    private static LedgerEntry Entry(Account account, long sequence, DateOnly on) =>
        new(account.Id, sequence, new Deposit($"tx-{sequence}", on, 1m), DateTimeOffset.UnixEpoch);

    /// <summary>Another process's write: straight into the store, unseen by this process's reader.</summary>
    private static async Task<LedgerEntry> AppendAsync(Harness app, Account account, long sequence, DateOnly on)
    {
        var entry = Entry(account, sequence, on);
        Assert.Equal(AppendStatus.Appended, await app.Get<ILedgerStore>().TryAppendAsync(entry, Ct));
        return entry;
    }
}
