using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Portfolio.Application.Accounts;
using Portfolio.Application.Ports;
using Portfolio.Application.Revaluation;
using Portfolio.Application.Valuation;

namespace Portfolio.Functions.Revaluation;

/// <summary>The I/O of the revaluation orchestration. Both activities are idempotent and safe to retry.</summary>
public sealed class RevaluationActivities(
    IAccountStore accounts, RevaluationService revaluation, LatestPrices latest, ILogger<RevaluationActivities> logger)
{
    /// <summary>One page of account ids (owner + account).</summary>
    [Function(nameof(ListAccountPage))]
    public async Task<AccountIdPage> ListAccountPage([ActivityTrigger] AccountPageRequest request, CancellationToken ct)
    {
        var page = await accounts.ListAllAsync(request.ContinuationToken, request.PageSize, ct);
        return new AccountIdPage(page.Items.Select(a => new AccountRef(a.OwnerId, a.Id)).ToList(), page.ContinuationToken);
    }

    /// <summary>
    /// Loads the account by its partition key (owner) and id and revalues it: today's snapshot and the drift alerts.
    /// Revaluing twice writes the same snapshot and opens no second alert, so retries and repeated runs are harmless.
    /// The account's symbols are evicted from this instance's price cache first: prices are written by whichever
    /// instance ran ApplyPriceUpdates, and a cached quote may be up to an hour old outside market hours.
    /// </summary>
    [Function(nameof(RevalueAccount))]
    public async Task<AccountRevaluation> RevalueAccount([ActivityTrigger] AccountRef account, CancellationToken ct)
    {
        var loaded = await accounts.GetAsync(account.OwnerId, account.AccountId, ct);
        if (loaded is null)
        {
            logger.LogInformation("Account {AccountId} no longer exists; nothing to revalue", account.AccountId);
            return new AccountRevaluation(account.AccountId, false, 0, 0);
        }
        latest.Evict(loaded.HeldSymbols.Concat(loaded.Targets?.TargetPercents.Keys ?? Enumerable.Empty<string>()));
        var result = await revaluation.RevalueAsync(loaded, ct);
        return new AccountRevaluation(loaded.Id, true, result.AlertsOpened, result.AlertsResolved);
    }
}
