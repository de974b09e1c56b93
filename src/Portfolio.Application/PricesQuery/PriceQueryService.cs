using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.Valuation;
using Portfolio.Domain;

namespace Portfolio.Application.PricesQuery;

public sealed record PriceView(string Symbol, Quote? Latest, bool Stale, IReadOnlyList<Quote> History);

public sealed class PriceQueryService(IPriceStore prices, PricePolicy policy, TimeProvider clock)
{
    public static readonly TimeSpan DefaultHistory = TimeSpan.FromDays(30);
    public static readonly TimeSpan MaxHistory = TimeSpan.FromDays(366 * 5);

    public async Task<PriceView> GetAsync(string symbol, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var end = to ?? now;
        var start = from ?? end - DefaultHistory;
        if (start > end) throw new LedgerRuleViolation("from", "must not be after to");
        if (end - start > MaxHistory) throw new LedgerRuleViolation("from", $"the range may span at most {MaxHistory.Days} days");

        var latest = await prices.GetLatestAsync(symbol, ct);
        var history = await prices.GetHistoryAsync(symbol, start, end, ct);
        return new PriceView(symbol, latest, latest is not null && policy.IsStale(latest, now), history);
    }
}
