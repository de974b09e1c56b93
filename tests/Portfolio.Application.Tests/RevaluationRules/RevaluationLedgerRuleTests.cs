using Microsoft.Extensions.Logging.Abstractions;
using Portfolio.Application.Accounts;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Application.Revaluation;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.RevaluationRules;

/// <summary>
/// Where a revaluation page finds its ledgers, with as few store reads as the rule allows: stored compact states rather
/// than logs, a state read once and kept, a cached state extended by the newer entries alone; and which compact states
/// it lists to store (those this process does not know stored).
/// </summary>
public class RevaluationLedgerRuleTests
{
    private static readonly AccountSettings Settings = new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true);
    private static readonly DateOnly March1 = new(2024, 3, 1);

    /// <summary>A deposit and a buy (version 2); the compact state stored by the write path.</summary>
    private static async Task<Account> WrittenAsync(Harness app)
    {
        var account = await app.AccountAsync(Settings);
        await app.RecordAsync(account, id => new Deposit(id, March1, 1_000));
        await app.RecordAsync(account, id => new Buy(id, March1, "VTI", 3, 200));
        await app.Get<LedgerStates>().LastSave;
        return account;
    }

    /// <summary>Another process appends a buy of 1 VTI at 210 as entry 3 and stores no compact state.</summary>
    private static Task AppendedElsewhereAsync(Harness app, Account account) =>
        app.Get<ILedgerStore>().TryAppendAsync(new LedgerEntry(account.Id, 3, new Buy("tx-late", new DateOnly(2024, 5, 20), "VTI", 1, 210), app.Clock.GetUtcNow()), default);

    [Fact]
    public async Task Every_account_of_a_page_with_a_stored_state_is_read_from_it_and_no_log_entry_is_read()
    {
        await using var app = new Harness();
        var first = await WrittenAsync(app);
        var second = await WrittenAsync(app);
        var log = new CountingLedgerStore(app.Get<ILedgerStore>());
        var ledgers = new RevaluationLedgers(new LedgerReader(log, app.Get<LedgerCheckpoints>()), log, app.Get<LedgerStates>());

        var page = await ledgers.LoadAsync([first, second], default);

        Assert.Equal(0, log.EntriesRead);
        Assert.Equal((400m, 400m), (page.Ledgers[first.Id].Cash, page.Ledgers[second.Id].Cash)); // 1,000 − 3 × 200
    }

    [Fact]
    public async Task A_state_read_from_its_stored_row_is_kept_and_answers_the_next_load_as_it_is()
    {
        await using var app = new Harness();
        var account = await WrittenAsync(app);
        var log = new CountingLedgerStore(app.Get<ILedgerStore>());
        var ledgers = new RevaluationLedgers(new LedgerReader(log, app.Get<LedgerCheckpoints>()), log, app.Get<LedgerStates>());

        var first = await ledgers.LoadAsync([account], default);
        var second = await ledgers.LoadAsync([account], default);

        Assert.Same(first.Ledgers[account.Id], second.Ledgers[account.Id]);
    }

    [Fact]
    public async Task A_cached_state_behind_the_log_is_extended_by_the_newer_entry_alone()
    {
        await using var app = new Harness();
        var account = await WrittenAsync(app); // the write path cached its state
        await AppendedElsewhereAsync(app, account);
        var log = new CountingLedgerStore(app.Get<ILedgerStore>());
        var ledgers = new RevaluationLedgers(app.Get<LedgerReader>(), log, app.Get<LedgerStates>());

        var page = await ledgers.LoadAsync([account], default);

        Assert.Equal(1, log.EntriesRead);
        Assert.Equal((190m, 4m), (page.Ledgers[account.Id].Cash, page.Ledgers[account.Id].Positions.Single().Quantity)); // 400 − 210
    }

    [Fact]
    public async Task A_cached_state_is_listed_to_store_until_this_process_knows_it_stored()
    {
        await using var app = new Harness();
        var account = await WrittenAsync(app);
        // A process that started after the write: it knows of no stored state.
        var states = new LedgerStates(NullLogger<LedgerStates>.Instance, app.Get<ILedgerStateStore>());
        var ledgers = new RevaluationLedgers(app.Get<LedgerReader>(), app.Get<ILedgerStore>(), states);

        var unknown = await ledgers.LoadAsync([account], default);
        await states.SaveAsync(unknown.Unstored, default);
        var known = await ledgers.LoadAsync([account], default);

        Assert.Equal([(account.Id, 2L)], unknown.Unstored.Select(u => (u.AccountId, u.Version)));
        Assert.Empty(known.Unstored);
    }

    [Fact]
    public async Task A_booked_state_already_stored_at_its_version_is_not_listed_to_store_again()
    {
        await using var app = new Harness();
        var account = await WrittenAsync(app);
        await AppendedElsewhereAsync(app, account);
        var states = new LedgerStates(NullLogger<LedgerStates>.Instance, app.Get<ILedgerStateStore>());
        // The other process stored version 3 after all.
        var entries = await app.Get<ILedgerStore>().ReadAsync(account.Id, 0, default);
        await states.SaveAsync([(account.Id, 3L, LedgerState.Replay(account.Id, account.Settings, entries).Ledger)], default);
        var ledgers = new RevaluationLedgers(app.Get<LedgerReader>(), app.Get<ILedgerStore>(), states);

        var page = await ledgers.LoadAsync([account], default);

        Assert.Equal(190m, page.Ledgers[account.Id].Cash);
        Assert.Empty(page.Unstored);
    }
}
