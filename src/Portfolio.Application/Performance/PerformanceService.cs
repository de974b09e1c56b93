using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Ledger;
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
public sealed class PerformanceService(AccountSnapshotReader reader, LedgerReader ledgers, AccountSeries series, IPriceStore prices, TimeProvider clock)
{
    /// <summary>How far before the period prices are read when the price store keeps no close versions (no stored series then).</summary>
    private const int CloseLookbackDays = 10;

    private static readonly DateOnly EarliestStart = DateOnly.MinValue.AddDays(CloseLookbackDays + 1);

    public async Task<PerformanceReport> ComputeAsync(Caller caller, string accountId, DateOnly? from, DateOnly? to, CancellationToken ct) =>
        await ComputeAsync(await InputsAsync(caller, accountId, from, to, ct), ct);

    /// <summary>The account, its ledger and the period a report is computed from, checked (a bad period is refused).</summary>
    public async Task<PerformanceInputs> InputsAsync(Caller caller, string accountId, DateOnly? from, DateOnly? to, CancellationToken ct)
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
        return new PerformanceInputs(account, state, today, start, end);
    }

    public async Task<PerformanceReport> ComputeAsync(PerformanceInputs inputs, CancellationToken ct) =>
        await AccountStateException.GuardAsync(inputs.Account.Id, () => ComposeAsync(inputs, ct));

    private async Task<PerformanceReport> ComposeAsync(PerformanceInputs inputs, CancellationToken ct)
    {
        var (account, state, _, start, end) = inputs;
        try
        {
            var period = await series.ReadAsync(account, state, start.AddDays(-1), end, ct);
            return PerformanceCalculator.Compose(period.LedgerAtEnd, period.Log, period.Days, start, end);
        }
        catch (NotSupportedException)
        {
            // A price store that cannot tell which closes changed cannot keep a stored series valid: recompute it all.
            var closes = await DailyCloseLookup.LoadAsync(prices, inputs.Symbols, start.AddDays(-1), end, ct);
            return PerformanceCalculator.Compute(account.Settings, state.BookingOrder(), closes.CloseOn, start, end);
        }
    }

    /// <summary>
    /// Whether a daily close of a symbol the report reads changed after <paramref name="sinceVersion"/>, with the store's
    /// close version now (<see cref="IPriceStore.GetCloseChangesAsync"/>; a store that does not track changes throws
    /// <see cref="NotSupportedException"/>). A report computed after the version was read and whose inputs are the same
    /// stays the report until a close changes.
    /// </summary>
    public Task<Prices.CloseChanges> CloseChangesAsync(PerformanceInputs inputs, long sinceVersion, CancellationToken ct) =>
        prices.GetCloseChangesAsync(inputs.Symbols, sinceVersion, ct);
}

/// <summary>
/// What a performance report is a function of, besides the daily closes of <see cref="Symbols"/>: the account's settings,
/// its ledger (<see cref="LedgerState.Version"/>), the New York date and the period.
/// </summary>
public sealed record PerformanceInputs(Account Account, LedgerState State, DateOnly Today, DateOnly Start, DateOnly End)
{
    /// <summary>Every symbol the log ever touched: the series values, and today's value, read only their closes.</summary>
    public IReadOnlyList<string> Symbols => SymbolsByState.GetValue(State, state => AccountSeries.SymbolsOf(state.BookingOrder()));

    /// <summary>A state never changes (a write makes a new one): its symbols are found once, not on every read.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<LedgerState, IReadOnlyList<string>> SymbolsByState = new();
}
