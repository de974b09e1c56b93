using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Domain.Returns;

/// <summary>
/// Walks a log forward one calendar day at a time: books each day's transactions, then values the account at that day's
/// close. The one place where a day's value and external flow are computed, for the full recomputation
/// (<see cref="PerformanceCalculator.DailyValues"/>) and for the stored daily series alike.
/// </summary>
public sealed class DailyValuation
{
    private readonly IReadOnlyList<Transaction> log;
    private readonly Dictionary<string, decimal> lastTrade = new(StringComparer.Ordinal);
    private int next;

    /// <param name="log">The account's transactions in booking order.</param>
    public DailyValuation(AccountSettings settings, IReadOnlyList<Transaction> log)
    {
        this.log = log;
        Ledger = new AccountLedger(settings);
    }

    /// <summary>The ledger after every transaction booked so far.</summary>
    public AccountLedger Ledger { get; }

    /// <summary>The first day whose transactions are not booked yet (null when the whole log is booked).</summary>
    public DateOnly? NextTradeDate => next < log.Count ? log[next].TradeDate : null;

    /// <summary>Books every transaction dated before <paramref name="day"/> without valuing the days they fall on.</summary>
    public void BookBefore(DateOnly day)
    {
        for (; next < log.Count && log[next].TradeDate < day; next++)
        {
            Ledger.Apply(log[next]);
            Remember(log[next]);
        }
    }

    /// <summary>Books the transactions of <paramref name="day"/> (and any earlier ones not booked yet) and values the account at its close.</summary>
    public DailyValue Close(DateOnly day, Func<string, DateOnly, decimal?> closeOn)
    {
        var settings = Ledger.Settings;
        decimal flow = 0;
        for (; next < log.Count && log[next].TradeDate <= day; next++)
        {
            var transaction = log[next];
            var booking = Ledger.Apply(transaction);
            flow += PerformanceCalculator.ExternalFlow(settings, transaction, booking, (s, q, fallback) => q * (closeOn(s, day) ?? fallback));
            Remember(transaction);
        }
        return new DailyValue(day, ValueAt(Ledger, day, closeOn, LastTrade), flow);
    }

    /// <summary>
    /// Cash plus each position at its close on <paramref name="day"/>; a symbol without a close is valued at its last
    /// trade price in the log, and failing that at its cost.
    /// </summary>
    public static decimal ValueAt(AccountLedger ledger, DateOnly day, Func<string, DateOnly, decimal?> closeOn, Func<string, decimal?> lastTrade)
    {
        var value = ledger.Cash;
        foreach (var position in ledger.Positions)
        {
            if (position.Quantity == 0) continue;
            value += position.Quantity * (closeOn(position.Symbol, day)
                ?? lastTrade(position.Symbol)
                ?? position.CostBasis / position.Quantity);
        }
        return value;
    }

    /// <summary>The price the transaction traded at, when it is a trade.</summary>
    public static (string Symbol, decimal Price)? TradePrice(Transaction transaction) => transaction switch
    {
        Buy b => (b.Symbol, b.Price),
        Sell s => (s.Symbol, s.Price),
        DividendReinvestment r => (r.Symbol, r.Price),
        _ => null,
    };

    private decimal? LastTrade(string symbol) => lastTrade.TryGetValue(symbol, out var price) ? price : null;

    private void Remember(Transaction transaction)
    {
        if (TradePrice(transaction) is var (symbol, price)) lastTrade[symbol] = price;
    }
}
