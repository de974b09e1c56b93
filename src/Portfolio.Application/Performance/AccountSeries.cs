using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Returns;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Performance;

/// <summary>The daily values of a period and the ledger at the close of its last day.</summary>
public sealed record PeriodDays(IReadOnlyList<DailyValue> Days, AccountLedger LedgerAtEnd, IReadOnlyList<Transaction> Log);

/// <summary>
/// An account's stored daily series (see <see cref="SeriesDay"/>), kept valid on every read. Completed days (before
/// today's New York date) are stored; today is valued live. Before answering, the stored series is checked against its
/// watermark: ledger entries recorded after it invalidate from their earliest trade date (back-dated transactions and
/// corporate actions), and daily closes changed after it invalidate from the earliest changed date. Only that suffix is
/// recomputed, with the same arithmetic as the full recomputation (<see cref="DailyValuation"/>).
/// </summary>
public sealed class AccountSeries(IDailySeriesStore store, IPriceStore prices, TimeProvider clock)
{
    private const int MaxAttempts = 3;

    /// <summary>
    /// Brings the stored series up to yesterday (New York): for an end-of-day run or the revaluation, so that reads find
    /// the days already there. Nothing depends on it: a read extends the series itself when days are missing.
    /// </summary>
    public async Task ExtendAsync(Account account, LedgerState state, CancellationToken ct)
    {
        var log = state.BookingOrder();
        if (log.Count == 0) return;
        var yesterday = MarketClock.Today(clock).AddDays(-1);
        await DaysAsync(account, state, log, yesterday, yesterday, ct);
    }

    /// <summary>
    /// Every calendar day's value and flow from <paramref name="baseDay"/> to <paramref name="to"/> (at most today), as a
    /// full recomputation from the log and the daily closes would give them.
    /// </summary>
    private static readonly DateOnly EarliestSeriesDay = DateOnly.MinValue.AddDays(2);

    public async Task<PeriodDays> ReadAsync(Account account, LedgerState state, DateOnly baseDay, DateOnly to, CancellationToken ct)
    {
        var log = state.BookingOrder();
        var today = MarketClock.Today(clock);
        if (log.Count == 0)
            return new PeriodDays(Zeros(baseDay, to).ToList(), state.Ledger, log);

        var completedTo = to < today ? to : today.AddDays(-1);
        var days = new List<DailyValue>(to.DayNumber - baseDay.DayNumber + 1);
        if (completedTo >= baseDay) days.AddRange(await DaysAsync(account, state, log, baseDay, completedTo, ct));
        if (to == today && baseDay <= today) days.Add(await TodayAsync(state, log, today, ct));
        return new PeriodDays(days, LedgerAt(state, log, to), log);
    }

    /// <summary>Stored (and if need be recomputed) days of [from, to], all before today.</summary>
    private async Task<IReadOnlyList<DailyValue>> DaysAsync(
        Account account, LedgerState state, IReadOnlyList<Transaction> log, DateOnly from, DateOnly to, CancellationToken ct)
    {
        // A log reaching back to 0001-01-01 starts its series two days later (the day before the first must exist); those
        // days are before any period's base day, so no answer changes, and transactions dated earlier are booked before it.
        var first = Max(log[0].TradeDate, EarliestSeriesDay);
        var result = new List<DailyValue>(Zeros(from, Min(to, first.AddDays(-1))));
        if (to < first) return result;
        var readFrom = Max(from, first);
        var symbols = SymbolsOf(log);
        var yesterday = MarketClock.Today(clock).AddDays(-1);

        for (var attempt = 1; ; attempt++)
        {
            var stored = await store.ReadAsync(account.Id, readFrom, to, ct);
            // Read the close version before any close it guards.
            var changes = await prices.GetCloseChangesAsync(symbols, stored?.Watermark.CloseVersion ?? 0, ct);
            var invalidFrom = InvalidFrom(stored, state, changes, first);
            if (invalidFrom > to)
            {
                result.AddRange(stored!.Days.Select(d => new DailyValue(d.Date, d.Value, d.NetFlow)));
                return result;
            }

            var previous = await PreviousDayAsync(account.Id, stored, invalidFrom, first, ct);
            if (previous is null)
            {
                if (attempt < MaxAttempts) continue; // another writer saved in between: read again
                (invalidFrom, previous) = (first, ZeroDay(first.AddDays(-1))); // still racing: recompute it all
            }
            var recomputed = await RecomputeAsync(state, log, symbols, invalidFrom, yesterday, previous, ct);
            // A series saved by a writer that saw ledger entries this read did not is newer: it is not used, nor replaced.
            if (stored is null || stored.Watermark.LedgerVersion <= state.Version)
                await store.TrySaveAsync(account.Id, stored?.Revision ?? 0,
                    new SeriesWatermark(state.Version, changes.Version, yesterday), invalidFrom, recomputed, ct);
            // A lost race leaves the store to the other writer; this answer is computed from what this read saw, and is right.
            result.AddRange((stored?.Days ?? []).Where(d => d.Date < invalidFrom).Select(d => new DailyValue(d.Date, d.Value, d.NetFlow)));
            result.AddRange(recomputed.Where(d => d.Date >= readFrom && d.Date <= to).Select(d => new DailyValue(d.Date, d.Value, d.NetFlow)));
            return result;
        }
    }

