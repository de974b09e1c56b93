using Portfolio.Application.Common;
using Portfolio.Application.Holdings;
using Portfolio.Application.Ports;
using Portfolio.Domain;
using Portfolio.Domain.Returns;

namespace Portfolio.Application.Performance;

/// <summary>
/// Returns of a period composed from the account's stored daily series (<see cref="AccountSeries"/>), which is checked
/// against the ledger and the daily closes on every read, so a back-dated transaction, a corporate action or a price
/// correction changes them at once. <c>from</c> is the first day whose return counts: the period starts from the value
/// at the close of the day before it. A day's close is the last stored quote of that New York date.
/// </summary>
public sealed class PerformanceService(AccountSnapshotReader reader, Ledger.LedgerReader ledgers, AccountSeries series, IPriceStore prices, TimeProvider clock)
{
    /// <summary>How far before the period prices are read when the price store keeps no close versions (no stored series then).</summary>
    private const int CloseLookbackDays = 10;

    private static readonly DateOnly EarliestStart = DateOnly.MinValue.AddDays(CloseLookbackDays + 1);

    public async Task<PerformanceReport> ComputeAsync(Caller caller, string accountId, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var account = await reader.AccountAsync(caller, accountId, ct);
        var state = await ledgers.LoadAsync(account, ct); // closes come from history, not the latest quotes
        var today = MarketClock.Today(clock);
        var end = to ?? today;
        if (from < SupportedRanges.EarliestDate) throw new InvalidRequestException("from", $"must be {SupportedRanges.EarliestDate:yyyy-MM-dd} or later");
        if (to < SupportedRanges.EarliestDate) throw new InvalidRequestException("to", $"must be {SupportedRanges.EarliestDate:yyyy-MM-dd} or later");
        var log = state.BookingOrder(); // by trade date: the first booked is the earliest
        var start = from ?? (log.Count > 0 ? log[0].TradeDate : end);
        // Trade dates are not bounded below: a log reaching back to 0001-01-01 must still leave room for the day before
        // the period and the close lookback (DateOnly.AddDays would throw, a 500 on every performance request).
        if (start < EarliestStart) start = EarliestStart;
        if (end > today) throw new InvalidRequestException("to", $"{end:yyyy-MM-dd} is in the future");
        if (start > end) throw new InvalidRequestException("from", "must not be after to");

        return await AccountStateException.GuardAsync(account.Id, () => ComposeAsync(account, state, start, end, ct));
    }

    private async Task<PerformanceReport> ComposeAsync(Accounts.Account account, Ledger.LedgerState state, DateOnly start, DateOnly end, CancellationToken ct)
    {
        var log = state.BookingOrder();
        try
        {
            var period = await series.ReadAsync(account, state, start.AddDays(-1), end, ct);
            return PerformanceCalculator.Compose(period.LedgerAtEnd, period.Log, period.Days, start, end);
        }
        catch (NotSupportedException)
        {
            // A price store that cannot tell which closes changed cannot keep a stored series valid: recompute it all.
            var closes = await DailyCloseLookup.LoadAsync(prices, AccountSeries.SymbolsOf(log), start.AddDays(-1), end, ct);
            return PerformanceCalculator.Compute(account.Settings, log, closes.CloseOn, start, end);
        }
    }
}
