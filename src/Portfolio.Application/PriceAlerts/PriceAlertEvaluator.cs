using Microsoft.Extensions.Logging;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;

namespace Portfolio.Application.PriceAlerts;

/// <summary>
/// Evaluates the price alerts of the symbols of every stored quote (pushed, from the cycle or a stream), in both hosts.
/// Each change is a conditional replace: of two evaluations of the same quote, one writes and the other, reloading, finds
/// the quote already seen, so an alert fires once per crossing however often or however concurrently a quote arrives.
/// </summary>
public sealed class PriceAlertEvaluator(IPriceAlertStore store, ILogger<PriceAlertEvaluator> logger) : IQuoteObserver
{
    public async Task OnStoredAsync(IReadOnlyList<Quote> stored, CancellationToken ct)
    {
        try { await EvaluateAsync(stored, ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not evaluate price alerts after {Count} stored quotes", stored.Count);
        }
    }

    /// <summary>Applies the quotes, oldest first per alert; answers how many firings were written.</summary>
    public async Task<int> EvaluateAsync(IReadOnlyList<Quote> quotes, CancellationToken ct)
    {
        if (quotes.Count == 0) return 0;
        var bySymbol = quotes.GroupBy(q => q.Symbol, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.OrderBy(q => q.AsOf).ToList(), StringComparer.Ordinal);
        var fired = 0;
        foreach (var alert in await store.ListActiveAsync(bySymbol.Keys, ct))
        {
            try { fired += await ApplyAsync(alert, bySymbol[alert.Symbol], ct); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Could not evaluate price alert {AlertId} of user {UserId}", alert.Id, alert.UserId);
            }
        }
        return fired;
    }

    private async Task<int> ApplyAsync(PriceAlert alert, IReadOnlyList<Quote> quotes, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var next = alert;
            foreach (var quote in quotes) next = next.Apply(quote) ?? next;
            if (ReferenceEquals(next, alert)) return 0;
            if (await store.TryReplaceAsync(next, ct)) return next.Firings - alert.Firings;
            alert = await store.GetAsync(alert.UserId, alert.Id, ct) ?? throw new InvalidOperationException($"price alert {alert.Id} vanished");
        }
        throw new InvalidOperationException($"price alert {alert.Id} is being changed by many writers at once");
    }
}
