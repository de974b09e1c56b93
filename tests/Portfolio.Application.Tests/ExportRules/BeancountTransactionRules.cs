using Portfolio.Application.Exports;
using Portfolio.Application.Tests.Exports;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;
using static Portfolio.Application.Tests.ExportRules.ExportLedgers;

namespace Portfolio.Application.Tests.ExportRules;

/// <summary>
/// A transaction of the ledger: its date, <c>*</c> and narration (what it did, in words, with a fee only when there is
/// one), its id as metadata (and a sale's fee), its postings, a blank line, and after a buy, sale or reinvestment the
/// day's price of the symbol. Amounts of a transaction without a sale are written as they are; with a sale, every cash
/// amount takes as many decimals as the sale's gain, proceeds or wash sale (at least 2), since Beancount rounds the gain
/// it interpolates to the fewest decimals among them. A split's reopened lots are balanced on the rounding account.
/// Strings are quoted with their quotes and backslashes escaped. The latest prices close the file, in symbol order.
/// </summary>
public class BeancountTransactionRules
{
    private static readonly AccountSettings HifoIra = new(AccountType.Ira, "USD", LotMethod.Hifo, TracksCash: false);

    [Fact]
    public void Every_kind_of_cash_transaction_is_narrated_posted_and_priced_and_the_latest_prices_close_the_file()
    {
        // b1: 10 × 15 + 1 = 151. s1 (FIFO): b1's 151 and 2 of b2's 5 at 16 (32) for 12 × 17 − 2 = 202, a gain of 19,
        // written as 202.00; s2: 1 of b2 (16) for 18. The split doubles b2's last 2 shares at the same 32.
        var pieces = BeancountFormat.Write("Brokerage", CashIra, EveryCashKind, [new("VTI", D(4, 5), 230m), new("AAPL", D(4, 5), 9.5m)]).ToList();

        Assert.Equal(1 + EveryCashKind.Length + 1, pieces.Count);
        Assert.Equal("""
            2024-01-02 * "Deposit"
              id: "d1"
              Assets:Brokerage:Cash  1000 USD
              Equity:Brokerage:Transfers  -1000 USD

            2024-01-03 * "Buy 10 AAPL at 15, fee 1"
              id: "b1"
              Assets:Brokerage:AAPL  10 AAPL {{151 USD, 2024-01-03, "b1"}}
              Assets:Brokerage:Cash  -151 USD

            2024-01-03 price AAPL 15 USD
            2024-01-04 * "Buy 5 AAPL at 16"
              id: "b2"
              Assets:Brokerage:AAPL  5 AAPL {{80 USD, 2024-01-04, "b2"}}
              Assets:Brokerage:Cash  -80 USD

            2024-01-04 price AAPL 16 USD
            2024-02-01 * "Dividend reinvested: 0.5 VTI at 220"
              id: "r1"
              Assets:Brokerage:VTI  0.5 VTI {{110 USD, 2024-02-01, "r1"}}
              Income:Brokerage:Dividends  -110 USD

            2024-02-01 price VTI 220 USD
            2024-02-01 * "Dividend AAPL"
              id: "v1"
              Assets:Brokerage:Cash  2.5 USD
              Income:Brokerage:Dividends  -2.5 USD

            2024-02-05 * "Account fee"
              id: "f1"
              Assets:Brokerage:Cash  -3 USD
              Expenses:Brokerage:Fees  3 USD

            2024-02-05 * "Fee (AAPL)"
              id: "f2"
              Assets:Brokerage:Cash  -1.5 USD
              Expenses:Brokerage:Fees  1.5 USD

            2024-02-06 * "Interest"
              id: "n1"
              Assets:Brokerage:Cash  0.75 USD
              Income:Brokerage:Interest  -0.75 USD

            2024-03-01 * "Sell 12 AAPL at 17, fee 2"
              id: "s1"
              fee: 2 USD
              Assets:Brokerage:AAPL  -12 AAPL {} @ 17 USD
              Assets:Brokerage:Cash  202.00 USD
              Income:Brokerage:Gains

            2024-03-01 price AAPL 17 USD
            2024-03-04 * "Sell 1 AAPL at 18"
              id: "s2"
              Assets:Brokerage:AAPL  -1 AAPL {} @ 18 USD
              Assets:Brokerage:Cash  18.00 USD
              Income:Brokerage:Gains

            2024-03-04 price AAPL 18 USD
            2024-04-01 * "Split AAPL 2 for 1"
              id: "x1"
              Assets:Brokerage:AAPL  -2 AAPL {2024-01-04, "b2"}
              Assets:Brokerage:AAPL  4 AAPL {{32 USD, 2024-01-04, "b2"}}
              Equity:Brokerage:Rounding

            2024-04-02 * "Withdrawal"
              id: "w1"
              Assets:Brokerage:Cash  -100 USD
              Equity:Brokerage:Transfers  100 USD

            2024-04-05 price AAPL 9.5 USD
            2024-04-05 price VTI 230 USD

            """, string.Concat(pieces.Skip(1)));
    }

    [Fact]
    public void An_id_with_quotes_and_backslashes_is_quoted_with_them_escaped()
    {
        Transaction[] log = [new Buy("q\"1\\2", D(1, 2), "ABC", 2, 300m)];

        Assert.Equal("""
            2024-01-02 * "Buy 2 ABC at 300"
              id: "q\"1\\2"
              Assets:Brokerage:ABC  2 ABC {{600 USD, 2024-01-02, "q\"1\\2"}}
              Equity:Brokerage:External  -600 USD

            2024-01-02 price ABC 300 USD

            """, BeancountFormat.Write("Brokerage", HifoIra, log, []).ElementAt(1));
    }

    /// <summary>Two lots of one share, at 10.001 and 10.009, sold together at 10.01: gains of 0.009 and 0.001.</summary>
    private static readonly Transaction[] TwoThousandthGains =
    [
        new Buy("b1", D(1, 2), "ABC", 1, 10.001m), new Buy("b2", D(1, 3), "ABC", 1, 10.009m),
        new Sell("s1", D(2, 1), "ABC", 2, 10.01m, Method: LotMethod.Fifo),
    ];

    [Fact]
    public void A_sales_cash_takes_the_decimals_of_its_whole_gain_not_of_its_largest_piece()
    {
        // The gain is 0.009 + 0.001 = 0.010, two decimals; the proceeds 20.02 two as well: 20.02, not 20.020.
        Assert.Equal("""
            2024-02-01 * "Sell 2 ABC at 10.01"
              id: "s1"
              Assets:Brokerage:ABC  -1 ABC {2024-01-02, "b1"} @ 10.01 USD
              Assets:Brokerage:ABC  -1 ABC {2024-01-03, "b2"} @ 10.01 USD
              Equity:Brokerage:External  20.02 USD
              Income:Brokerage:Gains

            2024-02-01 price ABC 10.01 USD

            """, BeancountFormat.Write("Brokerage", HifoIra, TwoThousandthGains, []).ElementAt(3));
    }

    [BeancountFact]
    public void Bean_check_accepts_the_transactions_ledgers()
    {
        Assert.Equal(["", "", ""], BeancountCheck.Complaints(
            BeancountCheck.Ledger(CashIra, EveryCashKind, new("VTI", D(4, 5), 230m), new("AAPL", D(4, 5), 9.5m)),
            BeancountCheck.Ledger(HifoIra, [new Buy("q\"1\\2", D(1, 2), "ABC", 2, 300m)]),
            BeancountCheck.Ledger(HifoIra, TwoThousandthGains)));
    }
}
