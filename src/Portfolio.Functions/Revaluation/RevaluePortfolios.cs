using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Portfolio.Application.Accounts;

namespace Portfolio.Functions.Revaluation;

/// <summary>
/// Revalues every account: pages account ids through <see cref="RevaluationActivities.ListAccountPage"/>, fans out to
/// <see cref="RevalueAccountBatch"/> sub-orchestrations of at most <see cref="BatchSize"/> accounts (at most
/// <see cref="MaxBatchesInFlight"/> running at once), and fans in to a <see cref="RevaluationTally"/>.
/// Deterministic (orchestrator code is replayed): no clock, GUIDs, I/O or configuration here; only ids travel through
/// the history, and logging goes through the replay-safe logger.
/// </summary>
public static class RevaluePortfolios
{
    public const string Name = nameof(RevaluePortfolios);
    public const int AccountPageSize = 1000;
    public const int BatchSize = 200;
    public const int MaxBatchesInFlight = 20;

    [Function(Name)]
    public static async Task<RevaluationTally> Run([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var log = context.CreateReplaySafeLogger(Name);
        var total = RevaluationTally.Zero;
        var inFlight = new List<Task<RevaluationTally>>();
        var pending = new List<AccountRef>();
        var batches = 0;
        string? continuation = null;
        do
        {
            var page = await context.CallActivityAsync<AccountIdPage>(
                nameof(RevaluationActivities.ListAccountPage), new AccountPageRequest(continuation, AccountPageSize), null);
            pending.AddRange(page.Accounts);
            while (pending.Count >= BatchSize)
            {
                total += await StartBatchAsync(context, pending.GetRange(0, BatchSize), inFlight, log);
                pending.RemoveRange(0, BatchSize);
                batches++;
            }
            continuation = page.ContinuationToken;
        } while (!string.IsNullOrEmpty(continuation));
        if (pending.Count > 0)
        {
            total += await StartBatchAsync(context, pending, inFlight, log);
            batches++;
        }
        foreach (var tally in await Task.WhenAll(inFlight)) total += tally;

        log.LogInformation("Revaluation {InstanceId}: {Accounts} accounts in {Batches} batches, {Opened} alerts opened, {Resolved} resolved, {Failures} failures",
            context.InstanceId, total.AccountsRevalued, batches, total.AlertsOpened, total.AlertsResolved, total.Failures);
        return total;
    }

    /// <summary>Starts one batch; first, when the window is full, waits for a running one and returns its tally.</summary>
    private static async Task<RevaluationTally> StartBatchAsync(
        TaskOrchestrationContext context, List<AccountRef> accounts, List<Task<RevaluationTally>> inFlight, ILogger log)
    {
        var finished = RevaluationTally.Zero;
        if (inFlight.Count >= MaxBatchesInFlight)
        {
            var done = await Task.WhenAny(inFlight);
            inFlight.Remove(done);
            finished = await done;
        }
        inFlight.Add(RunBatchAsync(context, accounts, log));
        return finished;
    }

    /// <summary>A batch that fails as a whole counts all its accounts as failures instead of failing the run.</summary>
    private static async Task<RevaluationTally> RunBatchAsync(TaskOrchestrationContext context, List<AccountRef> accounts, ILogger log)
    {
        try
        {
            return await context.CallSubOrchestratorAsync<RevaluationTally>(RevalueAccountBatch.Name, accounts, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "A revaluation batch of {Count} accounts failed", accounts.Count);
            return new RevaluationTally(0, 0, 0, accounts.Count);
        }
    }
}

/// <summary>
/// Revalues one batch of accounts, one <see cref="RevaluationActivities.RevalueAccount"/> activity each, retried
/// (<see cref="Retry"/>); an account still failing after the retries is counted as a failure, not thrown.
/// </summary>
public static class RevalueAccountBatch
{
    public const string Name = nameof(RevalueAccountBatch);

    /// <summary>Three attempts, 5 seconds apart.</summary>
    public static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(5)));

    [Function(Name)]
    public static async Task<RevaluationTally> Run([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var log = context.CreateReplaySafeLogger(Name);
        var accounts = context.GetInput<List<AccountRef>>() ?? [];
        var results = await Task.WhenAll(accounts.Select(account => RevalueAsync(context, account, log)));
        return results.Aggregate(RevaluationTally.Zero, (sum, one) => sum + one);
    }

    private static async Task<RevaluationTally> RevalueAsync(TaskOrchestrationContext context, AccountRef account, ILogger log)
    {
        try
        {
            var result = await context.CallActivityAsync<AccountRevaluation>(nameof(RevaluationActivities.RevalueAccount), account, Retry);
            return result.Found ? new RevaluationTally(1, result.AlertsOpened, result.AlertsResolved, 0) : RevaluationTally.Zero;
        }
        catch (TaskFailedException e)
        {
            log.LogError(e, "Revaluing account {AccountId} failed after retries", account.AccountId);
            return new RevaluationTally(0, 0, 0, 1);
        }
    }
}
