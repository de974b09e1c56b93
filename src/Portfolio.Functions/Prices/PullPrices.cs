using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Portfolio.Functions.Prices;

/// <summary>
/// Every <c>%PriceSchedule%</c> (UTC, six-field NCRONTAB): held + watched symbols → price sources → the
/// <c>price-updates</c> queue. Only fetches; ApplyPriceUpdates validates and stores.
/// </summary>
public sealed class PullPrices(HeldSymbolCollector symbols, QuoteFetcher fetcher, IQuotePublisher publisher, ILogger<PullPrices> logger)
{
    [Function(nameof(PullPrices))]
    public async Task Run([TimerTrigger("%PriceSchedule%")] TimerInfo timer, CancellationToken ct)
    {
        var wanted = await symbols.CollectAsync(ct);
        if (wanted.Count == 0) return;
        var quotes = await fetcher.FetchAsync(wanted, ct);
        var messages = quotes.Select(QuoteMessages.ToMessage).ToList();
        var batches = messages.Count == 0 ? 0 : await publisher.PublishAsync(messages, ct);
        logger.LogInformation("Price fetch: {Wanted} symbols, {Quotes} quotes sent in {Batches} batches (past due: {PastDue})",
            wanted.Count, messages.Count, batches, timer.IsPastDue);
    }
}
