using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Moq.Protected;
using Portfolio.Application.Accounts;
using Portfolio.Functions.Revaluation;

namespace Portfolio.Functions.Tests;

public class OrchestrationTests
{
    /// <summary>
    /// A context mock. CallBase lets the non-virtual <c>CreateReplaySafeLogger(string)</c> build its logger from the
    /// protected <c>LoggerFactory</c>; the code under test calls exactly the three-argument
    /// <c>CallActivityAsync&lt;T&gt;</c> / <c>CallSubOrchestratorAsync&lt;T&gt;</c> overloads set up in each test.
    /// </summary>
    private static Mock<TaskOrchestrationContext> Context()
    {
        var context = new Mock<TaskOrchestrationContext> { CallBase = true };
        context.Protected().Setup<ILoggerFactory>("LoggerFactory").Returns(NullLoggerFactory.Instance);
        context.SetupGet(c => c.InstanceId).Returns("revalue-202611181530");
        context.SetupGet(c => c.IsReplaying).Returns(false);
        return context;
    }

    private static void SetupPages(Mock<TaskOrchestrationContext> context, params AccountIdPage[] pages)
    {
        var requests = new List<AccountPageRequest>();
        context.Setup(c => c.CallActivityAsync<AccountIdPage>(
                It.Is<TaskName>(n => n.Name == nameof(RevaluationActivities.ListAccountPage)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? input, TaskOptions? _) =>
            {
                var request = (AccountPageRequest)input!;
                requests.Add(request);
                var index = request.ContinuationToken is null ? 0 : int.Parse(request.ContinuationToken, System.Globalization.CultureInfo.InvariantCulture);
                return Task.FromResult(pages[index]);
            });
    }

    /// <summary>Two pages: 250 ids then 170 ids (tokens "1", then null).</summary>
    private static AccountIdPage[] TwoPages() =>
    [
        new(TestData.Refs(250), "1"),
        new(TestData.Refs(170, start: 250), null),
    ];

    [Fact]
    public async Task Pages_of_ids_are_cut_into_batches_of_at_most_200_and_the_tallies_summed()
    {
        var context = Context();
        SetupPages(context, TwoPages());
        var batches = new List<List<AccountRef>>();
        context.Setup(c => c.CallSubOrchestratorAsync<RevaluationTally>(
                It.Is<TaskName>(n => n.Name == RevalueAccountBatch.Name), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? input, TaskOptions? _) =>
            {
                var accounts = (List<AccountRef>)input!;
                batches.Add(accounts);
                return Task.FromResult(new RevaluationTally(accounts.Count, 2, 1, 0));
            });

        var total = await RevaluePortfolios.Run(context.Object);

        Assert.Equal(new[] { 200, 200, 20 }, batches.Select(b => b.Count));
        Assert.Equal(TestData.Refs(420), batches.SelectMany(b => b));
        Assert.Equal(new RevaluationTally(420, 6, 3, 0), total);
        context.Verify(c => c.CallActivityAsync<AccountIdPage>(It.IsAny<TaskName>(),
            It.Is<object?>(i => ((AccountPageRequest)i!).PageSize == RevaluePortfolios.AccountPageSize), It.IsAny<TaskOptions?>()), Times.Exactly(2));
    }

    [Fact]
    public async Task A_failed_batch_counts_its_accounts_as_failures_and_the_run_goes_on()
    {
        var context = Context();
        SetupPages(context, TwoPages());
        var call = 0;
        context.Setup(c => c.CallSubOrchestratorAsync<RevaluationTally>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? input, TaskOptions? _) =>
            {
                var accounts = (List<AccountRef>)input!;
                return ++call == 2
                    ? Task.FromException<RevaluationTally>(new TaskFailedException(RevalueAccountBatch.Name, 2, new InvalidOperationException("boom")))
                    : Task.FromResult(new RevaluationTally(accounts.Count, 0, 0, 0));
            });

        var total = await RevaluePortfolios.Run(context.Object);

        Assert.Equal(new RevaluationTally(220, 0, 0, 200), total);
    }

    [Fact]
    public async Task No_more_than_the_window_of_batches_runs_at_once_and_all_are_run()
    {
        var context = Context();
        var pages = Enumerable.Range(0, 6)
            .Select(p => new AccountIdPage(TestData.Refs(1000, start: p * 1000), p < 5 ? (p + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : null))
            .ToArray();
        SetupPages(context, pages);
        var batches = new List<TaskCompletionSource<RevaluationTally>>();
        var mostAtOnce = 0;
        context.Setup(c => c.CallSubOrchestratorAsync<RevaluationTally>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? _, TaskOptions? _) =>
            {
                var batch = new TaskCompletionSource<RevaluationTally>();
                batches.Add(batch);
                mostAtOnce = Math.Max(mostAtOnce, batches.Count(b => !b.Task.IsCompleted));
                return batch.Task;
            });

        // Without a synchronization context the orchestrator's continuations run inline, on this thread, when a
        // batch is completed below: the test drives the run one batch completion at a time.
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            var run = RevaluePortfolios.Run(context.Object);
            while (!run.IsCompleted)
            {
                var oldest = batches.FirstOrDefault(b => !b.Task.IsCompleted);
                Assert.NotNull(oldest);
                oldest.SetResult(new RevaluationTally(200, 0, 0, 0));
            }
            Assert.Equal(new RevaluationTally(6000, 0, 0, 0), await run);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
        Assert.Equal(30, batches.Count);
        Assert.Equal(RevaluePortfolios.MaxBatchesInFlight, mostAtOnce);
    }

    [Fact]
    public async Task A_batch_revalues_each_account_with_retries_and_counts_a_failure_after_them()
    {
        var context = Context();
        var accounts = TestData.Refs(3);
        context.Setup(c => c.GetInput<List<AccountRef>>()).Returns(accounts);
        var options = new List<TaskOptions?>();
        context.Setup(c => c.CallActivityAsync<AccountRevaluation>(
                It.Is<TaskName>(n => n.Name == nameof(RevaluationActivities.RevalueAccount)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? input, TaskOptions? o) =>
            {
                options.Add(o);
                var account = (AccountRef)input!;
                return account.AccountId switch
                {
                    "acc-00000" => Task.FromResult(new AccountRevaluation(account.AccountId, true, 1, 0)),
                    "acc-00001" => Task.FromResult(new AccountRevaluation(account.AccountId, false, 0, 0)),
                    _ => Task.FromException<AccountRevaluation>(new TaskFailedException("RevalueAccount", 3, new TimeoutException())),
                };
            });

        var tally = await RevalueAccountBatch.Run(context.Object);

        Assert.Equal(new RevaluationTally(1, 1, 0, 1), tally);
        Assert.Equal(3, options.Count);
        Assert.All(options, o =>
        {
            var policy = o?.Retry?.Policy;
            Assert.NotNull(policy);
            Assert.Equal(3, policy.MaxNumberOfAttempts);
            Assert.Equal(TimeSpan.FromSeconds(5), policy.FirstRetryInterval);
        });
    }

    [Fact]
    public async Task An_empty_batch_is_an_empty_tally()
    {
        var context = Context();
        context.Setup(c => c.GetInput<List<AccountRef>>()).Returns((List<AccountRef>?)null);

        Assert.Equal(RevaluationTally.Zero, await RevalueAccountBatch.Run(context.Object));
    }
}