    /// <summary>The first stored day that no longer holds (or the first day not stored yet).</summary>
    private static DateOnly InvalidFrom(StoredSeries? stored, LedgerState state, Prices.CloseChanges changes, DateOnly first)
    {
        if (stored is null || stored.Watermark.LedgerVersion > state.Version) return first;
        var invalidFrom = stored.Watermark.LastDate.AddDays(1);
        for (var i = state.Entries.Count - 1; i >= 0 && state.Entries[i].Sequence > stored.Watermark.LedgerVersion; i--)
            invalidFrom = Min(invalidFrom, state.Entries[i].Transaction.TradeDate);
        if (changes.EarliestChangedDate is { } changed) invalidFrom = Min(invalidFrom, changed);
        return Max(invalidFrom, first);
    }

    /// <summary>The stored day before <paramref name="invalidFrom"/> (a zero day before the first trade); null when the store moved on since <paramref name="stored"/>.</summary>
    private async Task<SeriesDay?> PreviousDayAsync(string accountId, StoredSeries? stored, DateOnly invalidFrom, DateOnly first, CancellationToken ct)
    {
        var date = invalidFrom.AddDays(-1);
        if (date < first || stored is null) return ZeroDay(date);
        if (stored.Days.FirstOrDefault(d => d.Date == date) is { } known) return known;
        var again = await store.ReadAsync(accountId, date, date, ct);
        return again is { Days: [var day] } && again.Revision == stored.Revision ? day : null;
    }

