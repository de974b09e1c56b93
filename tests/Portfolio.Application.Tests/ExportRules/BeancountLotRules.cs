using Portfolio.Application.Exports;
using Portfolio.Application.Tests.Exports;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;
using static Portfolio.Application.Tests.ExportRules.ExportLedgers;

namespace Portfolio.Application.Tests.ExportRules;

/// <summary>
/// How lots move in the ledger: a sale that Beancount cannot book by the account's own method names each lot it takes
/// (<c>{date, "label"}</c>) and how much of it, once; a lot merely sold from is not closed and reopened, a lot untouched
/// between two sold ones is not posted at all; a lot changed otherwise (transferred out, split) is closed whole by label
/// and its new state reopened with its cost, date and label.
/// </summary>
public class BeancountLotRules
{
    private static readonly AccountSettings HifoIra = new(AccountType.Ira, "USD", LotMethod.Hifo, TracksCash: false, AllowsFractionalShares: true);

    /// <summary>b1 10 at 20, b2 10 at 10, b3 10 at 15; HIFO sells 15 at 25: all of b1 and 5 of b3, around b2; b2 is transferred out.</summary>
    private static readonly Transaction[] AroundAnUntouchedLot =
    [
        new Buy("b1", D(1, 2), "ABC", 10, 20m), new Buy("b2", D(1, 3), "ABC", 10, 10m), new Buy("b3", D(1, 4), "ABC", 10, 15m),
        new Sell("s1", D(2, 1), "ABC", 15, 25m), new TransferOut("o1", D(3, 1), "ABC", 10, Lots: [new LotSelection("b2", 10)]),
    ];

    [Fact]
    public void A_highest_cost_sale_names_the_lots_it_takes_and_leaves_the_lot_between_them_and_the_rest_of_a_lot_alone()
    {
        // 375 for b1's 200 and half of b3's 150 (75): a gain of 100, which Beancount interpolates on Gains.
        Assert.Equal("""
            2024-02-01 * "Sell 15 ABC at 25"
              id: "s1"
              Assets:Brokerage:ABC  -10 ABC {2024-01-02, "b1"} @ 25 USD
              Assets:Brokerage:ABC  -5 ABC {2024-01-04, "b3"} @ 25 USD
              Equity:Brokerage:External  375.00 USD
              Income:Brokerage:Gains

            2024-02-01 price ABC 25 USD

            """, BeancountFormat.Write("Brokerage", HifoIra, AroundAnUntouchedLot, []).ElementAt(4));
    }

    [Fact]
    public void A_lot_transferred_out_whole_is_closed_by_label_and_its_basis_leaves_through_transfers()
    {
        Assert.Equal("""
            2024-03-01 * "Transfer out 10 ABC"
              id: "o1"
              Assets:Brokerage:ABC  -10 ABC {2024-01-03, "b2"}
              Equity:Brokerage:Transfers  100 USD
              Equity:Brokerage:Rounding


            """, BeancountFormat.Write("Brokerage", HifoIra, AroundAnUntouchedLot, []).ElementAt(5));
    }

    /// <summary>A FIFO IRA: b1 10 at 10, b2 10 at 12; 4 sold at 15 from b2 by name.</summary>
    private static readonly Transaction[] NamedLotInFifo =
    [
        new Buy("b1", D(1, 2), "ABC", 10, 10m), new Buy("b2", D(1, 3), "ABC", 10, 12m),
        new Sell("s1", D(2, 1), "ABC", 4, 15m, Lots: [new LotSelection("b2", 4)]),
    ];

