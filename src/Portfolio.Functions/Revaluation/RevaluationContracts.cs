using Portfolio.Application.Accounts;

namespace Portfolio.Functions.Revaluation;

/// <summary>Input of the <c>ListAccountPage</c> activity: where to continue, and how many account ids to return.</summary>
public sealed record AccountPageRequest(string? ContinuationToken, int PageSize);

/// <summary>Output of <c>ListAccountPage</c>: ids only (owner + account), never account data; null token = last page.</summary>
public sealed record AccountIdPage(IReadOnlyList<AccountRef> Accounts, string? ContinuationToken);

/// <summary>Output of <c>RevalueAccount</c>. <see cref="Found"/> is false when the account no longer exists.</summary>
public sealed record AccountRevaluation(string AccountId, bool Found, int AlertsOpened, int AlertsResolved);

/// <summary>Counts of a revaluation run, or of one batch of it; a failure is an account whose revaluation failed after retries.</summary>
public sealed record RevaluationTally(int AccountsRevalued, int AlertsOpened, int AlertsResolved, int Failures)
{
    public static readonly RevaluationTally Zero = new(0, 0, 0, 0);

    public static RevaluationTally operator +(RevaluationTally a, RevaluationTally b) =>
        new(a.AccountsRevalued + b.AccountsRevalued, a.AlertsOpened + b.AlertsOpened, a.AlertsResolved + b.AlertsResolved,
            a.Failures + b.Failures);
}
