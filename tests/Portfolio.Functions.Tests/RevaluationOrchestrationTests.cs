using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portfolio.Functions.Revaluation;

namespace Portfolio.Functions.Tests;

/// <summary>
/// The revaluation orchestration executed by the in-process Durable runtime, which replays the orchestrator after every
/// activity, timer and ContinueAsNew, so determinism is exercised, not assumed. Sizes: pages of 2 accounts, 2 pages per
/// generation, 2 attempts per page (<see cref="RevaluationHarness.Options"/>).
/// </summary>
public class RevaluationOrchestrationTests
{
    private static readonly string[] Seven = ["acc-1", "acc-2", "acc-3", "acc-4", "acc-5", "acc-6", "acc-7"];

    private static RevaluationRun Run(DateTimeOffset? notBefore = null) => RevaluationHarness.Options.Run(notBefore);

    private static RevaluationTally Output(OrchestrationMetadata instance) =>
        instance.ReadOutputAs<RevaluationTally>() ?? throw new InvalidOperationException("no output");

    [Fact]
    public async Task Pages_are_revalued_over_several_generations_with_a_flaky_a_broken_and_a_deleted_account()
    {
        await using var harness = await RevaluationHarness.StartAsync(Seven);
        // Pages by id: [1,2] [3,4] | [5,6] [7]: two generations of two pages (the first continues as new).
        harness.Faults.FailOnce("acc-3");     // its page's activity throws once; the runtime's retry succeeds
        harness.Faults.AlwaysFail("acc-7");   // alone on its page: 2 runtime tries × 2 page attempts, then counted
        harness.AfterListing = async pages =>  // deleted after it was listed, before its page is revalued
        {
            if (pages.Pages.SelectMany(p => p.Accounts).Any(a => a.AccountId == "acc-5")) await harness.DeleteAccountAsync("acc-5");
        };

        await RevaluationScheduler.TryStartAsync(harness.Client, "revalue-test", Run(), NullLogger.Instance, CancellationToken.None);
        var instance = await harness.WaitAsync("revalue-test");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        // 7 accounts: acc-5 was deleted (not found: neither revalued nor a failure), acc-7 always fails.
        Assert.Equal(new RevaluationTally(AccountsRevalued: 5, AlertsOpened: 0, AlertsResolved: 0, Failures: 1), Output(instance));
        Assert.Equal(["acc-1", "acc-2", "acc-3", "acc-4", "acc-6"], await harness.SnapshottedAsync(Seven));
        Assert.Equal(2, harness.Faults.Loads["acc-3"]);  // failed once, then loaded
        Assert.Equal(4, harness.Faults.Loads["acc-7"]);  // PageRetry (2) × PageAttempts (2)
        Assert.Equal(1, harness.Faults.Loads["acc-5"]);  // looked up once, found deleted
        Assert.Equal(2, harness.ListingTimes.Count);     // one listing per generation
    }

    [Fact]
    public async Task The_end_of_day_timer_runs_every_account_once_under_the_new_york_date()
    {
        await using var harness = await RevaluationHarness.StartAsync(Seven);
        var function = new EndOfDaySnapshots(new FakeTimeProvider(TestData.AfterClose), Options.Create(RevaluationHarness.Options),
            NullLogger<EndOfDaySnapshots>.Instance);

        await function.Run(new TimerInfo(), harness.Client, CancellationToken.None);
        var instance = await harness.WaitAsync("eod-20261118");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal(new RevaluationTally(7, 0, 0, 0), Output(instance));
        Assert.Equal(Seven, await harness.SnapshottedAsync(Seven));
    }

    [Fact]
    public async Task Starting_the_same_instance_id_twice_runs_it_once()
    {
        await using var harness = await RevaluationHarness.StartAsync(Seven);

        var first = await RevaluationScheduler.TryStartAsync(harness.Client, "revalue-twice", Run(), NullLogger.Instance, CancellationToken.None);
        var second = await RevaluationScheduler.TryStartAsync(harness.Client, "revalue-twice", Run(), NullLogger.Instance, CancellationToken.None);
        var instance = await harness.WaitAsync("revalue-twice");
        var afterCompletion = await RevaluationScheduler.TryStartAsync(harness.Client, "revalue-twice", Run(), NullLogger.Instance, CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        Assert.False(afterCompletion);
        Assert.Equal(new RevaluationTally(7, 0, 0, 0), Output(instance));
        Assert.All(Seven, id => Assert.Equal(1, harness.Faults.Loads[id]));  // each account loaded by exactly one run
    }

    [Fact]
    public async Task A_run_that_failed_is_started_again_under_its_id_and_completes()
    {
        await using var harness = await RevaluationHarness.StartAsync(Seven);
        harness.ListingFails = true;  // every listing attempt throws: the run fails after its 5 retried attempts

        Assert.True(await RevaluationScheduler.TryStartAsync(harness.Client, "eod-20261118", Run(), NullLogger.Instance, CancellationToken.None));
        var failed = await harness.WaitAsync("eod-20261118");
        var failedAttempts = harness.ListingTimes.Count;
        harness.ListingFails = false;
        var restarted = await RevaluationScheduler.TryStartAsync(harness.Client, "eod-20261118", Run(), NullLogger.Instance, CancellationToken.None);
        var completed = await harness.WaitAsync("eod-20261118");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal(5, failedAttempts);  // the listing activity's retry policy: 5 attempts
        Assert.True(restarted);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        Assert.Equal(new RevaluationTally(7, 0, 0, 0), Output(completed));
        Assert.Equal(Seven, await harness.SnapshottedAsync(Seven));
    }

    [Fact]
    public async Task A_run_waits_for_the_end_of_its_slot_before_listing_accounts()
    {
        await using var harness = await RevaluationHarness.StartAsync("acc-1");
        var notBefore = DateTimeOffset.UtcNow.AddSeconds(2);

        await RevaluationScheduler.TryStartAsync(harness.Client, "revalue-later", Run(notBefore), NullLogger.Instance, CancellationToken.None);
        var instance = await harness.WaitAsync("revalue-later");

        Assert.Equal(new RevaluationTally(1, 0, 0, 0), Output(instance));
        Assert.True(Assert.Single(harness.ListingTimes) >= notBefore, "the first activity ran before the slot's end");
    }
}
