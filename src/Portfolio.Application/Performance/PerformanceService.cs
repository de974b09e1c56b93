using Portfolio.Application.Common;
using Portfolio.Application.Holdings;
using Portfolio.Application.Ports;
using Portfolio.Domain;
using Portfolio.Domain.Returns;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Performance;

/// <summary>
/// Returns are recomputed from the log and the stored price history on every request, so a back-dated transaction or
/// a corporate action changes them at once. A day's close is the last stored quote of that New York date.
/// </summary>
public sealed class PerformanceService(AccountSnapshotReader reader, Ledger.LedgerReader ledgers, IPriceStore prices, TimeProvider clock)
{
    /// <summary>How far before the period prices are read, so a period starting on a weekend or holiday still finds a close.</summary>
    private const int CloseLookbackDays = 10;

    private static readonly DateOnly EarliestStart = DateOnly.MinValue.AddDays(CloseLookbackDays + 1);

    public async Task<PerformanceReport> ComputeAsync(Caller caller, string accountId, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var account = await reader.AccountAsync(caller, accountId, ct);
        var log = (await ledgers.LoadAsync(account, ct)).BookingOrder(); // closes come from history, not the latest quotes
        var today = MarketClock.Today(clock);
        var end = to ?? today;
        if (from is { Year: < 1900 }) throw new InvalidRequestException("from", "must be 1900-01-01 or later");
        var start = from ?? (log.Count > 0 ? log[0].TradeDate : end);
        // Trade dates are not bounded below: a log reaching back to 0001-01-01 must still leave room for the day before
        // the period and the close lookback (DateOnly.AddDays would throw, a 500 on every performance request).
        if (start < EarliestStart) start = EarliestStart;
        if (end > today) throw new InvalidRequestException("to", $"{end:yyyy-MM-dd} is in the future");
        if (start > end) throw new InvalidRequestException("from", "must not be after to");

        var closes = await LoadClosesAsync(SymbolsOf(log), start.AddDays(-CloseLookbackDays), end, ct);
        return PerformanceCalculator.Compute(account.Settings, log, closes.CloseOn, start, end);
    }

    private async Task<DailyCloses> LoadClosesAsync(IEnumerable<string> symbols, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var closes = new DailyCloses();
        var fromInstant = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var toInstant = new DateTimeOffset(to.AddDays(2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        foreach (var (symbol, history) in await prices.GetHistoryAsync(symbols.ToList(), fromInstant, toInstant, ct))
            foreach (var quote in history)
                closes.Add(symbol, MarketClock.MarketDate(quote.AsOf), quote.Price);
        return closes;
    }

    private static IEnumerable<string> SymbolsOf(IEnumerable<Transaction> log) => log.SelectMany(t => t switch
    {
        Buy b => [b.Symbol],
        Sell s => [s.Symbol],
        DividendReinvestment r => [r.Symbol],
        TransferIn i => [i.Symbol],
        SpinOff o => new[] { o.Symbol, o.NewSymbol },
        _ => [],
    }).Distinct();

    /// <summary>The last price of each date per symbol; a lookup answers with the latest close on or before a date.</summary>
    private sealed class DailyCloses
    {
        private readonly Dictionary<string, SortedList<DateOnly, decimal>> bySymbol = new(StringComparer.Ordinal);

        public void Add(string symbol, DateOnly date, decimal price)
        {
            if (!bySymbol.TryGetValue(symbol, out var series)) bySymbol[symbol] = series = [];
            series[date] = price; // history comes oldest first, so the last quote of a date wins
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
    }
}
