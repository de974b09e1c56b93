using System.Globalization;
using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Portfolio.Application.Prices;
using Portfolio.Application.Valuation;

namespace Portfolio.Functions.Prices;

/// <summary>What one batch of <c>price-updates</c> messages did.</summary>
public sealed record PriceUpdateOutcome(int Completed, int DeadLettered, int Stored, DateTimeOffset? NewestStored);

/// <summary>
/// Settles a batch of <c>price-updates</c> messages: a body that is not a quote, or a quote that
/// <see cref="QuoteValidator"/> rejects, is dead-lettered with the reason (retrying cannot fix it); every other message
/// is completed once <see cref="PriceIngestion"/> has validated and stored the batch (a suspect jump is held by the
/// ingestion, not retried). If storing fails, the unsettled messages are abandoned so that Service Bus redelivers them
/// (and dead-letters them after the queue's max delivery count).
/// </summary>
public sealed class PriceUpdateProcessor(PriceIngestion ingestion, LatestPrices latest, ILogger<PriceUpdateProcessor> logger)
{
    public const string InvalidJsonReason = "InvalidJson";
    public const string InvalidQuoteReason = "InvalidQuote";
    private const int MaxDescriptionLength = 1024;

    public async Task<PriceUpdateOutcome> ProcessAsync(
        IReadOnlyList<ServiceBusReceivedMessage> messages, ServiceBusMessageActions actions, CancellationToken ct)
    {
        var parsed = new List<(ServiceBusReceivedMessage Message, Quote Quote)>(messages.Count);
        var deadLettered = 0;
        foreach (var message in messages)
        {
            var (quote, error) = QuoteMessages.Parse(message.Body);
            if (quote is null)
            {
                await DeadLetterAsync(actions, message, InvalidJsonReason, error ?? "unreadable body", ct);
                deadLettered++;
                continue;
            }
            parsed.Add((message, quote));
        }
        if (parsed.Count == 0) return new PriceUpdateOutcome(0, deadLettered, 0, null);

        PushResult push;
        try
        {
            push = await ingestion.IngestAsync(parsed.Select(p => p.Quote).ToList(), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(e, "Storing {Count} quotes failed; abandoning the messages for redelivery", parsed.Count);
            foreach (var (message, _) in parsed)
                await actions.AbandonMessageAsync(message, null, CancellationToken.None);
            throw;
        }

        latest.Evict(push.Stored.Select(q => q.Symbol)); // this instance's price cache; other instances' expire on their own

        // The validator reports the very quote object it was given, so rejections map back to their messages.
        var rejected = push.Rejected.ToDictionary(r => (object)r.Quote, r => r, ReferenceEqualityComparer.Instance);
        var completed = 0;
        foreach (var (message, quote) in parsed)
        {
            if (rejected.TryGetValue(quote, out var rejection))
            {
                await DeadLetterAsync(actions, message, InvalidQuoteReason, $"{rejection.Reason}: {rejection.Detail}", ct);
                deadLettered++;
            }
            else
            {
                await actions.CompleteMessageAsync(message, ct);
                completed++;
            }
        }
        var newest = push.Stored.Count == 0 ? (DateTimeOffset?)null : push.Stored.Max(q => q.AsOf);
        return new PriceUpdateOutcome(completed, deadLettered, push.StoredCount, newest);
    }

    private async Task DeadLetterAsync(
        ServiceBusMessageActions actions, ServiceBusReceivedMessage message, string reason, string description, CancellationToken ct)
    {
        if (description.Length > MaxDescriptionLength) description = description[..MaxDescriptionLength];
        logger.LogWarning("Dead-lettering price update {MessageId}: {Reason} {Description}", message.MessageId, reason, description);
        await actions.DeadLetterMessageAsync(message, null, reason, description, ct);
    }

    /// <summary>
    /// The revaluation run for the 10-minute slot of a quote time: <c>revalue-yyyyMMddHHmm</c> (UTC). Every batch of
    /// quotes from the same fetch cycle maps to the same id, so the run is started once per cycle.
    /// </summary>
    public static string RevaluationInstanceId(DateTimeOffset newestQuote) =>
        "revalue-" + SlotStart(newestQuote).ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);

    /// <summary>
    /// When the slot's run may start: <paramref name="settleSeconds"/> after the slot of the newest quote ends. Every batch
    /// of the cycle computes the same instant, and the batches stored before it are all revalued by the one run.
    /// </summary>
    public static DateTimeOffset RevaluationNotBefore(DateTimeOffset newestQuote, double settleSeconds) =>
        new DateTimeOffset(SlotStart(newestQuote), TimeSpan.Zero) + Slot + TimeSpan.FromSeconds(settleSeconds);

    private static readonly TimeSpan Slot = TimeSpan.FromMinutes(10);

    private static DateTime SlotStart(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return new DateTime(utc.Ticks - utc.Ticks % Slot.Ticks, DateTimeKind.Utc);
    }
}
