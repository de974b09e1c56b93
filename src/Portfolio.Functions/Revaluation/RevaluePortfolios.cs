using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Portfolio.Functions.Revaluation;

/// <summary>
/// Revalues every account, a page at a time. Each generation lists <see cref="RevaluationRun.PagesInFlight"/> pages of
/// account ids (<see cref="RevaluationActivities.ListAccountPages"/>), revalues them in parallel, one
/// <see cref="RevaluationActivities.RevalueAccountPage"/> activity per page, and continues as new with the next
/// continuation token and the counts so far: the history of one generation is bounded by the page size and the pages
/// in flight, never by the number of accounts. A page whose accounts failed is revalued again (idempotent) up to
/// <see cref="RevaluationRun.PageAttempts"/> times; accounts still failing are counted, never failing the run.
/// Deterministic (orchestrator code is replayed): no clock, GUIDs, I/O or configuration here; logging is replay-safe.
/// </summary>
public static class RevaluePortfolios
{
    public const string Name = nameof(RevaluePortfolios);

    [Function(Name)]
    public static async Task<RevaluationTally> Run([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var run = context.GetInput<RevaluationRun>() ?? throw new InvalidOperationException($"{Name} needs a {nameof(RevaluationRun)} input.");
        var log = context.CreateReplaySafeLogger(Name);
        if (run.Generation == 0 && run.NotBefore is { } notBefore && notBefore.UtcDateTime > context.CurrentUtcDateTime)
            await context.CreateTimer(notBefore.UtcDateTime, CancellationToken.None);

        var listed = await context.CallActivityAsync<AccountPages>(nameof(RevaluationActivities.ListAccountPages),
            new AccountPagesRequest(run.ContinuationToken, run.PageSize, run.PagesInFlight), run.ListingRetry());
        var tallies = await Task.WhenAll(listed.Pages.Select(page => RevaluePageAsync(context, page, run, log)));
        var total = tallies.Aggregate(run.SoFar ?? RevaluationTally.Zero, (sum, one) => sum + one);

        if (!string.IsNullOrEmpty(listed.ContinuationToken))
        {
            context.ContinueAsNew(run with { ContinuationToken = listed.ContinuationToken, SoFar = total, Generation = run.Generation + 1 });
            return total;
        }
        log.LogInformation("Revaluation {InstanceId}: {Accounts} accounts in {Generations} generations, {Opened} alerts opened, {Resolved} resolved, {Failures} failures",
            context.InstanceId, total.AccountsRevalued, run.Generation + 1, total.AlertsOpened, total.AlertsResolved, total.Failures);
        return total;
    }

    /// <summary>The tally of the last attempt, which revalued every account the earlier attempts did.</summary>
    private static async Task<RevaluationTally> RevaluePageAsync(TaskOrchestrationContext context, AccountPage page, RevaluationRun run, ILogger log)
    {
        for (var attempt = 1; ; attempt++)
        {
            RevaluationTally tally;
            try
            {
                tally = await context.CallActivityAsync<RevaluationTally>(nameof(RevaluationActivities.RevalueAccountPage), page, run.PageRetry());
            }
            catch (TaskFailedException e)
            {
                log.LogError(e, "A page of {Count} accounts failed (attempt {Attempt})", page.Accounts.Count, attempt);
                tally = new RevaluationTally(0, 0, 0, page.Accounts.Count);
            }
            if (tally.Failures == 0 || attempt >= run.PageAttempts) return tally;
            await context.CreateTimer(run.RetryDelay(), CancellationToken.None);
        }
    }
}
