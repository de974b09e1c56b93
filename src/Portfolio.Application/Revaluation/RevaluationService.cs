using Microsoft.Extensions.Logging;
using Portfolio.Application.Accounts;
using Portfolio.Application.Alerts;
using Portfolio.Application.Holdings;
using Portfolio.Application.Ports;
using Portfolio.Application.Snapshots;
using Portfolio.Application.Targets;
using Portfolio.Domain.Valuation;

namespace Portfolio.Application.Revaluation;

public sealed record RevaluationResult(string AccountId, decimal Value, int AlertsOpened, int AlertsResolved);

public sealed record RevaluationSummary(int AccountsRevalued, int AlertsOpened, int AlertsResolved, int Failures, TimeSpan Elapsed)
{
    public static RevaluationSummary operator +(RevaluationSummary a, RevaluationSummary b) =>
        new(a.AccountsRevalued + b.AccountsRevalued, a.AlertsOpened + b.AlertsOpened, a.AlertsResolved + b.AlertsResolved,
            a.Failures + b.Failures, a.Elapsed + b.Elapsed);
}

/// <summary>
/// Revalues accounts after a price change: today's value snapshot, then the drift check. An alert opens when a
/// symbol's drift goes beyond tolerance and stays the one open alert of that account and symbol, whatever the number
/// of cycles, until the drift returns within tolerance and it is resolved. Revaluing twice changes nothing more.
/// </summary>
public sealed class RevaluationService(
    IAccountStore accounts, AccountSnapshotReader reader, ISnapshotStore snapshots, IAlertStore alerts,
    TimeProvider clock, ILogger<RevaluationService> logger)
{
    public const int PageSize = 500;

    public async Task<RevaluationResult> RevalueAsync(Account account, CancellationToken ct)
    {
        var snapshot = await reader.ReadAsync(account, ct, account.Targets?.TargetPercents.Keys);
        var valuation = Valuator.Value(snapshot.State.Ledger, snapshot.Prices, snapshot.MarketDate);
        await snapshots.SaveAsync(new DailySnapshot(account.Id, snapshot.MarketDate, valuation.TotalValue, valuation.CostBasis,
            valuation.Cash, snapshot.AsOf), ct);
        if (account.Targets is null) return new RevaluationResult(account.Id, valuation.TotalValue, 0, 0);

        var plan = TargetService.Plan(snapshot, account.Targets);
        var open = (await alerts.ListAsync(account.Id, includeResolved: false, ct)).Select(a => a.Symbol).ToHashSet(StringComparer.Ordinal);
        int opened = 0, resolved = 0;
        foreach (var line in plan.Lines)
        {
            if (line.Breaches && !open.Contains(line.Symbol))
            {
                var alert = new DriftAlert(account.Id, line.Symbol, snapshot.AsOf, line.CurrentPercent, line.TargetPercent, line.Drift, line.Action, line.Quantity);
                if (await alerts.TryOpenAsync(alert, ct)) opened++;
            }
            else if (!line.Breaches && open.Contains(line.Symbol) && await alerts.ResolveAsync(account.Id, line.Symbol, snapshot.AsOf, ct))
                resolved++;
        }
        // A symbol with an open alert that is no longer held nor targeted has no drift left.
        foreach (var symbol in open.Where(s => plan.Lines.All(l => l.Symbol != s)))
            if (await alerts.ResolveAsync(account.Id, symbol, snapshot.AsOf, ct)) resolved++;
        return new RevaluationResult(account.Id, valuation.TotalValue, opened, resolved);
    }

    /// <summary>Revalues every account, pages of accounts at a time, at most <paramref name="parallelism"/> at once. One account's failure is counted, not fatal.</summary>
    public async Task<RevaluationSummary> RevalueAllAsync(int parallelism, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        int revalued = 0, opened = 0, resolved = 0, failures = 0;
        string? continuation = null;
        do
        {
            var page = await accounts.ListAllAsync(continuation, PageSize, ct);
            await Parallel.ForEachAsync(page.Items, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (account, token) =>
            {
                try
                {
                    var result = await RevalueAsync(account, token);
                    Interlocked.Increment(ref revalued);
                    Interlocked.Add(ref opened, result.AlertsOpened);
                    Interlocked.Add(ref resolved, result.AlertsResolved);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Interlocked.Increment(ref failures);
                    logger.LogError(e, "Revaluing account {AccountId} failed", account.Id);
                }
            });
            continuation = page.ContinuationToken;
        } while (continuation is not null);
        return new RevaluationSummary(revalued, opened, resolved, failures, clock.GetElapsedTime(started));
    }
}
