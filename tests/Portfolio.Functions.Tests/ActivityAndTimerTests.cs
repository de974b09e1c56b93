using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
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
    public async Task ListAccountPages_returns_pages_of_owner_and_account_ids_and_the_next_token()
    {
        _accounts.Setup(s => s.ListAllAsync("t1", 2, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Portfolio.Application.Accounts.Page<Account>([TestData.Account("a1", "u1", "AAPL"), TestData.Account("a2", "u2")], "t2"));
        _accounts.Setup(s => s.ListAllAsync("t2", 2, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Portfolio.Application.Accounts.Page<Account>([TestData.Account("a3", "u1")], "t3"));

        var listed = await Activities().ListAccountPages(new AccountPagesRequest("t1", 2, Pages: 2), CancellationToken.None);

        Assert.Equal(2, listed.Pages.Count);
        Assert.Equal(new[] { new AccountRef("u1", "a1"), new AccountRef("u2", "a2") }, listed.Pages[0].Accounts);
        Assert.Equal(new[] { new AccountRef("u1", "a3") }, listed.Pages[1].Accounts);
        Assert.Equal("t3", listed.ContinuationToken);
    }

    [Fact]
    public async Task RevalueAccountPage_loads_each_account_by_owner_and_writes_their_snapshots_together()
    {
        _accounts.Setup(s => s.GetAsync("u1", "a1", It.IsAny<CancellationToken>())).ReturnsAsync(TestData.Account("a1", "u1"));
        _accounts.Setup(s => s.GetAsync("u2", "a2", It.IsAny<CancellationToken>())).ReturnsAsync(TestData.Account("a2", "u2"));

        var result = await Activities().RevalueAccountPage(new AccountPage([new("u1", "a1"), new("u2", "a2")]), CancellationToken.None);

        Assert.Equal(new RevaluationTally(2, 0, 0, 0), result);
        _snapshots.Verify(s => s.SaveManyAsync(It.Is<IReadOnlyList<DailySnapshot>>(d => d.Select(x => x.AccountId).Order().SequenceEqual(new[] { "a1", "a2" })),
            It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task RevalueAccountPage_skips_a_deleted_account_rather_than_failing()
    {
        var result = await Activities().RevalueAccountPage(new AccountPage([new("u1", "gone")]), CancellationToken.None);

        Assert.Equal(RevaluationTally.Zero, result);
        _snapshots.Verify(s => s.SaveAsync(It.IsAny<DailySnapshot>(), It.IsAny<CancellationToken>()), Times.Never);
        _snapshots.Verify(s => s.SaveManyAsync(It.Is<IReadOnlyList<DailySnapshot>>(d => d.Count > 0), It.IsAny<CancellationToken>()), Times.Never);
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
            Options.Create(new RevaluationOptions()), NullLogger<EndOfDaySnapshots>.Instance);

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
        ledger.Setup(s => s.ReadAsync(It.IsAny<IReadOnlyDictionary<string, long>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Dictionary<string, IReadOnlyList<LedgerEntry>>());
        var prices = new Mock<IPriceStore>();
        prices.Setup(s => s.GetLatestAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Dictionary<string, Quote>());
        var alerts = new Mock<IAlertStore>();
        alerts.Setup(s => s.ListOpenSymbolsAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Dictionary<string, IReadOnlySet<string>>());
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(TestData.AfterClose))
            .AddSingleton(new PricePolicy(_ => false, (_, _) => false))
            .AddPortfolioApplication()
            .AddSingleton(_accounts.Object)
            .AddSingleton(ledger.Object)
            .AddSingleton(prices.Object)
            .AddSingleton(_snapshots.Object)
            .AddSingleton(alerts.Object)
            .BuildServiceProvider();
        return new RevaluationActivities(_accounts.Object, services.GetRequiredService<RevaluationService>(),
            services.GetRequiredService<LatestPrices>(), Options.Create(new RevaluationOptions()));
    }
}
