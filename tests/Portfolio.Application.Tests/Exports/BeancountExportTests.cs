using System.Globalization;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.Exports;

/// <summary>
/// The Beancount export, checked by Beancount itself: bean-check accepts the ledger, and bean-query's realized gains
/// per sale and open lots equal ours. Gains are worked by hand as well, beside each assertion.
/// </summary>
public class BeancountExportTests
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private const string CashQuery = "SELECT str(sum(number)) WHERE account = 'Assets:Brokerage:Cash'";

    /// <summary>
    /// Exports, checks, and compares every sale's gain and every open lot with our ledger, in one run of Beancount; returns
    /// the file's text, Beancount's gains and wash sales per transaction, and its cash balance (null without a cash account).
    /// </summary>
    internal static (string Text, Dictionary<string, decimal> Gains, Dictionary<string, decimal> WashSales, decimal? Cash) ExportAndCompare(
        AccountSettings settings, params Transaction[] log)
    {
        var (path, text) = Beancount.Export("Brokerage", settings, log);
        var (errors, rows) = Beancount.CheckAndQuery(path,
            Beancount.PerTransactionQuery("Income:Brokerage:Gains"), Beancount.OpenLotsQuery,
            Beancount.PerTransactionQuery("Income:Brokerage:WashSales"), CashQuery);
        Assert.Equal("", errors);
        var ledger = AccountLedger.Replay(settings, log);

        var theirs = Beancount.PerTransaction(rows[0]);
        var ours = ledger.Realized.GroupBy(p => p.TransactionId).ToDictionary(g => g.Key, g => g.Sum(p => p.Gain));
        Assert.Equal(ours.OrderBy(kv => kv.Key).Select(kv => (kv.Key, Beancount.Amount(kv.Value))),
            theirs.OrderBy(kv => kv.Key).Select(kv => (kv.Key, Beancount.Amount(kv.Value))));

        var lots = Beancount.OpenLots(rows[1]);
        Assert.Equal(ledger.OpenLots.OrderBy(l => l.Id).Select(l => (l.Id, l.Quantity, Beancount.Amount(l.CostBasis), l.AcquiredOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
            lots.OrderBy(kv => kv.Key).Select(kv => (kv.Key, kv.Value.Quantity, kv.Value.Cost, kv.Value.Date)));

        var washSales = Beancount.PerTransaction(rows[2]);
        Assert.Equal(ledger.Realized.Sum(p => p.WashSaleDisallowed), washSales.Values.Sum());
        return (text, theirs, washSales, rows[3] is [[{ Length: > 0 } cash]] ? Beancount.Number(cash) : null);
    }

    [BeancountFact]
    public void A_fifo_ledger_with_fees_fractions_a_split_and_cash_is_accepted_and_beancount_books_our_gains()
    {
        var ira = new AccountSettings(AccountType.Ira, "USD", LotMethod.Fifo, TracksCash: true);
        var (text, gains, _, cash) = ExportAndCompare(ira,
            new Deposit("d1", D(2024, 1, 2), 10_000m),
            new Buy("b1", D(2024, 1, 3), "AAPL", 10, 150m, 1m),
            new Buy("b2", D(2024, 1, 3), "AAPL", 5, 151m),
            new Buy("b3", D(2024, 2, 1), "MSFT", 2.5m, 400.10m, 0.99m),
            new CashDividend("v1", D(2024, 3, 1), "AAPL", 3.75m),
            new Sell("s1", D(2024, 4, 1), "AAPL", 12, 170m, 2m),
            new Split("x1", D(2024, 5, 1), "AAPL", 3, 1),
            new Sell("s2", D(2024, 6, 3), "AAPL", 4, 60m),
            new Sell("s3", D(2024, 6, 10), "MSFT", 1.2m, 420m, 0.5m),
            new AccountFee("f1", D(2024, 7, 1), 5m),
            new Interest("i1", D(2024, 7, 1), 1.23m),
            new Withdrawal("w1", D(2024, 7, 2), 100m));

        // s1: FIFO takes all of b1 (10 × 150 + 1 = 1,501) and 2 of b2 (302) for 12 × 170 − 2 = 2,038: a gain of 235.
        Assert.Equal(235m, gains["s1"]);
        // s2: after 3:1, b2's 3 shares (453) are 9; 4 of them cost 453 × 4 / 9 = 201.3333333333, sold for 240.
        Assert.Equal(38.6666666667m, Beancount.Amount(gains["s2"]));
        // s3: 1.2 of 2.5 MSFT (1,000.25 + 0.99 = 1,001.24) cost 480.5952, sold for 504 − 0.5 = 503.5.
        Assert.Equal(22.9048m, gains["s3"]);
        // Beancount chose the lots itself: the sales are written with an empty cost spec.
        Assert.Contains("Assets:Brokerage:AAPL  -12 AAPL {} @ 170 USD", text);
        Assert.Contains("2024-01-02 open Assets:Brokerage:AAPL AAPL \"FIFO\"", text);
        // The split closes b2's 3 shares and reopens 9 with the same cost (453), date and label.
        Assert.Contains("Assets:Brokerage:AAPL  9 AAPL {{453 USD, 2024-01-03, \"b2\"}}", text);
        // Cash: 10,000 − 1,501 − 755 − 1,001.24 + 3.75 + 2,038 + 240 + 503.5 − 5 + 1.23 − 100 = 9,424.24.
        Assert.Equal(9424.24m, cash);
    }

    [BeancountFact]
    public void A_lifo_sale_among_lots_of_one_date_names_its_lots_and_other_lifo_sales_are_left_to_beancount()
    {
        var lifo = new AccountSettings(AccountType.Roth, "USD", LotMethod.Lifo, TracksCash: false);
        var (text, gains, _, _) = ExportAndCompare(lifo,
            new Buy("b1", D(2024, 1, 2), "X", 10, 10m),
            new Buy("b2", D(2024, 1, 5), "X", 10, 12m),
            new Buy("b3", D(2024, 1, 5), "X", 5, 13m),
            new Sell("s1", D(2024, 2, 1), "X", 7, 15m),
            new Buy("b4", D(2024, 2, 10), "X", 3, 14m),
            new Sell("s2", D(2024, 3, 1), "X", 4, 16m));

        // s1: our LIFO closes the later of the two 5 January lots first: all of b3 (65) and 2 of b2 (24) for 105, a gain
        // of 16. Beancount's LIFO keeps file order within a date and would close b2 first, so the sale names its lots.
        Assert.Equal(16m, gains["s1"]);
        Assert.Contains("Assets:Brokerage:X-X  -5 X-X {2024-01-05, \"b3\"} @ 15 USD", text);
        // s2: b4 (42) and 1 of b2 (12) for 64: a gain of 10, booked by Beancount's LIFO.
        Assert.Equal(10m, gains["s2"]);
        Assert.Contains("Assets:Brokerage:X-X  -4 X-X {} @ 16 USD", text);
    }

    [BeancountFact]
    public void Hifo_and_average_cost_accounts_are_strict_and_every_reduction_names_its_lot()
    {
        var hifo = new AccountSettings(AccountType.Ira, "USD", LotMethod.Hifo, TracksCash: false);
        var (hifoText, hifoGains, _, _) = ExportAndCompare(hifo,
            new Buy("b1", D(2024, 1, 2), "X", 10, 10m),
            new Buy("b2", D(2024, 1, 3), "X", 10, 20m),
            new Buy("b3", D(2024, 1, 4), "X", 10, 15m),
            new Sell("s1", D(2024, 2, 1), "X", 15, 25m));
        // Highest cost first: b2 (200) and 5 of b3 (75) for 375: 100.
        Assert.Equal(100m, hifoGains["s1"]);
        Assert.Contains("\"STRICT\"", hifoText);

        var average = new AccountSettings(AccountType.Ira, "USD", LotMethod.AverageCost, TracksCash: false);
        var (_, averageGains, _, _) = ExportAndCompare(average,
            new Buy("b1", D(2024, 1, 2), "X", 10, 10m),
            new Buy("b2", D(2024, 1, 3), "X", 10, 20m),
            new Sell("s1", D(2024, 2, 1), "X", 5, 30m));
        // Average cost 300 / 20 = 15 a share: 5 cost 75, sold for 150. The lots are restated at 15 before the sale.
        Assert.Equal(75m, averageGains["s1"]);
    }

    [BeancountFact]
    public void A_wash_sale_moves_the_disallowed_loss_into_the_replacement_and_books_it_to_wash_sales()
    {
        // IRS Pub. 550's example: 100 shares bought for $1,000, sold for $750, 100 bought again within 30 days for $800.
        var taxable = new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: false);
        var (_, gains, washSales, _) = ExportAndCompare(taxable,
            new Buy("b1", D(2024, 1, 2), "X", 100, 10m),
            new Sell("s1", D(2024, 3, 1), "X", 100, 7.50m),
            new Buy("b2", D(2024, 3, 15), "X", 100, 8m),
            new Sell("s2", D(2024, 12, 2), "X", 100, 11m));

        // Beancount's gains are economic: −250 on s1; the replacement's cost is 800 + 250 = 1,050, so s2 gains 50.
        Assert.Equal((-250m, 50m), (gains["s1"], gains["s2"]));
        // The 250 disallowed is booked when the replacement is bought: Gains + WashSales = 0 + 50, as Form 8949 reports.
        Assert.Equal(250m, washSales["b2"]);
    }
}
