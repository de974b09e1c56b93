using Microsoft.Extensions.Logging;
using Portfolio.Application.Accounts;
using Portfolio.Application.Alerts;
using Portfolio.Application.Holdings;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Application.Snapshots;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Rebalancing;
using Portfolio.Domain.Valuation;

namespace Portfolio.Application.Revaluation;

public sealed record RevaluationResult(string AccountId, decimal Value, int AlertsOpened, int AlertsResolved);

public sealed record RevaluationSummary(int AccountsRevalued, int AlertsOpened, int AlertsResolved, int Failures, TimeSpan Elapsed);

/// <summary>What revaluing one page of accounts did.</summary>
public sealed record PageRevaluation(int Revalued, int Opened, int Resolved, int Failures)
{
    public static PageRevaluation operator +(PageRevaluation a, PageRevaluation b) =>
        new(a.Revalued + b.Revalued, a.Opened + b.Opened, a.Resolved + b.Resolved, a.Failures + b.Failures);
}

/// <summary>What revaluing one account decided: today's snapshot, and the alerts to open and to resolve.</summary>
public sealed record RevaluationDecision(
    DailySnapshot Snapshot, IReadOnlyList<DriftAlert> ToOpen, IReadOnlyList<(string AccountId, string Symbol)> ToResolve, DateTimeOffset At);