    /// <summary>Recomputes [from, to]. Without ledger changes in it, the current ledger is the ledger of every day and nothing is replayed.</summary>
    private async Task<IReadOnlyList<SeriesDay>> RecomputeAsync(
        LedgerState state, IReadOnlyList<Transaction> log, IReadOnlyList<string> symbols, DateOnly from, DateOnly to, SeriesDay previous, CancellationToken ct)
    {
        var days = new List<SeriesDay>(Math.Max(0, to.DayNumber - from.DayNumber + 1));
        var (value, growth) = (previous.Value, previous.Growth);
        var noTradesSince = state.Ledger.LastTradeDate is not { } last || last < from;
        if (noTradesSince)
        {
            var held = state.Ledger.Positions.Select(p => p.Symbol).ToList();
            var closes = await DailyCloseLookup.LoadAsync(prices, held, from, to, ct);
            var lastTrade = LastTradePrices(log);
            for (var day = from; day <= to; day = day.AddDays(1))
            {
                var today = new DailyValue(day, DailyValuation.ValueAt(state.Ledger, day, closes.CloseOn, lastTrade), 0);
                growth *= 1 + TimeWeightedReturn.DailyReturn(value, today);
                value = today.Value;
                days.Add(new SeriesDay(day, value, state.Ledger.Cash, 0, 0, growth));
            }
            return days;
        }

        var allCloses = await DailyCloseLookup.LoadAsync(prices, symbols, from, to, ct);
        var valuation = new DailyValuation(state.Ledger.Settings, log);
        valuation.BookBefore(from);
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var incomeBefore = valuation.Ledger.Income.Count;
            var today = valuation.Close(day, allCloses.CloseOn);
            growth *= 1 + TimeWeightedReturn.DailyReturn(value, today);
            value = today.Value;
            var income = valuation.Ledger.Income.Skip(incomeBefore).Sum(i => i.Amount);
            days.Add(new SeriesDay(day, value, valuation.Ledger.Cash, today.NetFlow, income, growth));
        }
        return days;
    }

    /// <summary>
    /// Today at the latest closes. The current ledger is today's; the day's flow needs no replay unless a transaction of
    /// today is one whose flow depends on how it was booked (a transfer, or cash in lieu without cash tracking).
    /// </summary>
    private async Task<DailyValue> TodayAsync(LedgerState state, IReadOnlyList<Transaction> log, DateOnly today, CancellationToken ct)
    {
        var settings = state.Ledger.Settings;
        var ofToday = log.Where(t => t.TradeDate == today).ToList();
        var symbols = ofToday.Any(NeedsBooking) ? SymbolsOf(log) : state.Ledger.Positions.Select(p => p.Symbol).Concat(ofToday.SelectMany(SymbolsOf)).Distinct().ToList();
        var closes = await DailyCloseLookup.LoadAsync(prices, symbols, today, today, ct);
        if (ofToday.Any(NeedsBooking))
        {
            var valuation = new DailyValuation(settings, log);
            valuation.BookBefore(today);
            return valuation.Close(today, closes.CloseOn);
        }
        decimal flow = 0;
        foreach (var transaction in ofToday)
            flow += PerformanceCalculator.ExternalFlow(settings, transaction, BookingResult.Empty, (s, q, fallback) => q * (closes.CloseOn(s, today) ?? fallback));
        return new DailyValue(today, DailyValuation.ValueAt(state.Ledger, today, closes.CloseOn, LastTradePrices(log)), flow);
    }

    private static bool NeedsBooking(Transaction transaction) => transaction is TransferIn or TransferOut or Split or StockDividend or SpinOff;

    /// <summary>A day before the first transaction: nothing held, growth factor one.</summary>
    private static SeriesDay ZeroDay(DateOnly date) => new(date, 0, 0, 0, 0, 1);

    /// <summary>The ledger at the close of <paramref name="day"/>: the current one unless later transactions exist, then a replay up to it.</summary>
    private static AccountLedger LedgerAt(LedgerState state, IReadOnlyList<Transaction> log, DateOnly day)
    {
        if (state.Ledger.LastTradeDate is not { } last || last <= day) return state.Ledger;
        var valuation = new DailyValuation(state.Ledger.Settings, log);
        valuation.BookBefore(day.AddDays(1));
        return valuation.Ledger;
    }

    /// <summary>Each symbol's last trade price in the log, found only for symbols that need it (those without any close).</summary>
    private static Func<string, decimal?> LastTradePrices(IReadOnlyList<Transaction> log)
    {
        Dictionary<string, decimal>? prices = null;
        return symbol =>
        {
            if (prices is null)
            {
                prices = new Dictionary<string, decimal>(StringComparer.Ordinal);
                foreach (var transaction in log)
                    if (DailyValuation.TradePrice(transaction) is var (s, p)) prices[s] = p;
            }
            return prices.TryGetValue(symbol, out var price) ? price : null;
        };
    }

    internal static IReadOnlyList<string> SymbolsOf(IEnumerable<Transaction> log) => log.SelectMany(SymbolsOf).Distinct().ToList();

    private static IEnumerable<string> SymbolsOf(Transaction transaction) => transaction switch
    {
        Buy b => [b.Symbol],
        Sell s => [s.Symbol],
        DividendReinvestment r => [r.Symbol],
        TransferIn i => [i.Symbol],
        TransferOut o => [o.Symbol],
        SpinOff o => [o.Symbol, o.NewSymbol],
        _ => [],
    };

    private static IEnumerable<DailyValue> Zeros(DateOnly from, DateOnly to)
    {
        for (var day = from; day <= to; day = day.AddDays(1)) yield return new DailyValue(day, 0, 0);
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
