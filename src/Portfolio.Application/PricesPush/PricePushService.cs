using Portfolio.Application.Common;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.Valuation;

namespace Portfolio.Application.PricesPush;

/// <summary>Quotes pushed by a feed or webhook (admin only): validated and stored like the cycle's, then every account is revalued.</summary>
public sealed class PricePushService(PriceIngestion ingestion, LatestPrices latest, IRevaluationScheduler revaluation)
{
    public const int MaxQuotes = 5000;

    public async Task<PushResult> PushAsync(Caller caller, IReadOnlyList<Quote> quotes, CancellationToken ct)
    {
        caller.RequireAdmin();
        if (quotes.Count == 0) throw new InvalidRequestException("quotes", "at least one quote is required");
        if (quotes.Count > MaxQuotes) throw new InvalidRequestException("quotes", $"at most {MaxQuotes} quotes per request");
        var result = await ingestion.IngestAsync(quotes, ct);
        latest.Evict(result.Stored.Select(q => q.Symbol));
        if (result.StoredCount > 0) await revaluation.RequestAsync(ct);
        return result;
    }
}