/// <summary>
/// Revalues accounts after a price change: today's value snapshot, then the drift check. An alert opens when a
/// symbol's drift goes beyond tolerance and stays the one open alert of that account and symbol, whatever the number
/// of cycles, until the drift returns within tolerance and it is resolved. Revaluing twice changes nothing more.
/// Deciding only reads; the writes of a whole page of accounts are then made together.
/// </summary>
public sealed class RevaluationService(
    IAccountStore accounts, RevaluationLedgers ledgers, LedgerStates ledgerStates, AccountSnapshotReader reader, ISnapshotStore snapshots, IAlertStore alerts,
    TimeProvider clock, ILogger<RevaluationService> logger)
{
    public const int PageSize = 500;

    public async Task<RevaluationResult> RevalueAsync(Account account, CancellationToken ct)
    {
        var decision = await DecideAsync(account, ct);
        await snapshots.SaveAsync(decision.Snapshot, ct);
        var (opened, resolved) = await alerts.ApplyAsync(decision.ToOpen, decision.ToResolve, decision.At, ct);
        return new RevaluationResult(account.Id, decision.Snapshot.Value, opened, resolved);
    }

    public async Task<RevaluationDecision> DecideAsync(Account account, CancellationToken ct)
    {
        var open = account.Targets is null ? null : (await alerts.ListOpenSymbolsAsync([account.Id], ct)).GetValueOrDefault(account.Id);
        var snapshot = await reader.ReadAsync(account, ct, account.Targets?.TargetPercents.Keys);
        return Decide(account, snapshot.State.Ledger, new PagePrices(snapshot.Prices, snapshot.AsOf), open);
    }

    /// <summary>
    /// Values the account once, for its snapshot and its drift check alike. Only reads: the caller writes.
    /// Runs for every account of every cycle, hence loops rather than LINQ.
    /// </summary>
    /// <param name="open">The symbols of the account with an open alert.</param>
    private static RevaluationDecision Decide(Account account, AccountLedger ledger, PagePrices prices, IReadOnlySet<string>? open)
    {
        // Neither the snapshot nor the drift check reads a lot: no lot is valued, none picked to sell.
        var valuation = Valuator.Value(ledger, prices.Prices, prices.MarketDate, lots: false);
        var daily = new DailySnapshot(account.Id, prices.MarketDate, valuation.TotalValue, valuation.CostBasis, valuation.Cash, prices.AsOf);
        if (account.Targets is null) return new RevaluationDecision(daily, [], [], prices.AsOf);

        var plan = Rebalancer.Plan(valuation, ledger.Settings, account.Targets, prices.Prices);
        List<DriftAlert>? toOpen = null;
        foreach (var line in plan.Lines)
            if (line.Breaches && open?.Contains(line.Symbol) != true)
                (toOpen ??= []).Add(new DriftAlert(account.Id, line.Symbol, prices.AsOf, line.CurrentPercent, line.TargetPercent, line.Drift, line.Action, line.Quantity, OwnerId: account.OwnerId));
        // Resolved: back within tolerance, or no longer held nor targeted (no drift left).
        List<(string AccountId, string Symbol)>? toResolve = null;
        if (open is not null)
            foreach (var symbol in open)
                if (!Breaches(plan.Lines, symbol)) (toResolve ??= []).Add((account.Id, symbol));
        return new RevaluationDecision(daily, toOpen ?? (IReadOnlyList<DriftAlert>)[], toResolve ?? (IReadOnlyList<(string, string)>)[], prices.AsOf);
    }

    private static bool Breaches(IReadOnlyList<DriftLine> lines, string symbol)
    {
        foreach (var line in lines)
            if (line.Symbol == symbol) return line.Breaches;
        return false;
    }

    /// <summary>Pages whose inputs are read at once, ahead of the page being decided.</summary>
    public const int ReadAhead = 2;

    /// <summary>
    /// Revalues every account, a page at a time, as a pipeline: pages are listed one after another (each continues from
    /// the last), the inputs of up to <see cref="ReadAhead"/> listed pages are read at once while this one is decided, and
    /// the previous one is written meanwhile (pages hold different accounts, so they cannot interfere). Reading a cold page
    /// (its ledgers, from the log) costs more than deciding it, so one reader alone would leave a core idle. One account's
    /// failure is counted, not fatal.
    /// </summary>
    public async Task<RevaluationSummary> RevalueAllAsync(int parallelism, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var total = new PageRevaluation(0, 0, 0, 0);
        // Task.Run: the SQLite adapter's async calls complete synchronously, so only another thread makes them overlap.
        Task<Page<Account>>? listing = Task.Run(() => accounts.ListAllAsync(null, PageSize, ct), ct);
        var reading = new Queue<Task<PageInputs>>(ReadAhead);
        Task<PageRevaluation>? writing = null;
        try
        {
            while (true)
            {
                while (listing is not null && reading.Count < ReadAhead)
                {
                    var listed = await listing;
                    listing = listed.ContinuationToken is { } next ? Task.Run(() => accounts.ListAllAsync(next, PageSize, ct), ct) : null;
                    if (listed.Items.Count > 0) reading.Enqueue(Task.Run(() => ReadAsync(listed.Items, ct), ct));
                }
                if (reading.Count == 0) break;
                var decided = await DecideAsync(await reading.Dequeue(), parallelism, ct);
                if (writing is not null) total += await writing;
                writing = Task.Run(() => WriteAsync(decided, ct), ct);
            }
            if (writing is not null) total += await writing;
        }
        finally
        {
            // Leaves nothing running behind a failure or a cancellation (and no unobserved exception).
            var pending = new List<Task>(reading);
            if (listing is not null) pending.Add(listing);
            if (writing is not null) pending.Add(writing);
            foreach (var task in pending) await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        return new RevaluationSummary(total.Revalued, total.Opened, total.Resolved, total.Failures, clock.GetElapsedTime(started));
    }

    /// <summary>
    /// Revalues one page of accounts: their ledgers, open alerts and prices read in one call each, decisions at most
    /// <paramref name="parallelism"/> at once, then the page's snapshots and alerts written together. Idempotent: a
    /// repeated page writes the same snapshots and opens no second alert. One account's failure is counted, not fatal.
    /// </summary>
    public async Task<PageRevaluation> RevaluePageAsync(IReadOnlyList<Account> page, int parallelism, CancellationToken ct) =>
        await WriteAsync(await DecideAsync(await ReadAsync(page, ct), parallelism, ct), ct);

    /// <summary>What deciding a page needs, read with one store call each.</summary>
    private sealed record PageInputs(
        IReadOnlyList<Account> Accounts, IReadOnlyDictionary<string, IReadOnlySet<string>> OpenAlerts,
        RevaluationLedgers.PageLedgers Ledgers, PagePrices Prices);

    private static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> NoOpenAlerts = new Dictionary<string, IReadOnlySet<string>>();

    /// <summary>What a page's decisions write, gathered while deciding so that the single writer only writes.</summary>
    private sealed record PageDecisions(
        int Revalued, List<DailySnapshot> Snapshots, List<DriftAlert> ToOpen, List<(string AccountId, string Symbol)> ToResolve, int Failures,
        IReadOnlyList<(string AccountId, long Version, AccountLedger Ledger)> LedgersToStore);

    private async Task<PageInputs> ReadAsync(IReadOnlyList<Account> page, CancellationToken ct)
    {
        var targeted = new List<string>(page.Count);
        foreach (var account in page)
            if (account.Targets is not null) targeted.Add(account.Id);
        // A page without targets has no drift to check: no alert read (and none on a store that answers nothing).
        var openAlerts = targeted.Count == 0 ? NoOpenAlerts : await alerts.ListOpenSymbolsAsync(targeted, ct) ?? NoOpenAlerts;
        var loaded = await ledgers.LoadAsync(page, ct);
        var prices = await reader.ReadPricesAsync(page, loaded.Ledgers, ct);
        return new PageInputs(page, openAlerts, loaded, prices);
    }

    private async Task<PageDecisions> DecideAsync(PageInputs page, int parallelism, CancellationToken ct)
    {
        var failures = 0;
        var decisions = new RevaluationDecision?[page.Accounts.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, decisions.Length), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct },
            async (i, token) =>
            {
                var account = page.Accounts[i];
                try
                {
                    decisions[i] = page.Ledgers.Ledgers.TryGetValue(account.Id, out var ledger)
                        ? Decide(account, ledger, page.Prices, page.OpenAlerts.GetValueOrDefault(account.Id))
                        : await DecideAsync(account, token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Interlocked.Increment(ref failures);
                    logger.LogError(e, "Revaluing account {AccountId} failed", account.Id);
                }
            });
        var snapshotsToSave = new List<DailySnapshot>(decisions.Length);
        var toOpen = new List<DriftAlert>();
        var toResolve = new List<(string AccountId, string Symbol)>();
        foreach (var decision in decisions)
        {
            if (decision is null) continue;
            snapshotsToSave.Add(decision.Snapshot);
            toOpen.AddRange(decision.ToOpen);
            toResolve.AddRange(decision.ToResolve);
        }
        return new PageDecisions(snapshotsToSave.Count, snapshotsToSave, toOpen, toResolve, failures, page.Ledgers.Unstored);
    }

    private async Task<PageRevaluation> WriteAsync(PageDecisions page, CancellationToken ct)
    {
        try
        {
            await snapshots.SaveManyAsync(page.Snapshots, ct);
            var changes = await alerts.ApplyAsync(page.ToOpen, page.ToResolve, clock.GetUtcNow(), ct);
            // Best effort, after the page's own writes: an account without its compact state is replayed again next cycle.
            await ledgerStates.SaveAsync(page.LedgersToStore, ct);
            return new PageRevaluation(page.Revalued, changes.Opened, changes.Resolved, page.Failures);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Saving the revaluation of a page of {Count} accounts failed", page.Revalued);
            return new PageRevaluation(0, 0, 0, page.Failures + page.Revalued);
        }
    }
}
