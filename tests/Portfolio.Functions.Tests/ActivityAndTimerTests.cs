using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Portfolio.Application;
using Portfolio.Application.Accounts;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.Revaluation;
using Portfolio.Application.Snapshots;
using Portfolio.Application.Valuation;
using Portfolio.Functions.Revaluation;

namespace Portfolio.Functions.Tests;

public class ActivityAndTimerTests
{
    private readonly Mock<IAccountStore> _accounts = new();
    private readonly Mock<ISnapshotStore> _snapshots = new();

    [Fact]
    public async Task ListAccountPage_returns_owner_and_account_ids_and_the_next_token()
    {
        _accounts.Setup(s => s.ListAllAsync("t1", 2, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Portfolio.Application.Accounts.Page<Account>([TestData.Account("a1", "u1", "AAPL"), TestData.Account("a2", "u2")], "t2"));

        var page = await Activities().ListAccountPage(new AccountPageRequest("t1", 2), CancellationToken.None);

        Assert.Equal(new[] { new AccountRef("u1", "a1"), new AccountRef("u2", "a2") }, page.Accounts);
        Assert.Equal("t2", page.ContinuationToken);
    }

    [Fact]
    public async Task RevalueAccount_loads_the_account_by_owner_and_writes_its_snapshot()
    {
        _accounts.Setup(s => s.GetAsync("u1", "a1", It.IsAny<CancellationToken>())).ReturnsAsync(TestData.Account("a1", "u1"));

        var result = await Activities().RevalueAccount(new AccountRef("u1", "a1"), CancellationToken.None);

        Assert.Equal(new AccountRevaluation("a1", true, 0, 0), result);
        _snapshots.Verify(s => s.SaveAsync(It.Is<DailySnapshot>(d => d.AccountId == "a1"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task RevalueAccount_of_a_deleted_account_is_not_found_rather_than_an_error()
    {
        var result = await Activities().RevalueAccount(new AccountRef("u1", "gone"), CancellationToken.None);

        Assert.Equal(new AccountRevaluation("gone", false, 0, 0), result);
        _snapshots.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("2026-11-18T21:30:00Z", "eod-20261118")]
    [InlineData("2026-11-19T02:00:00Z", "eod-20261118")] // still the 18th in New York
    public void The_end_of_day_id_is_the_new_york_trading_date(string now, string expected) =>
        Assert.Equal(expected, EndOfDaySnapshots.InstanceId(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public async Task EndOfDaySnapshots_starts_the_daily_run_once()
    {
        var durable = new Mock<DurableTaskClient>("test");
        durable.SetupSequence(c => c.GetInstanceAsync("eod-20261118", false, It.IsAny<CancellationToken>()))
            .ReturnsAsync((OrchestrationMetadata?)null)
            .ReturnsAsync(new OrchestrationMetadata(RevaluePortfolios.Name, "eod-20261118") { RuntimeStatus = OrchestrationRuntimeStatus.Running });
        durable.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(
                It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync("eod-20261118");
        var function = new EndOfDaySnapshots(new FakeTimeProvider(new DateTimeOffset(2026, 11, 18, 21, 30, 0, TimeSpan.Zero)),
            NullLogger<EndOfDaySnapshots>.Instance);

        await function.Run(new TimerInfo(), durable.Object, CancellationToken.None);
        await function.Run(new TimerInfo(), durable.Object, CancellationToken.None);

        durable.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            It.Is<TaskName>(n => n.Name == RevaluePortfolios.Name), It.IsAny<object?>(),
            It.Is<StartOrchestrationOptions?>(o => o != null && o.InstanceId == "eod-20261118"), It.IsAny<CancellationToken>()), Times.Once);
    }

    /// <summary>The real <see cref="RevaluationService"/> over mock stores: an account with an empty ledger and no targets.</summary>
    private RevaluationActivities Activities()
    {
        var ledger = new Mock<ILedgerStore>();
        ledger.Setup(s => s.ReadAsync(It.IsAny<string>(), It.IsAny<long>(), It.IsAny<CancellationToken>())).ReturnsAsync(Array.Empty<LedgerEntry>());
        var prices = new Mock<IPriceStore>();
        prices.Setup(s => s.GetLatestAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Dictionary<string, Quote>());
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(TestData.AfterClose))
            .AddSingleton(new PricePolicy(_ => false, (_, _) => false))
            .AddPortfolioApplication()
            .AddSingleton(_accounts.Object)
            .AddSingleton(ledger.Object)
            .AddSingleton(prices.Object)
            .AddSingleton(_snapshots.Object)
            .AddSingleton(new Mock<IAlertStore>().Object)
            .BuildServiceProvider();
        return new RevaluationActivities(_accounts.Object, services.GetRequiredService<RevaluationService>(),
            services.GetRequiredService<LatestPrices>(), NullLogger<RevaluationActivities>.Instance);
    }
}
