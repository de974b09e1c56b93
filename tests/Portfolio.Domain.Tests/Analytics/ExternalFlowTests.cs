using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Returns;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Analytics;

public class ExternalFlowTests
{
    private static readonly AccountSettings NoCash = new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: false);
    private static readonly AccountSettings WithCash = NoCash with { TracksCash = true };

    private static decimal Flow(AccountSettings settings, Transaction t) =>
        PerformanceCalculator.ExternalFlow(settings, t, BookingResult.Empty, (_, q, fallback) => q * fallback);

    public static TheoryData<Transaction, decimal, decimal> Flows => new()
    {
        // transaction, flow without cash, flow with cash
        { new Buy("b", D("2024-01-02"), "X", 10, 20, 1), 201m, 0m },          // money in: 10 × 20 + 1
        { new Sell("s", D("2024-01-02"), "X", 10, 25, 2), -248m, 0m },        // money out: 10 × 25 − 2
        { new CashDividend("d", D("2024-01-02"), "X", 7), -7m, 0m },
        { new Interest("i", D("2024-01-02"), 3), -3m, 0m },
        { new AccountFee("f", D("2024-01-02"), 5), 5m, 0m },                  // paid from outside: money in
        { new Deposit("dp", D("2024-01-02"), 100), 0m, 100m },
        { new Withdrawal("w", D("2024-01-02"), 40), 0m, -40m },
    };

    [Theory]
    [MemberData(nameof(Flows))]
    public void External_flows_of_accounts_with_and_without_cash(Transaction transaction, decimal withoutCash, decimal withCash)
    {
        Assert.Equal(withoutCash, Flow(NoCash, transaction));
        Assert.Equal(withCash, Flow(WithCash, transaction));
    }
}
