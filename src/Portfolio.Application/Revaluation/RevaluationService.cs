using Microsoft.Extensions.Logging;
using Portfolio.Application.Accounts;
using Portfolio.Application.Alerts;
using Portfolio.Application.Holdings;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Application.Snapshots;
using Portfolio.Application.Targets;
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
    IAccountStore accounts, LedgerReader ledgers, AccountSnapshotReader reader, ISnapshotStore snapshots, IAlertStore alerts,
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

    public async Task<RevaluationDecision> DecideAsync(Account account, CancellationToken ct) =>
        await DecideAsync(account, await ledgers.LoadAsync(account, ct),
            account.Targets is null ? null : await alerts.ListOpenSymbolsAsync([account.Id], ct), ct);

    /// <param name="state">The account's ledger, loaded beforehand (for a page of accounts, in one read).</param>
    /// <param name="openAlerts">Symbols with an open alert, by account, read beforehand for a whole page of accounts.</param>
    private async Task<RevaluationDecision> DecideAsync(
        Account account, LedgerState state, IReadOnlyDictionary<string, IReadOnlySet<string>>? openAlerts, CancellationToken ct)
    {
        var snapshot = await reader.ReadAsync(account, state, ct, account.Targets?.TargetPercents.Keys);
        var valuation = Valuator.Value(snapshot.State.Ledger, snapshot.Prices, snapshot.MarketDate);
        var daily = new DailySnapshot(account.Id, snapshot.MarketDate, valuation.TotalValue, valuation.CostBasis, valuation.Cash, snapshot.AsOf);
        if (account.Targets is null) return new RevaluationDecision(daily, [], [], snapshot.AsOf);

        var plan = TargetService.Plan(snapshot, account.Targets);
        var open = openAlerts?.GetValueOrDefault(account.Id) ?? new HashSet<string>();
        var toOpen = plan.Lines
            .Where(line => line.Breaches && !open.Contains(line.Symbol))
            .Select(line => new DriftAlert(account.Id, line.Symbol, snapshot.AsOf, line.CurrentPercent, line.TargetPercent, line.Drift, line.Action, line.Quantity))
            .ToList();
        // Resolved: back within tolerance, or no longer held nor targeted (no drift left).
        var toResolve = open
            .Where(symbol => plan.Lines.FirstOrDefault(l => l.Symbol == symbol) is not { Breaches: true })
            .Select(symbol => (account.Id, symbol))
            .ToList();
        return new RevaluationDecision(daily, toOpen, toResolve, snapshot.AsOf);
    }

    /// <summary>
    /// Revalues every account, a page at a time: decisions at most <paramref name="parallelism"/> at once, then the
    /// page's snapshots and alerts written together. One account's failure is counted, not fatal.
    /// </summary>
    public async Task<RevaluationSummary> RevalueAllAsync(int parallelism, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var total = new PageRevaluation(0, 0, 0, 0);
        string? continuation = null;
        do
        {
            var page = await accounts.ListAllAsync(continuation, PageSize, ct);
            total += await RevaluePageAsync(page.Items, parallelism, ct);
            continuation = page.ContinuationToken;
        } while (continuation is not null);
        return new RevaluationSummary(total.Revalued, total.Opened, total.Resolved, total.Failures, clock.GetElapsedTime(started));
    }

    /// <summary>
    /// Revalues one page of accounts: their ledgers and open alerts read in one call each, decisions at most
    /// <paramref name="parallelism"/> at once, then the page's snapshots and alerts written together. Idempotent: a
    /// repeated page writes the same snapshots and opens no second alert. One account's failure is counted, not fatal.
    /// </summary>
    public async Task<PageRevaluation> RevaluePageAsync(IReadOnlyList<Account> page, int parallelism, CancellationToken ct)
    {
        var failures = 0;
        var openAlerts = await alerts.ListOpenSymbolsAsync(page.Where(a => a.Targets is not null).Select(a => a.Id).ToList(), ct);
        var states = await ledgers.LoadAsync(page, ct);
        var decisions = new RevaluationDecision?[page.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, page.Count), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct },
            async (i, token) =>
            {
                var account = page[i];
                try
                {
                    decisions[i] = states.TryGetValue(account.Id, out var state)
                        ? await DecideAsync(account, state, openAlerts, token)
                        : await DecideAsync(account, token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Interlocked.Increment(ref failures);
                    logger.LogError(e, "Revaluing account {AccountId} failed", account.Id);
                }
            });

        var decided = decisions.OfType<RevaluationDecision>().ToList();
        try
        {
            await snapshots.SaveManyAsync(decided.Select(d => d.Snapshot).ToList(), ct);
            var changes = await alerts.ApplyAsync(
                decided.SelectMany(d => d.ToOpen).ToList(), decided.SelectMany(d => d.ToResolve).ToList(), clock.GetUtcNow(), ct);
            return new PageRevaluation(decided.Count, changes.Opened, changes.Resolved, failures);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Saving the revaluation of a page of {Count} accounts failed", decided.Count);
            return new PageRevaluation(0, 0, 0, failures + decided.Count);
        }
    }
}
