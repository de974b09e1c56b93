using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portfolio.Application.Accounts;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.Revaluation;
using Portfolio.Application.Snapshots;
using Portfolio.Application.Targets;
using Portfolio.Domain.Accounts;
using Portfolio.Application.Ledger;
using Portfolio.Domain.Rebalancing;
using Portfolio.Domain.Transactions;
using Portfolio.Storage.Sqlite;

namespace Portfolio.Application.Tests.RevaluationRules;

/// <summary>
/// A revaluation of every account: one account's failure is counted and logged, not fatal; a page whose writes fail
/// counts all its accounts as failures; drift alerts open once per symbol; compact states it had to replay are stored.
/// </summary>
public class RevaluationRuleTests
{
    private static readonly DateOnly May1 = new(2024, 5, 1);

    [Fact]
    public void Page_results_add_up_field_by_field()
    {
        Assert.Equal(new PageRevaluation(11, 22, 33, 44), new PageRevaluation(1, 2, 3, 4) + new PageRevaluation(10, 20, 30, 40));
    }

    [Fact]
    public async Task Revaluing_no_accounts_revalues_none_and_fails_none()
    {
        await using var app = new Harness();

        var summary = await app.Get<RevaluationService>().RevalueAllAsync(parallelism: 2, default);

        Assert.Equal((0, 0, 0, 0), (summary.AccountsRevalued, summary.AlertsOpened, summary.AlertsResolved, summary.Failures));
    }

    [Fact]
    public async Task An_account_whose_log_no_longer_replays_is_counted_and_logged_and_the_others_are_revalued()
    {
        var logs = new CapturedLogs();
        await using var app = new Harness(s => s.AddSingleton<ILoggerProvider>(logs));
        var (good, broken) = await GoodAndBrokenAsync(app);

        var summary = await app.Get<RevaluationService>().RevalueAllAsync(parallelism: 2, default);

        Assert.Equal((1, 1), (summary.AccountsRevalued, summary.Failures));
        Assert.Equal(1_250m, Assert.Single(await app.Get<ISnapshotStore>().ListAsync(good.Id, Today, Today, default)).Value);
        Assert.Empty(await app.Get<ISnapshotStore>().ListAsync(broken.Id, Today, Today, default));
        var error = Assert.Single(logs.AtLeast(LogLevel.Error));
        Assert.Equal($"Revaluing account {broken.Id} failed", error.Message);
    }

    [Fact]
    public async Task A_page_whose_writes_fail_counts_every_account_of_it_as_failed_and_logs_it()
    {
        var logs = new CapturedLogs();
        await using var app = new Harness(s => s
            .AddSingleton<ILoggerProvider>(logs)
            .AddSingleton<ISnapshotStore>(sp => new UnwritableSnapshots(ActivatorUtilities.CreateInstance<SqliteSnapshotStore>(sp))));
        var (good, broken) = await GoodAndBrokenAsync(app);
        var page = await app.Get<IAccountStore>().ListAllAsync(null, 10, default);

        var result = await app.Get<RevaluationService>().RevaluePageAsync(page.Items, parallelism: 2, default);

        // One account decided (its write failed) and one that could not be valued: both failed, none revalued.
        Assert.Equal(new PageRevaluation(0, 0, 0, 2), result);
        Assert.Equal(
            [$"Revaluing account {broken.Id} failed", "Saving the revaluation of a page of 1 accounts failed"],
            logs.AtLeast(LogLevel.Error).Select(e => e.Message));
        Assert.Empty(await app.Get<ISnapshotStore>().ListAsync(good.Id, Today, Today, default));
    }

    [Fact]
    public async Task A_symbol_newly_beyond_tolerance_opens_its_alert_beside_those_already_open_and_those_open_are_not_opened_again()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync();
        // 5 AAPL, 25 BND, 25 GLD at 100, 10 and 10: 500, 250 and 250 of 1,000, that is 50 %, 25 % and 25 %.
        await app.RecordAsync(account, id => new Buy(id, May1, "AAPL", 5, 100));
        await app.RecordAsync(account, id => new Buy(id, May1, "BND", 25, 10));
        await app.RecordAsync(account, id => new Buy(id, May1, "GLD", 25, 10));
        var now = app.Clock.GetUtcNow();
        await app.Get<IPriceStore>().SaveAsync([Quote("AAPL", 100, now), Quote("BND", 10, now), Quote("GLD", 10, now)], default);
        var targets = app.Get<TargetService>();
        var revaluation = app.Get<RevaluationService>();

