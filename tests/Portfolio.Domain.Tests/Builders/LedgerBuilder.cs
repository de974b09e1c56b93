using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Lots;
using Portfolio.Domain.Transactions;

namespace Portfolio.Domain.Tests.Builders;

/// <summary>Builds a transaction log with readable defaults and sequential ids (t1, t2, ...).</summary>
public sealed class LedgerBuilder
{
    private readonly List<Transaction> log = [];
    private AccountSettings settings = new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true);

    public static DateOnly D(string isoDate) => DateOnly.Parse(isoDate);

    public LedgerBuilder WithMethod(LotMethod method) { settings = settings with { LotMethod = method }; return this; }
    public LedgerBuilder WithType(AccountType type) { settings = settings with { Type = type }; return this; }
    public LedgerBuilder WithoutCash() { settings = settings with { TracksCash = false }; return this; }
    public LedgerBuilder WithFractionalShares() { settings = settings with { AllowsFractionalShares = true }; return this; }
    public LedgerBuilder WithSettings(AccountSettings accountSettings) { settings = accountSettings; return this; }

    public string NextId => $"t{log.Count + 1}";
    public AccountSettings Settings => settings;
    public IReadOnlyList<Transaction> Log => log;

    public LedgerBuilder Add(Transaction transaction) { log.Add(transaction); return this; }
    public LedgerBuilder Deposit(string date, decimal amount) => Add(new Deposit(NextId, D(date), amount));
    public LedgerBuilder Withdraw(string date, decimal amount) => Add(new Withdrawal(NextId, D(date), amount));
    public LedgerBuilder Fee(string date, decimal amount) => Add(new AccountFee(NextId, D(date), amount));
    public LedgerBuilder Interest(string date, decimal amount) => Add(new Interest(NextId, D(date), amount));
    public LedgerBuilder Buy(string date, string symbol, decimal quantity, decimal price, decimal fee = 0) =>
        Add(new Buy(NextId, D(date), symbol, quantity, price, fee));
    public LedgerBuilder Sell(string date, string symbol, decimal quantity, decimal price, decimal fee = 0, LotMethod? method = null, params LotSelection[] lots) =>
        Add(new Sell(NextId, D(date), symbol, quantity, price, fee, method, lots.Length == 0 ? null : lots));
    public LedgerBuilder Dividend(string date, string symbol, decimal amount) => Add(new CashDividend(NextId, D(date), symbol, amount));
    public LedgerBuilder Reinvest(string date, string symbol, decimal quantity, decimal price) =>
        Add(new DividendReinvestment(NextId, D(date), symbol, quantity, price));
    public LedgerBuilder Split(string date, string symbol, decimal newShares, decimal oldShares, decimal? cashInLieuPrice = null) =>
        Add(new Split(NextId, D(date), symbol, newShares, oldShares, cashInLieuPrice));
    public LedgerBuilder StockDividend(string date, string symbol, decimal sharesPerShare, decimal? cashInLieuPrice = null) =>
        Add(new StockDividend(NextId, D(date), symbol, sharesPerShare, cashInLieuPrice));
    public LedgerBuilder SpinOff(string date, string symbol, string newSymbol, decimal sharesPerShare, decimal parentPrice, decimal newPrice, decimal? cashInLieuPrice = null) =>
        Add(new SpinOff(NextId, D(date), symbol, newSymbol, sharesPerShare, parentPrice, newPrice, cashInLieuPrice));
    public LedgerBuilder TransferIn(string date, string symbol, params TransferredLot[] lots) => Add(new TransferIn(NextId, D(date), symbol, lots));
    public LedgerBuilder TransferOut(string date, string symbol, decimal quantity, LotMethod? method = null, params LotSelection[] lots) =>
        Add(new TransferOut(NextId, D(date), symbol, quantity, method, lots.Length == 0 ? null : lots));

    public AccountLedger Build() => AccountLedger.Replay(settings, log);

    public static TransferredLot Lot(decimal quantity, decimal costBasis, string acquiredOn) => new(quantity, costBasis, D(acquiredOn));
    public static LotSelection Pick(string lotId, decimal quantity) => new(lotId, quantity);
}

/// <summary>Everything observable about a ledger, to show that a refused transaction changed nothing.</summary>
public sealed record LedgerSnapshot(
    IReadOnlyList<TaxLot> Lots, decimal Cash, IReadOnlyList<RealizedLot> Realized, IReadOnlyList<IncomeEntry> Income,
    decimal FeesPaid, int TransactionCount, DateOnly? LastTradeDate)
{
    public static LedgerSnapshot Of(AccountLedger ledger) => new(
        ledger.OpenLots.OrderBy(l => l.Symbol, StringComparer.Ordinal).ThenBy(l => l.Id, StringComparer.Ordinal).ToList(),
        ledger.Cash, ledger.Realized.ToList(), ledger.Income.ToList(), ledger.FeesPaid, ledger.TransactionCount, ledger.LastTradeDate);

    public void ShouldEqual(LedgerSnapshot other)
    {
        Assert.Equal(Lots, other.Lots);
        Assert.Equal(Cash, other.Cash);
        Assert.Equal(Realized, other.Realized);
        Assert.Equal(Income, other.Income);
        Assert.Equal(FeesPaid, other.FeesPaid);
        Assert.Equal(TransactionCount, other.TransactionCount);
        Assert.Equal(LastTradeDate, other.LastTradeDate);
    }
}
