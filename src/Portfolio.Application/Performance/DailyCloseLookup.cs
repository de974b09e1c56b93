using Portfolio.Application.Ports;
using Portfolio.Application.Prices;

namespace Portfolio.Application.Performance;

/// <summary>Daily closes per symbol; a lookup answers with the latest close on or before a date, however old.</summary>
public sealed class DailyCloseLookup
{
    /// <summary>How far back closes are read first (a weekend and a holiday); a symbol without a close in that window is looked up further back on its own.</summary>
    private const int LookbackDays = 5;

    private readonly Dictionary<string, SortedList<DateOnly, decimal>> bySymbol = new(StringComparer.Ordinal);

    public void Add(string symbol, DateOnly date, decimal price)
    {
        if (!bySymbol.TryGetValue(symbol, out var series)) bySymbol[symbol] = series = [];
        series[date] = price;
    }

    public decimal? CloseOn(string symbol, DateOnly date)
    {
        if (!bySymbol.TryGetValue(symbol, out var series) || series.Count == 0) return null;
        var keys = series.Keys;
        int low = 0, high = keys.Count - 1, found = -1;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            if (keys[mid] <= date) { found = mid; low = mid + 1; } else high = mid - 1;
        }
        return found < 0 ? null : series.Values[found];
    }

    /// <summary>
    /// The closes that answer <see cref="CloseOn"/> for any date in [<paramref name="from"/>, <paramref name="to"/>]:
    /// those of the range and a short lookback, and for a symbol with no close there, its last close before.
    /// </summary>
    public static async Task<DailyCloseLookup> LoadAsync(IPriceStore prices, IReadOnlyCollection<string> symbols, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var lookup = new DailyCloseLookup();
        if (symbols.Count == 0 || to < from) return lookup;
        var windowStart = from.DayNumber > LookbackDays + 2 ? from.AddDays(-LookbackDays) : from;
        lookup.AddAll(await prices.GetDailyClosesAsync(symbols, windowStart, to, ct));
        var missing = symbols.Where(s => lookup.CloseOn(s, from) is null).ToList();
        if (missing.Count > 0 && windowStart > EarliestClose)
            foreach (var (symbol, closes) in await prices.GetDailyClosesAsync(missing, EarliestClose, windowStart.AddDays(-1), ct))
                if (closes.Count > 0) lookup.Add(symbol, closes[^1].Date, closes[^1].Price);
        return lookup;
    }

    /// <summary>The earliest date asked of a store (a day's margin above DateOnly.MinValue, which stores may step back from).</summary>
    private static readonly DateOnly EarliestClose = DateOnly.MinValue.AddDays(2);

    private void AddAll(IReadOnlyDictionary<string, IReadOnlyList<DailyClose>> closes)
    {
        foreach (var (symbol, list) in closes)
            foreach (var close in list) Add(symbol, close.Date, close.Price);
    }
}
