using Portfolio.Application.Prices;

namespace Portfolio.Application.Ports;

/// <summary>Latest price per symbol (a point read) and its history, bucketed by symbol and month.</summary>
public interface IPriceStore
{
    /// <summary>Stores each quote in history, and as the latest when it is newer than the stored latest.</summary>
    Task SaveAsync(IReadOnlyList<Quote> quotes, CancellationToken ct);

    Task<Quote?> GetLatestAsync(string symbol, CancellationToken ct);

    Task<IReadOnlyDictionary<string, Quote>> GetLatestAsync(IReadOnlyCollection<string> symbols, CancellationToken ct);

    /// <summary>Quotes whose <see cref="Quote.AsOf"/> falls within [from, to), oldest first.</summary>
    Task<IReadOnlyList<Quote>> GetHistoryAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    /// <summary>The history of many symbols over one range (symbols without quotes are absent). One query where the store allows it.</summary>
    async Task<IReadOnlyDictionary<string, IReadOnlyList<Quote>>> GetHistoryAsync(
        IReadOnlyCollection<string> symbols, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var result = new Dictionary<string, IReadOnlyList<Quote>>(StringComparer.Ordinal);
        foreach (var symbol in symbols)
            if (await GetHistoryAsync(symbol, from, to, ct) is { Count: > 0 } history) result[symbol] = history;
        return result;
    }
}
