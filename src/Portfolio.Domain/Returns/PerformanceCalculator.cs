using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Domain.Returns;

public sealed record PerformanceDay(DateOnly Date, decimal Value, decimal NetFlow, decimal CumulativeTwr);

/// <summary>
/// Value, cost and unrealized gain are at the close of <see cref="To"/>; realized gain, income and fees are those of
/// the period; the simple return is inception-to-date: (unrealized + realized + income − fees) / all basis ever invested.
/// </summary>
public sealed record PerformanceReport(
    DateOnly From, DateOnly To,
    decimal Value, decimal CostBasis, decimal UnrealizedGain,
    decimal RealizedGain, decimal Income, decimal Fees,
    decimal? SimpleReturn, decimal TimeWeightedReturn, decimal? AnnualizedTimeWeightedReturn, decimal? MoneyWeightedReturn,
    IReadOnlyList<PerformanceDay> Daily);

public static class PerformanceCalculator
{
    /// <param name="log">The account's transactions in booking order.</param>
    /// <param name="closeOn">The last close of a symbol on or before a date, if known. Unknown closes fall back to the last trade price in the log.</param>
    public static PerformanceReport Compute(
        AccountSettings settings, IReadOnlyList<Transaction> log, Func<string, DateOnly, decimal?> closeOn, DateOnly from, DateOnly to)
    {
        if (to < from) throw new LedgerRuleViolation("to", "must not be before from");
        var days = DailyValues(settings, log, closeOn, from.AddDays(-1), to, out var ledger);
        return Compose(ledger, log, days, from, to);
    }

    /// <summary>
    /// The report of [<paramref name="from"/>, <paramref name="to"/>] from its daily values and the ledger at the close of
    /// <paramref name="to"/>. <paramref name="days"/> holds every calendar day from the day before <paramref name="from"/>
    /// (the base, whose flow is ignored) to <paramref name="to"/>.
    /// </summary>
    public static PerformanceReport Compose(
        AccountLedger ledger, IReadOnlyList<Transaction> log, IReadOnlyList<DailyValue> days, DateOnly from, DateOnly to)
    {
        if (days.Count != to.DayNumber - from.DayNumber + 2 || days[0].Date != from.AddDays(-1) || days[^1].Date != to)
            throw new ArgumentException("every day from the day before from to to is needed", nameof(days));
        if (days[0].NetFlow != 0) days = [days[0] with { NetFlow = 0 }, .. days.Skip(1)];
        var (twr, series) = TimeWeightedReturn.ChainLink(days);

        var flows = new List<CashFlow>();
        if (days[0].Value != 0) flows.Add(new CashFlow(days[0].Date, -days[0].Value));
        flows.AddRange(days.Skip(1).Where(d => d.NetFlow != 0).Select(d => new CashFlow(d.Date, -d.NetFlow)));
        flows.Add(new CashFlow(to, days[^1].Value));

        var inPeriod = (DateOnly d) => d >= from && d <= to;
        var realizedAll = ledger.Realized.Sum(r => r.RecognizedGain);
        var closedBasis = ledger.Realized.Sum(r => r.CostBasis);
        var incomeAll = ledger.Income.Sum(i => i.Amount);
        var openBasis = ledger.Positions.Sum(p => p.CostBasis);
        var unrealized = days[^1].Value - ledger.Cash - openBasis;
        var invested = openBasis + closedBasis;
        var fees = log.OfType<AccountFee>().Where(f => inPeriod(f.TradeDate)).Sum(f => f.Amount);

        return new PerformanceReport(
            from, to,
            days[^1].Value, openBasis, unrealized,
            ledger.Realized.Where(r => inPeriod(r.SoldOn)).Sum(r => r.RecognizedGain),
            ledger.Income.Where(i => inPeriod(i.Date)).Sum(i => i.Amount),
            fees,
            invested == 0 ? null : (unrealized + realizedAll + incomeAll - ledger.FeesPaid) / invested,
            twr,
            TimeWeightedReturn.Annualize(twr, from.AddDays(-1), to),
            MoneyWeightedReturn.Xirr(flows),
            days.Skip(1).Select((d, i) => new PerformanceDay(d.Date, d.Value, d.NetFlow, series[i + 1])).ToList());
    }

    /// <summary>
    /// Replays the log day by day and values the account at each close from <paramref name="baseDate"/> to
    /// <paramref name="to"/>; <paramref name="ledger"/> is the ledger at the close of <paramref name="to"/>.
    /// </summary>
    public static IReadOnlyList<DailyValue> DailyValues(
        AccountSettings settings, IReadOnlyList<Transaction> log, Func<string, DateOnly, decimal?> closeOn,
        DateOnly baseDate, DateOnly to, out AccountLedger ledger)
    {
        var valuation = new DailyValuation(settings, log);
        valuation.BookBefore(baseDate);
        var result = new List<DailyValue>();
        for (var day = baseDate; day <= to; day = day.AddDays(1))
        {
            var value = valuation.Close(day, closeOn);
            result.Add(day == baseDate ? value with { NetFlow = 0 } : value);
        }
        ledger = valuation.Ledger;
        return result;
    }

    /// <summary>
    /// Money entering (positive) or leaving the account from outside. With cash tracked only deposits, withdrawals and
    /// transfers cross the boundary. Without cash the account is its securities: buys bring money in, and sale proceeds,
    /// income and cash in lieu leave it; fees are paid from outside.
    /// </summary>
    public static decimal ExternalFlow(AccountSettings settings, Transaction transaction, BookingResult booking, Func<string, decimal, decimal, decimal> valueOf)
    {
        var transfers = transaction switch
        {
            TransferIn t => booking.OpenedLots.Sum(l => valueOf(t.Symbol, l.Quantity, l.CostPerShare)),
            TransferOut t => -booking.RemovedLots.Sum(p => valueOf(t.Symbol, p.Quantity, p.Lot.CostPerShare)),
            _ => 0m,
        };
        if (settings.TracksCash)
            return transfers + transaction switch
            {
                Deposit d => d.Amount,
                Withdrawal w => -w.Amount,
                _ => 0m,
            };

        var cashInLieu = transaction is Split or StockDividend or SpinOff ? booking.Realized.Sum(r => r.Proceeds) : 0m;
        return transfers - cashInLieu + transaction switch
        {
            Buy b => b.Quantity * b.Price + b.Fee,
            Sell s => -(s.Quantity * s.Price - s.Fee),
            CashDividend d => -d.Amount,
            Interest i => -i.Amount,
            AccountFee f => f.Amount,
            _ => 0m,
        };
    }
}
