using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.Exports;

/// <summary>
/// Reinvested dividends, transfers in and out, stock dividends and spin-offs in the Beancount export: bean-check accepts
/// the ledger, and Beancount's own booking gives the same gains and open lots as ours (checked as in
/// <see cref="BeancountExportTests"/>). The numbers are worked by hand beside each assertion.
/// </summary>
public class BeancountCorporateActionTests
{
    private static DateOnly D(int month, int day) => new(2024, month, day);

    [BeancountFact]
    public void Reinvestments_transfers_stock_dividends_and_spin_offs_are_accepted_and_beancount_books_our_gains()
    {
        var ira = new AccountSettings(AccountType.Ira, "USD", LotMethod.Fifo, TracksCash: true);
        var (text, gains, _, cash) = BeancountExportTests.ExportAndCompare(ira,
            new Deposit("c1", D(1, 2), 1_000m),
            new Buy("b1", D(1, 2), "X", 10, 20m, 1m),
            new DividendReinvestment("r1", D(2, 1), "X", 2, 22m),
            new TransferIn("i1", D(2, 15), "Y", [new TransferredLot(4, 50m, new DateOnly(2020, 3, 1))]),
            new StockDividend("d1", D(5, 1), "X", 0.5m),
            new SpinOff("p1", D(5, 15), "X", "Z", 1m, 30m, 20m),
            new TransferOut("o1", D(5, 20), "Y", 1),
            new Sell("s1", D(6, 3), "Z", 6, 25m));

        // X: b1 10 shares (201) and r1 2 (44); the stock dividend makes them 15 and 3. The spin-off gives one Z per X, and Z
        // takes 20 / (30 + 20) = 2/5 of each lot's basis: b1's 15 Z cost 80.4. FIFO sells 6 of them: 6 × 80.4 / 15 = 32.16
        // for 150, a gain of 117.84.
        Assert.Equal(117.84m, gains["s1"]);
        Assert.Contains("Spin-off of Z from X: 1 per share", text);
        Assert.Contains("Dividend reinvested: 2 X at 22", text);
        Assert.Contains("Transfer in Y", text);
        Assert.Contains("Transfer out 1 Y", text);
        Assert.Contains("Stock dividend X: 0.5 per share", text);
        // Cash: 1,000 − 201 (the buy and its fee) + 6 × 25 = 949; the reinvested dividend never touches cash.
        Assert.Equal(949m, cash);
    }
}