    [Fact]
    public void A_sale_naming_its_lots_in_a_fifo_account_names_them_to_beancount_too()
    {
        // Beancount's FIFO would take b1: the sale names b2, for a gain of 4 × (15 − 12) = 12.
        var fifoIra = new AccountSettings(AccountType.Ira, "USD", LotMethod.Fifo, TracksCash: false);
        Assert.Equal("""
            2024-02-01 * "Sell 4 ABC at 15"
              id: "s1"
              Assets:Brokerage:ABC  -4 ABC {2024-01-03, "b2"} @ 15 USD
              Equity:Brokerage:External  60.00 USD
              Income:Brokerage:Gains

            2024-02-01 price ABC 15 USD

            """, BeancountFormat.Write("Brokerage", fifoIra, NamedLotInFifo, []).ElementAt(3));
    }

    /// <summary>Half a share at 30 (basis 15), split 3 for 1 with cash in lieu at 12: 1.5 shares, the half paid 6.</summary>
    private static readonly Transaction[] HalfShareSplitThreeForOne =
        [new Buy("b1", D(1, 2), "ABC", 0.5m, 30m), new Split("x1", D(2, 1), "ABC", 3, 1, 12m)];

    [Fact]
    public void A_split_paying_cash_in_lieu_closes_the_lot_once_and_reopens_the_whole_shares_at_their_basis()
    {
        // The half share sold in lieu carries a third of the basis (5): 6 − 5 = a gain of 1; one share keeps 10.
        Assert.Equal("""
            2024-02-01 * "Split ABC 3 for 1"
              id: "x1"
              Assets:Brokerage:ABC  -0.5 ABC {2024-01-02, "b1"}
              Assets:Brokerage:ABC  1 ABC {{10 USD, 2024-01-02, "b1"}}
              Equity:Brokerage:External  6.00 USD
              Income:Brokerage:Gains


            """, BeancountFormat.Write("Brokerage", HifoIra, HalfShareSplitThreeForOne, []).ElementAt(2));
    }

    /// <summary>
    /// 0.2 share and 1 share at 30 (bases 6 and 30), a stock dividend of 2 per share with cash in lieu at 12: 0.6 and 3
    /// shares, the 0.6 fraction paid 7.20 from the oldest lot, which it empties.
    /// </summary>
    private static readonly Transaction[] LieuLargerThanTheLotWas =
    [
        new Buy("b1", D(1, 2), "ABC", 0.2m, 30m), new Buy("b2", D(1, 3), "ABC", 1m, 30m),
        new StockDividend("x1", D(2, 1), "ABC", 2m, 12m),
    ];

    [Fact]
    public void Cash_in_lieu_of_more_new_shares_than_the_lot_held_before_closes_the_lot_in_its_own_shares()
    {
        // b1 held 0.2 share before the dividend: it closes 0.2, not the 0.6 paid in lieu, which Beancount refuses ("Not
        // enough lots to reduce"). Gain 7.20 − 6 = 1.20; b2 closes its 1 share and reopens 3 at the same 30.
        Assert.Equal("""
            2024-02-01 * "Stock dividend ABC: 2 per share"
              id: "x1"
              Assets:Brokerage:ABC  -0.2 ABC {2024-01-02, "b1"}
              Assets:Brokerage:ABC  -1 ABC {2024-01-03, "b2"}
              Assets:Brokerage:ABC  3 ABC {{30 USD, 2024-01-03, "b2"}}
              Equity:Brokerage:External  7.20 USD
              Income:Brokerage:Gains


            """, BeancountFormat.Write("Brokerage", HifoIra, LieuLargerThanTheLotWas, []).ElementAt(3));
    }

    [BeancountFact]
    public void Bean_check_accepts_the_lots_ledgers()
    {
        Assert.Equal(["", "", "", ""], BeancountCheck.Complaints(
            BeancountCheck.Ledger(HifoIra, AroundAnUntouchedLot),
            BeancountCheck.Ledger(new AccountSettings(AccountType.Ira, "USD", LotMethod.Fifo, TracksCash: false), NamedLotInFifo),
            BeancountCheck.Ledger(HifoIra, HalfShareSplitThreeForOne),
            BeancountCheck.Ledger(HifoIra, LieuLargerThanTheLotWas)));
    }
}
