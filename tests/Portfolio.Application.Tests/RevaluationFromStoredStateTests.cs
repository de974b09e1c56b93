using System.Text.Json;
using Portfolio.Application.Accounts;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Application.Revaluation;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Rebalancing;
using Portfolio.Domain.Transactions;
using Portfolio.Domain.Valuation;

namespace Portfolio.Application.Tests;

/// <summary>
/// A revaluation reads each account's stored compact ledger state instead of its log. Whatever it reads, the ledger it
/// values must be the full replay of the log: after the write path stored the state, after a write the state missed, after
/// a back-dated write, and at new prices. Compared with a full replay (an independent load) through the valuation and
/// the rebalance plan, to the last digit.
/// </summary>
public class RevaluationFromStoredStateTests
{
    private static readonly DateOnly Today = new(2024, 6, 3);
    private static readonly AccountSettings Settings = new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true);
    private static readonly TargetAllocation Targets = new(new Dictionary<string, decimal> { ["VTI"] = 15, ["BND"] = 5 });

    /// <summary>A deposit, two buys, a loss sale washed by a buy ten days later, a dividend; the state stored by the write path.</summary>
    private static async Task<Account> WrittenAsync(Harness app)
    {
        var account = await app.AccountAsync(Settings);
        await app.RecordAsync(account, id => new Deposit(id, new DateOnly(2024, 3, 1), 100_000));
        await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 3, 1), "VTI", 100, 200));
        await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 3, 4), "BND", 50, 80));
        await app.RecordAsync(account, id => new Sell(id, new DateOnly(2024, 4, 1), "VTI", 40, 150));
        await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 4, 10), "VTI", 10, 160));
        await app.RecordAsync(account, id => new CashDividend(id, new DateOnly(2024, 5, 1), "BND", 25));
        await app.Get<LedgerStates>().LastSave;
        return account;
    }

    private static readonly Dictionary<string, decimal> Prices = new() { ["VTI"] = 180, ["BND"] = 81 };

    [Fact]
    public async Task A_state_stored_by_the_write_path_is_read_instead_of_the_log_and_values_as_the_full_replay()
    {
        await using var app = new Harness();
        var account = await WrittenAsync(app);
        var (ledgers, log) = Fresh(app);

        var page = await ledgers.LoadAsync([account], default);

        Assert.Equal(0, log.EntriesRead);
        Assert.Empty(page.Unstored);
        var valuation = Valuator.Value(page.Ledgers[account.Id], Prices, Today);
        // Cash 100,000 − 20,000 − 4,000 + 40 × 150 − 10 × 160 + 25 = 80,425. The sale lost 40 × 50 = 2,000; the 10 shares
        // bought back within 30 days carry 10/40 of it: basis 1,600 + 500. VTI basis 60 × 200 + 2,100 = 14,100, BND 4,000.
        // Value 80,425 + 70 × 180 + 50 × 81 = 80,425 + 12,600 + 4,050 = 97,075.
        Assert.Equal(80_425m, valuation.Cash);
        Assert.Equal(18_100m, valuation.CostBasis);
        Assert.Equal(97_075m, valuation.TotalValue);
        Assert.Equal(await FullReplayAsync(app, account, Prices), Describe(page.Ledgers[account.Id], Prices));
    }

    [Fact]
    public async Task A_write_the_state_missed_is_booked_from_the_log_and_its_state_is_to_be_stored_again()
    {
        await using var app = new Harness();
        var account = await WrittenAsync(app);
        // Another process appended without storing its state (or stopped before its background save).
        var appended = await app.Get<ILedgerStore>().TryAppendAsync(
            new LedgerEntry(account.Id, 7, new Buy("tx-late", new DateOnly(2024, 5, 20), "BND", 5, 82), app.Clock.GetUtcNow()), default);
        Assert.Equal(AppendStatus.Appended, appended);
        var (ledgers, _) = Fresh(app);

        var page = await ledgers.LoadAsync([account], default);

        Assert.Equal(await FullReplayAsync(app, account, Prices), Describe(page.Ledgers[account.Id], Prices));
        // 55 BND now: 80,425 − 410 = 80,015 cash, BND 55 × 81.
        Assert.Equal(55m, page.Ledgers[account.Id].Positions.Single(p => p.Symbol == "BND").Quantity);
        Assert.Equal((account.Id, 7L), page.Unstored.Select(u => (u.AccountId, u.Version)).Single());
    }

    [Fact]
    public async Task A_back_dated_write_stores_a_state_that_values_as_the_full_replay()
    {
        await using var app = new Harness();
        var account = await WrittenAsync(app);
        // Dated before the VTI sale and the dividend already booked.
        await app.RecordAsync(account, id => new Sell(id, new DateOnly(2024, 3, 15), "BND", 10, 79));
        await app.Get<LedgerStates>().LastSave;
        var (ledgers, log) = Fresh(app);

        var page = await ledgers.LoadAsync([account], default);

        Assert.Equal(0, log.EntriesRead);
        Assert.Equal(await FullReplayAsync(app, account, Prices), Describe(page.Ledgers[account.Id], Prices));
        Assert.Equal(40m, page.Ledgers[account.Id].Positions.Single(p => p.Symbol == "BND").Quantity);
        Assert.Equal(80_425m + 790m, page.Ledgers[account.Id].Cash);
    }

    [Fact]
    public async Task A_kept_state_values_at_new_prices_as_the_full_replay_and_is_not_read_again()
    {
        await using var app = new Harness();
        var account = await WrittenAsync(app);
        var (ledgers, log) = Fresh(app);
        await ledgers.LoadAsync([account], default);
        var newPrices = new Dictionary<string, decimal> { ["VTI"] = 120.5m, ["BND"] = 79.25m };

        var page = await ledgers.LoadAsync([account], default);

        Assert.Equal(0, log.EntriesRead);
        Assert.Equal(await FullReplayAsync(app, account, newPrices), Describe(page.Ledgers[account.Id], newPrices));
        // 80,425 + 70 × 120.5 + 50 × 79.25 = 80,425 + 8,435 + 3,962.5 = 92,822.5.
        Assert.Equal(92_822.5m, Valuator.Value(page.Ledgers[account.Id], newPrices, Today).TotalValue);
    }

    [Fact]
    public async Task A_write_after_a_kept_state_is_booked_by_the_next_load_and_the_load_after_reads_nothing()
    {
        await using var app = new Harness();
        var account = await WrittenAsync(app);
        var (ledgers, log) = Fresh(app);
        await ledgers.LoadAsync([account], default);
        // Another process appends after this one kept the state, and stores no state of its own.
        await app.Get<ILedgerStore>().TryAppendAsync(
            new LedgerEntry(account.Id, 7, new Buy("tx-late", new DateOnly(2024, 5, 20), "BND", 5, 82), app.Clock.GetUtcNow()), default);

        var page = await ledgers.LoadAsync([account], default);
        var entriesRead = log.EntriesRead;
        var again = await ledgers.LoadAsync([account], default);

        Assert.Equal(await FullReplayAsync(app, account, Prices), Describe(page.Ledgers[account.Id], Prices));
        // 50 + 5 BND; cash 80,425 − 5 × 82 = 80,015.
        Assert.Equal(55m, page.Ledgers[account.Id].Positions.Single(p => p.Symbol == "BND").Quantity);
        Assert.Equal(80_015m, page.Ledgers[account.Id].Cash);
        Assert.Equal((account.Id, 7L), page.Unstored.Select(u => (u.AccountId, u.Version)).Single());
        Assert.Equal(entriesRead, log.EntriesRead);
        Assert.Same(page.Ledgers[account.Id], again.Ledgers[account.Id]);
    }

    [Fact]
    public async Task A_back_dated_write_after_a_kept_state_is_booked_in_date_order_by_the_next_load()
    {
        await using var app = new Harness();
        var account = await WrittenAsync(app);
        var (ledgers, _) = Fresh(app);
        await ledgers.LoadAsync([account], default);
        // Dated before the VTI sale of April 1: with FIFO it now sells 10 of the March 1 lot first.
        await app.Get<ILedgerStore>().TryAppendAsync(
            new LedgerEntry(account.Id, 7, new Sell("tx-back", new DateOnly(2024, 3, 15), "VTI", 10, 210), app.Clock.GetUtcNow()), default);

        var page = await ledgers.LoadAsync([account], default);

        Assert.Equal(await FullReplayAsync(app, account, Prices), Describe(page.Ledgers[account.Id], Prices));
        // 100 − 10 − 40 + 10 = 60 VTI; cash 80,425 + 10 × 210 = 82,525.
        Assert.Equal(60m, page.Ledgers[account.Id].Positions.Single(p => p.Symbol == "VTI").Quantity);
        Assert.Equal(82_525m, page.Ledgers[account.Id].Cash);
    }

    [Fact]
    public async Task An_account_without_a_stored_state_is_replayed_and_its_state_is_to_be_stored()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(Settings);
        // Appended through the port alone, as a data folder written before states existed.
        await app.Get<ILedgerStore>().TryAppendAsync(new LedgerEntry(account.Id, 1, new Deposit("d", new DateOnly(2024, 3, 1), 1_000), app.Clock.GetUtcNow()), default);
        await app.Get<ILedgerStore>().TryAppendAsync(new LedgerEntry(account.Id, 2, new Buy("b", new DateOnly(2024, 3, 1), "VTI", 3, 200), app.Clock.GetUtcNow()), default);
        var (ledgers, log) = Fresh(app);

        var page = await ledgers.LoadAsync([account], default);

        Assert.Equal(2, log.EntriesRead); // once, not again for the replay
        Assert.Equal(await FullReplayAsync(app, account, Prices), Describe(page.Ledgers[account.Id], Prices));
        Assert.Equal(1_000m - 600m + 3 * 180m, Valuator.Value(page.Ledgers[account.Id], Prices, Today).TotalValue);
        Assert.Equal((account.Id, 2L), page.Unstored.Select(u => (u.AccountId, u.Version)).Single());
    }

    /// <summary>A revaluation's ledger loading as a new process has it: empty caches, the same stores.</summary>
    private static (RevaluationLedgers Ledgers, CountingLedgerStore Log) Fresh(Harness app)
    {
        var log = new CountingLedgerStore(app.Get<ILedgerStore>());
        return (new RevaluationLedgers(new LedgerReader(log, app.Get<LedgerCheckpoints>()), log, app.Get<LedgerStates>()), log);
    }

    private static async Task<string> FullReplayAsync(Harness app, Account account, IReadOnlyDictionary<string, decimal> prices)
    {
        var entries = await app.Get<ILedgerStore>().ReadAsync(account.Id, 0, default);
        return Describe(LedgerState.Replay(account.Id, account.Settings, entries).Ledger, prices);
    }

    /// <summary>What a revaluation derives from a ledger: its valuation and its rebalance plan, every field.</summary>
    private static string Describe(AccountLedger ledger, IReadOnlyDictionary<string, decimal> prices)
    {
        var valuation = Valuator.Value(ledger, prices, Today);
        return JsonSerializer.Serialize(new { valuation, plan = Rebalancer.Plan(valuation, ledger.Settings, Targets, prices) });
    }
}
