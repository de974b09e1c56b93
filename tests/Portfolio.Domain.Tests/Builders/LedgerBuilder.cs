using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
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

    public string NextId => $"t{log.Count + 1}";
    public AccountSettings Settings => settings;
    public IReadOnlyList<Transaction> Log => log;

    public LedgerBuilder Add(Transaction transaction) { log.Add(transaction); return this; }
    public LedgerBuilder Deposit(string date, decimal amount) => Add(new Deposit(NextId, D(date), amount));
    public LedgerBuilder Buy(string date, string symbol, decimal quantity, decimal price, decimal fee = 0) =>
        Add(new Buy(NextId, D(date), symbol, quantity, price, fee));
    public LedgerBuilder Sell(string date, string symbol, decimal quantity, decimal price, decimal fee = 0, LotMethod? method = null, params LotSelection[] lots) =>
        Add(new Sell(NextId, D(date), symbol, quantity, price, fee, method, lots.Length == 0 ? null : lots));

    public AccountLedger Build() => AccountLedger.Replay(settings, log);
}
