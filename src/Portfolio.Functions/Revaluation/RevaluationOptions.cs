using System.ComponentModel.DataAnnotations;

namespace Portfolio.Functions.Revaluation;

/// <summary>
/// How a revaluation run is cut and paced (app settings <c>Revaluation__PageSize</c>, …), validated at start. The
/// defaults fit a serverless Cosmos DB container (5,000 RU/s): see the cost model in docs/azure.md.
/// </summary>
public sealed class RevaluationOptions
{
    public const string Section = "Revaluation";

    /// <summary>Accounts per page activity: one batched ledger read, one batched write of snapshots and alerts.</summary>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 200;

    /// <summary>Page activities in flight at once in one run (and pages per orchestration generation).</summary>
    [Range(1, 64)]
    public int PagesInFlight { get; set; } = 4;

    /// <summary>Accounts decided at once inside one page activity.</summary>
    [Range(1, 64)]
    public int ParallelismPerPage { get; set; } = 4;

    /// <summary>Attempts at a page while some of its accounts fail; a page revalued again writes the same results.</summary>
    [Range(1, 10)]
    public int PageAttempts { get; set; } = 3;

    /// <summary>Seconds before the first retry of a failed activity or page (listing retries double it each time).</summary>
    [Range(0.1, 3600.0)]
    public double RetryDelaySeconds { get; set; } = 30;

    /// <summary>
    /// Seconds after the end of a quote's 10-minute slot before the slot's run starts, so that every Service Bus batch
    /// of the price cycle is stored first and the cycle is revalued once.
    /// </summary>
    [Range(0.0, 3600.0)]
    public double SettleSeconds { get; set; } = 120;

    /// <summary>The input of a run that starts at once (the end-of-day run) or not before <paramref name="notBefore"/>.</summary>
    public RevaluationRun Run(DateTimeOffset? notBefore = null) =>
        new(PageSize, PagesInFlight, PageAttempts, RetryDelaySeconds, notBefore);
}
