using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Portfolio.Application.Accounts;
using Portfolio.Application.Ports;
using Portfolio.Application.Revaluation;
using Portfolio.Application.Valuation;

namespace Portfolio.Functions.Revaluation;

/// <summary>The I/O of the revaluation orchestration. Both activities are idempotent and safe to retry.</summary>
public sealed class RevaluationActivities(
    IAccountStore accounts, RevaluationService revaluation, LatestPrices latest, IOptions<RevaluationOptions> options)
{
    /// <summary>Up to <see cref="AccountPagesRequest.Pages"/> pages of account ids (owner + account), and where to continue.</summary>
    [Function(nameof(ListAccountPages))]
    public async Task<AccountPages> ListAccountPages([ActivityTrigger] AccountPagesRequest request, CancellationToken ct)
    {
        var pages = new List<AccountPage>(request.Pages);
        var continuation = request.ContinuationToken;
        do
        {
            var page = await accounts.ListAllAsync(continuation, request.PageSize, ct);
            if (page.Items.Count > 0) pages.Add(new AccountPage(page.Items.Select(a => new AccountRef(a.OwnerId, a.Id)).ToList()));
            continuation = page.ContinuationToken;
        } while (pages.Count < request.Pages && !string.IsNullOrEmpty(continuation));
        return new AccountPages(pages, continuation);
    }

    /// <summary>
    /// Loads the page's accounts by partition key (owner) and id and revalues them together through
    /// <see cref="RevaluationService.RevaluePageAsync"/>: one ledger read and one batched write for the page. An account
    /// deleted since it was listed is skipped. Revaluing a page again writes the same snapshots and opens no second
    /// alert. The page's symbols are evicted from this instance's price cache first: prices are written by whichever
    /// instance ran ApplyPriceUpdates, and a cached quote may be up to an hour old outside market hours.
    /// </summary>
    [Function(nameof(RevalueAccountPage))]
    public async Task<RevaluationTally> RevalueAccountPage([ActivityTrigger] AccountPage page, CancellationToken ct)
    {
        var parallelism = options.Value.ParallelismPerPage;
        var loaded = new Account?[page.Accounts.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, page.Accounts.Count),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct },
            async (i, token) => loaded[i] = await accounts.GetAsync(page.Accounts[i].OwnerId, page.Accounts[i].AccountId, token));
        var found = loaded.OfType<Account>().ToList();
        latest.Evict(found.SelectMany(a => a.HeldSymbols.Concat(a.Targets?.TargetPercents.Keys ?? Enumerable.Empty<string>())).Distinct());
        var result = await revaluation.RevaluePageAsync(found, parallelism, ct);
        return new RevaluationTally(result.Revalued, result.Opened, result.Resolved, result.Failures);
    }
}
