using Portfolio.Application.Common;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;

namespace Portfolio.Application.Tests;

/// <summary>
/// A price store in memory that keeps daily closes and a close version: every quote that changes a close (the last quote
/// of its New York date) bumps the version and records the date, as the real stores do.
/// </summary>
public sealed class InMemoryPriceStore : IPriceStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<Quote>> history = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Symbol, DateOnly Date), DailyClose> closes = [];
    private readonly List<(long Version, string Symbol, DateOnly Date)> changes = [];
    private long version;

    public int CloseChangeQueries;

    public Task SaveAsync(IReadOnlyList<Quote> quotes, CancellationToken ct)
    {
        lock (gate)
            foreach (var quote in quotes)
            {
                if (!history.TryGetValue(quote.Symbol, out var list)) history[quote.Symbol] = list = [];
                list.Add(quote);
                list.Sort((a, b) => a.AsOf.CompareTo(b.AsOf));
                var date = MarketClock.MarketDate(quote.AsOf);
                if (closes.TryGetValue((quote.Symbol, date), out var close) && close.AsOf > quote.AsOf) continue;
                closes[(quote.Symbol, date)] = new DailyClose(quote.Symbol, date, quote.Price, quote.AsOf, quote.Source);
                changes.Add((++version, quote.Symbol, date));
            }
        return Task.CompletedTask;
    }

    public Task<Quote?> GetLatestAsync(string symbol, CancellationToken ct)
    {
        lock (gate) return Task.FromResult(history.GetValueOrDefault(symbol)?.LastOrDefault());
    }

    public Task<IReadOnlyDictionary<string, Quote>> GetLatestAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        lock (gate)
            return Task.FromResult<IReadOnlyDictionary<string, Quote>>(symbols
                .Where(s => history.TryGetValue(s, out var list) && list.Count > 0)
                .ToDictionary(s => s, s => history[s][^1], StringComparer.Ordinal));
    }

    public Task<IReadOnlyList<Quote>> GetHistoryAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        lock (gate)
            return Task.FromResult<IReadOnlyList<Quote>>((history.GetValueOrDefault(symbol) ?? []).Where(q => q.AsOf >= from && q.AsOf < to).ToList());
    }

    public Task<IReadOnlyDictionary<string, IReadOnlyList<DailyClose>>> GetDailyClosesAsync(
        IReadOnlyCollection<string> symbols, DateOnly from, DateOnly to, CancellationToken ct)
    {
        lock (gate)
            return Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<DailyClose>>>(closes.Values
                .Where(c => symbols.Contains(c.Symbol) && c.Date >= from && c.Date <= to)
                .GroupBy(c => c.Symbol)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<DailyClose>)g.OrderBy(c => c.Date).ToList(), StringComparer.Ordinal));
    }

    public Task<CloseChanges> GetCloseChangesAsync(IReadOnlyCollection<string> symbols, long sinceVersion, CancellationToken ct)
    {
        lock (gate)
        {
            CloseChangeQueries++;
            var dates = changes.Where(c => c.Version > sinceVersion && symbols.Contains(c.Symbol)).Select(c => (DateOnly?)c.Date);
            return Task.FromResult(new CloseChanges(version, dates.Min()));
        }
    }
}
