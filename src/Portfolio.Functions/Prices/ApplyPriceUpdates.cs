using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portfolio.Functions.Revaluation;

namespace Portfolio.Functions.Prices;

/// <summary>
/// The price writer: a batch from <c>price-updates</c> (auto-complete is off in host.json; each message is settled by
/// <see cref="PriceUpdateProcessor"/>), then the revaluation of all portfolios for this price cycle: started by the
/// cycle's first batch, it waits until the cycle's slot has ended (plus <see cref="RevaluationOptions.SettleSeconds"/>),
/// so a cycle that spans several batches is revalued once, after its last batch.
/// </summary>
public sealed class ApplyPriceUpdates(PriceUpdateProcessor processor, IOptions<RevaluationOptions> options, ILogger<ApplyPriceUpdates> logger)
{
    [Function(nameof(ApplyPriceUpdates))]
    public async Task Run(
        [ServiceBusTrigger(FunctionsServices.PriceUpdatesQueue, Connection = FunctionsServices.ServiceBusConnection, IsBatched = true)]
        ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions actions,
        [DurableClient] DurableTaskClient durable,
        CancellationToken ct)
    {
        var outcome = await processor.ProcessAsync(messages, actions, ct);
        logger.LogInformation("Price updates: {Completed} completed, {DeadLettered} dead-lettered, {Stored} stored",
            outcome.Completed, outcome.DeadLettered, outcome.Stored);
        if (outcome.NewestStored is { } newest)
            await RevaluationScheduler.TryStartAsync(durable, PriceUpdateProcessor.RevaluationInstanceId(newest),
                options.Value.Run(PriceUpdateProcessor.RevaluationNotBefore(newest, options.Value.SettleSeconds)), logger, ct);
    }
}
