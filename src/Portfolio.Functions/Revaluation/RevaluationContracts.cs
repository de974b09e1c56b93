using Microsoft.DurableTask;
using Portfolio.Application.Accounts;

namespace Portfolio.Functions.Revaluation;

/// <summary>
/// The input of <see cref="RevaluePortfolios"/>, and the state it carries into its next generation
/// (<c>ContinueAsNew</c>): the sizes fixed when the run was started (orchestrator code reads no configuration), where
/// paging continues, and the counts so far.
/// </summary>
public sealed record RevaluationRun(
    int PageSize,
    int PagesInFlight,
    int PageAttempts,
    double RetryDelaySeconds,
    DateTimeOffset? NotBefore,
    string? ContinuationToken = null,
    RevaluationTally? SoFar = null,
    int Generation = 0)
{
    /// <summary>Listing a page of ids is retried (5 attempts, the delay doubling): a transient error must not lose a slot's revaluation.</summary>
    public TaskOptions ListingRetry() => TaskOptions.FromRetryPolicy(new RetryPolicy(5, RetryDelay(), backoffCoefficient: 2));

    /// <summary>A page activity that throws (its page could not be read or written) is retried by the runtime once.</summary>
    public TaskOptions PageRetry() => TaskOptions.FromRetryPolicy(new RetryPolicy(2, RetryDelay()));

    public TimeSpan RetryDelay() => TimeSpan.FromSeconds(Math.Max(RetryDelaySeconds, 0.1));
}

/// <summary>Input of the <c>ListAccountPages</c> activity: where to continue, the page size and how many pages.</summary>
public sealed record AccountPagesRequest(string? ContinuationToken, int PageSize, int Pages);

/// <summary>Output of <c>ListAccountPages</c>: up to the asked number of pages of ids (owner + account); null token = no more.</summary>
public sealed record AccountPages(IReadOnlyList<AccountPage> Pages, string? ContinuationToken);

/// <summary>Input of the <c>RevalueAccountPage</c> activity: ids only, never account data.</summary>
public sealed record AccountPage(IReadOnlyList<AccountRef> Accounts);

/// <summary>Counts of a revaluation run, or of one page of it; a failure is an account whose revaluation failed after retries.</summary>
public sealed record RevaluationTally(int AccountsRevalued, int AlertsOpened, int AlertsResolved, int Failures)
{
    public static readonly RevaluationTally Zero = new(0, 0, 0, 0);

    public static RevaluationTally operator +(RevaluationTally a, RevaluationTally b) =>
        new(a.AccountsRevalued + b.AccountsRevalued, a.AlertsOpened + b.AlertsOpened, a.AlertsResolved + b.AlertsResolved,
            a.Failures + b.Failures);
}
