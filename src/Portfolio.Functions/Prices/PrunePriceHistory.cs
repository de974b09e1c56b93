using Microsoft.Azure.Functions.Worker;
using Portfolio.Application.Prices;

namespace Portfolio.Functions.Prices;

/// <summary>
/// Hourly (at five past, UTC): removes intraday quotes older than <c>PriceRetention:IntradayDays</c> (7 by default) from the
/// Cosmos quote months. Daily closes and latest quotes are never removed; history past the window is served from closes.
/// </summary>
public sealed class PrunePriceHistory(PriceHistoryPruner pruner)
{
    [Function(nameof(PrunePriceHistory))]
    public Task Run([TimerTrigger("0 5 * * * *")] TimerInfo timer, CancellationToken ct) => pruner.PruneAsync(ct);
}
