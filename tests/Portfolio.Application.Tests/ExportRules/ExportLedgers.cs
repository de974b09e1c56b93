using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.ExportRules;

/// <summary>The small logs the export rules are stated on, each worked by hand in the test that uses it.</summary>
internal static class ExportLedgers
{
    public static DateOnly D(int month, int day) => new(2024, month, day);

    /// <summary>
    /// A cash-tracking FIFO IRA with one transaction of every cash kind: deposit 1,000; buy 10 AAPL at 15 with a 1 fee
    /// and 5 at 16; reinvest a dividend in 0.5 VTI at 220; an AAPL dividend of 2.5; an account fee of 3 and a 1.5 fee on
    /// AAPL; interest of 0.75; sell 12 AAPL at 17 with a 2 fee, then 1 at 18; a 2-for-1 split of the 2 AAPL left;
    /// withdraw 100.
    /// </summary>
    public static readonly AccountSettings CashIra = new(AccountType.Ira, "usd", LotMethod.Fifo, TracksCash: true, AllowsFractionalShares: true);

    public static Transaction[] EveryCashKind =>
    [
        new Deposit("d1", D(1, 2), 1_000m),
        new Buy("b1", D(1, 3), "AAPL", 10, 15m, 1m),
        new Buy("b2", D(1, 4), "AAPL", 5, 16m),
        new DividendReinvestment("r1", D(2, 1), "VTI", 0.5m, 220m),
        new CashDividend("v1", D(2, 1), "AAPL", 2.5m),
        new AccountFee("f1", D(2, 5), 3m),
        new AccountFee("f2", D(2, 5), 1.5m, "AAPL"),
        new Interest("n1", D(2, 6), 0.75m),
        new Sell("s1", D(3, 1), "AAPL", 12, 17m, 2m),
        new Sell("s2", D(3, 4), "AAPL", 1, 18m),
        new Split("x1", D(4, 1), "AAPL", 2, 1),
        new Withdrawal("w1", D(4, 2), 100m),
    ];
}
