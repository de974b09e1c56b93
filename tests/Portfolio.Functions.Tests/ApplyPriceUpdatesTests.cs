using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.Valuation;
using Portfolio.Functions.Prices;
using Portfolio.Functions.Revaluation;

namespace Portfolio.Functions.Tests;

public class ApplyPriceUpdatesTests
{
    private static readonly DateTimeOffset QuoteTime = new(2026, 11, 18, 15, 37, 12, TimeSpan.Zero);
    private const string ExpectedInstanceId = "revalue-202611181530";

    private readonly Mock<IPriceStore> _store = new();
    private readonly Mock<ServiceBusMessageActions> _actions = new();
    private readonly Mock<DurableTaskClient> _durable = new("test");

    public ApplyPriceUpdatesTests()
    {
        _store.Setup(s => s.GetLatestAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Dictionary<string, Quote>());
        _durable.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), false, It.IsAny<CancellationToken>()))
            .ReturnsAsync((OrchestrationMetadata?)null);
        _durable.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(
                It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? o, CancellationToken _) => o!.InstanceId!);
    }

    [Fact]
    public async Task A_valid_quote_is_stored_and_its_message_completed()
    {
        var message = Message(QuoteMessages.ToMessage(TestData.Quote("AAPL", 190, QuoteTime)).Body);

        var outcome = await Processor().ProcessAsync([message], _actions.Object, CancellationToken.None);

        Assert.Equal(new PriceUpdateOutcome(1, 0, 1, QuoteTime), outcome);
        _store.Verify(s => s.SaveAsync(It.Is<IReadOnlyList<Quote>>(q => q.Single().Symbol == "AAPL"), It.IsAny<CancellationToken>()));
        _actions.Verify(a => a.CompleteMessageAsync(message, It.IsAny<CancellationToken>()), Times.Once);
        _actions.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_body_that_is_not_a_quote_is_dead_lettered_with_the_reason()
    {
        var message = Message(BinaryData.FromString("{oops"));

        var outcome = await Processor().ProcessAsync([message], _actions.Object, CancellationToken.None);

        Assert.Equal(new PriceUpdateOutcome(0, 1, 0, null), outcome);
        _actions.Verify(a => a.DeadLetterMessageAsync(message, It.IsAny<Dictionary<string, object>?>(), PriceUpdateProcessor.InvalidJsonReason,
            It.Is<string?>(d => !string.IsNullOrEmpty(d)), It.IsAny<CancellationToken>()), Times.Once);
        _actions.VerifyNoOtherCalls();
        _store.Verify(s => s.SaveAsync(It.IsAny<IReadOnlyList<Quote>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_quote_the_validator_rejects_is_dead_lettered_and_the_rest_of_the_batch_completes()
    {
        var bad = Message(QuoteMessages.ToMessage(TestData.Quote("AAPL", -5, QuoteTime)).Body);
        var good = Message(QuoteMessages.ToMessage(TestData.Quote("MSFT", 410, QuoteTime)).Body);

        var outcome = await Processor().ProcessAsync([bad, good], _actions.Object, CancellationToken.None);

        Assert.Equal(new PriceUpdateOutcome(1, 1, 1, QuoteTime), outcome);
        _actions.Verify(a => a.DeadLetterMessageAsync(bad, It.IsAny<Dictionary<string, object>?>(), PriceUpdateProcessor.InvalidQuoteReason,
            It.Is<string?>(d => d != null && d.StartsWith("NonPositive", StringComparison.Ordinal)), It.IsAny<CancellationToken>()), Times.Once);
        _actions.Verify(a => a.CompleteMessageAsync(good, It.IsAny<CancellationToken>()), Times.Once);
        _actions.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task When_storing_fails_the_messages_are_abandoned_for_redelivery()
    {
        _store.Setup(s => s.SaveAsync(It.IsAny<IReadOnlyList<Quote>>(), It.IsAny<CancellationToken>())).ThrowsAsync(new TimeoutException("cosmos"));
        var message = Message(QuoteMessages.ToMessage(TestData.Quote("AAPL", 190, QuoteTime)).Body);

        await Assert.ThrowsAsync<TimeoutException>(() => Processor().ProcessAsync([message], _actions.Object, CancellationToken.None));

        _actions.Verify(a => a.AbandonMessageAsync(message, null, It.IsAny<CancellationToken>()), Times.Once);
        _actions.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("2026-11-18T15:37:12Z", "revalue-202611181530")]
    [InlineData("2026-11-18T15:40:00Z", "revalue-202611181540")]
    [InlineData("2026-11-18T10:49:59-05:00", "revalue-202611181540")]
    public void The_revaluation_id_is_the_ten_minute_slot_of_the_newest_quote(string newest, string expected) =>
        Assert.Equal(expected, PriceUpdateProcessor.RevaluationInstanceId(DateTimeOffset.Parse(newest, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public async Task The_function_schedules_the_revaluation_of_the_cycle_under_its_deterministic_id()
    {
        var message = Message(QuoteMessages.ToMessage(TestData.Quote("AAPL", 190, QuoteTime)).Body);

        await Function().Run([message], _actions.Object, _durable.Object, CancellationToken.None);

        _durable.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            It.Is<TaskName>(n => n.Name == RevaluePortfolios.Name), It.IsAny<object?>(),
            It.Is<StartOrchestrationOptions?>(o => o != null && o.InstanceId == ExpectedInstanceId), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Every_batch_of_a_cycle_starts_the_one_run_of_its_slot_which_waits_until_the_slot_has_ended()
    {
        var runs = new List<(string Id, RevaluationRun Run)>();
        _durable.SetupSequence(c => c.GetInstanceAsync(ExpectedInstanceId, false, It.IsAny<CancellationToken>()))
            .ReturnsAsync((OrchestrationMetadata?)null)
            .ReturnsAsync(new OrchestrationMetadata(RevaluePortfolios.Name, ExpectedInstanceId) { RuntimeStatus = OrchestrationRuntimeStatus.Pending });
        _durable.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(
                It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((TaskName _, object? input, StartOrchestrationOptions? o, CancellationToken _) =>
            {
                runs.Add((o!.InstanceId!, (RevaluationRun)input!));
                return o.InstanceId!;
            });

        // Two batches of the 15:30 slot's cycle (quotes at 15:37:12 and 15:38:00).
        await Function().Run([Message(QuoteMessages.ToMessage(TestData.Quote("AAPL", 190, QuoteTime)).Body)], _actions.Object, _durable.Object, CancellationToken.None);
        await Function().Run([Message(QuoteMessages.ToMessage(TestData.Quote("MSFT", 410, QuoteTime.AddSeconds(48))).Body)], _actions.Object, _durable.Object, CancellationToken.None);

        var (id, run) = Assert.Single(runs);
        Assert.Equal(ExpectedInstanceId, id);
        // The slot ends at 15:40; the run starts SettleSeconds (120 by default) later, at 15:42.
        Assert.Equal(new DateTimeOffset(2026, 11, 18, 15, 42, 0, TimeSpan.Zero), run.NotBefore);
    }

    [Fact]
    public async Task The_function_does_not_start_a_second_run_for_the_same_cycle()
    {
        _durable.Setup(c => c.GetInstanceAsync(ExpectedInstanceId, false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(RevaluePortfolios.Name, ExpectedInstanceId) { RuntimeStatus = OrchestrationRuntimeStatus.Completed });
        var message = Message(QuoteMessages.ToMessage(TestData.Quote("AAPL", 190, QuoteTime)).Body);

        await Function().Run([message], _actions.Object, _durable.Object, CancellationToken.None);

        _durable.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_run_started_concurrently_is_not_an_error()
    {
        _durable.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(
                It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException($"An Orchestration instance with the ID {ExpectedInstanceId} already exists."));

        var started = await RevaluationScheduler.TryStartAsync(_durable.Object, ExpectedInstanceId, new RevaluationOptions().Run(), NullLogger.Instance, CancellationToken.None);

        Assert.False(started);
    }

    [Fact]
    public async Task A_stored_price_replaces_the_cached_one_at_once()
    {
        var time = new FakeTimeProvider(QuoteTime.AddMinutes(1));
        var latest = new LatestPrices(_store.Object, time, new PricePolicy(_ => false, (_, _) => false)); // cached for an hour
        _store.Setup(s => s.GetLatestAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Dictionary<string, Quote> { ["AAPL"] = TestData.Quote("AAPL", 180, QuoteTime.AddMinutes(-30)) });
        Assert.Equal(180m, (await latest.GetAsync(["AAPL"], CancellationToken.None))["AAPL"].Price);
        var processor = new PriceUpdateProcessor(new PriceIngestion(_store.Object, new QuoteValidator(), time), latest, NullLogger<PriceUpdateProcessor>.Instance);
        _store.Setup(s => s.GetLatestAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Dictionary<string, Quote> { ["AAPL"] = TestData.Quote("AAPL", 190, QuoteTime) });

        await processor.ProcessAsync([Message(QuoteMessages.ToMessage(TestData.Quote("AAPL", 190, QuoteTime)).Body)], _actions.Object, CancellationToken.None);

        Assert.Equal(190m, (await latest.GetAsync(["AAPL"], CancellationToken.None))["AAPL"].Price);
    }

    [Fact]
    public async Task The_price_push_scheduler_starts_the_run_of_the_current_slot_with_the_lent_client()
    {
        var scheduler = new DurableRevaluationScheduler(new FakeTimeProvider(QuoteTime), Options.Create(new RevaluationOptions()), NullLogger<DurableRevaluationScheduler>.Instance);

        await Assert.ThrowsAsync<InvalidOperationException>(() => scheduler.RequestAsync(CancellationToken.None));
        using (DurableRevaluationScheduler.Use(_durable.Object))
            await scheduler.RequestAsync(CancellationToken.None);

        _durable.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(),
            It.Is<StartOrchestrationOptions?>(o => o != null && o.InstanceId == ExpectedInstanceId), It.IsAny<CancellationToken>()), Times.Once);
        await Assert.ThrowsAsync<InvalidOperationException>(() => scheduler.RequestAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Nothing_is_scheduled_when_no_quote_was_stored()
    {
        await Function().Run([Message(BinaryData.FromString("null"))], _actions.Object, _durable.Object, CancellationToken.None);

        _durable.Verify(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Never);
        _durable.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private PriceUpdateProcessor Processor()
    {
        var time = new FakeTimeProvider(QuoteTime.AddMinutes(1));
        return new PriceUpdateProcessor(
            new PriceIngestion(_store.Object, new QuoteValidator(), time),
            new LatestPrices(_store.Object, time, new PricePolicy(_ => true, (_, _) => false)),
            NullLogger<PriceUpdateProcessor>.Instance);
    }

    private ApplyPriceUpdates Function() => new(Processor(), Options.Create(new RevaluationOptions()), NullLogger<ApplyPriceUpdates>.Instance);

    private static ServiceBusReceivedMessage Message(BinaryData body) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(body: body, messageId: Guid.NewGuid().ToString("N"),
            contentType: QuoteMessages.ContentType, lockTokenGuid: Guid.NewGuid(), deliveryCount: 1);
}