        // Against 40 / 35 / 25: AAPL +10 and BND −10 are beyond the 5 points of tolerance, GLD is on target.
        account = await targets.SetAsync(app.Alice, account.Id, Targets(40, 35, 25), default);
        var first = await revaluation.RevalueAsync(account, default);
        // Against 40 / 45 / 15: GLD is now 10 points over; AAPL and BND stay beyond tolerance, their alerts already open.
        account = await targets.SetAsync(app.Alice, account.Id, Targets(40, 45, 15), default);
        var second = await revaluation.RevalueAsync(account, default);

        Assert.Equal((2, 1), (first.AlertsOpened, second.AlertsOpened));
        var open = await app.Get<IAlertStore>().ListAsync(account.Id, includeResolved: false, default);
        Assert.Equal(["AAPL", "BND", "GLD"], open.Select(a => a.Symbol).Order());
    }

    [Fact]
    public async Task A_revaluation_stores_the_compact_state_of_an_account_it_had_to_replay()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true));
        // Appended through the port alone, as a data folder written before compact states existed: none is stored.
        var log = app.Get<ILedgerStore>();
        await log.TryAppendAsync(new LedgerEntry(account.Id, 1, new Deposit("d", May1, 1_000), app.Clock.GetUtcNow()), default);
        await log.TryAppendAsync(new LedgerEntry(account.Id, 2, new Buy("b", May1, "AAPL", 3, 100), app.Clock.GetUtcNow()), default);
        Assert.Empty(await app.Get<ILedgerStateStore>().ReadManyAsync([account.Id], default));

        await app.Get<RevaluationService>().RevalueAllAsync(parallelism: 1, default);

        Assert.Equal(2, (await app.Get<ILedgerStateStore>().ReadManyAsync([account.Id], default))[account.Id].Version);
    }

    private static readonly DateOnly Today = new(2024, 6, 3);

    private static Quote Quote(string symbol, decimal price, DateTimeOffset at) => new(symbol, price, at, "test", QuoteKind.RealTime);

    private static TargetAllocation Targets(decimal aapl, decimal bnd, decimal gld) =>
        new(new Dictionary<string, decimal> { ["AAPL"] = aapl, ["BND"] = bnd, ["GLD"] = gld });

    /// <summary>
    /// An account of 10 AAPL bought at 100 (AAPL now 125: worth 1,250), and one whose log no longer replays: a sale of
    /// shares it never held, appended straight into the log as a damaged data folder could hold it.
    /// </summary>
    private static async Task<(Account Good, Account Broken)> GoodAndBrokenAsync(Harness app)
    {
        var good = await app.AccountAsync();
        await app.RecordAsync(good, id => new Buy(id, May1, "AAPL", 10, 100));
        var broken = await app.AccountAsync();
        await app.Get<ILedgerStore>().TryAppendAsync(new LedgerEntry(broken.Id, 1, new Sell("s", May1, "AAPL", 5, 100), app.Clock.GetUtcNow()), default);
        await app.Get<IPriceStore>().SaveAsync([Quote("AAPL", 125, app.Clock.GetUtcNow())], default);
        return (good, broken);
    }

    /// <summary>The SQLite snapshot store, whose batch writes fail as an unreachable database would.</summary>
    private sealed class UnwritableSnapshots(ISnapshotStore inner) : ISnapshotStore
    {
        public Task SaveAsync(DailySnapshot snapshot, CancellationToken ct) => inner.SaveAsync(snapshot, ct);
        public Task SaveManyAsync(IReadOnlyList<DailySnapshot> snapshots, CancellationToken ct) => throw new InvalidOperationException("the database is unavailable");
        public Task<IReadOnlyList<DailySnapshot>> ListAsync(string accountId, DateOnly from, DateOnly to, CancellationToken ct) => inner.ListAsync(accountId, from, to, ct);
    }
}
