using Portfolio.Application.Exports;
using Portfolio.Application.Tests.Exports;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;
using static Portfolio.Application.Tests.ExportRules.ExportLedgers;

namespace Portfolio.Application.Tests.ExportRules;

/// <summary>
/// When a sale is left to Beancount's own booking (<c>{}</c>) and when it names its lots; how a lot changed by a sale in
/// another way than the shares it sold (an average-cost restatement, a wash-sale adjustment) is closed by label and
/// reopened; cash in lieu that takes a whole lot; the STRICT booking of the other methods, a transferred-in symbol's
/// commodity and the narrations of a transfer in and a spin-off.
/// </summary>
public class BeancountRelotRules
{
    private static readonly AccountSettings HifoTaxable = new(AccountType.Taxable, "USD", LotMethod.Hifo, TracksCash: false);
    private static readonly AccountSettings LifoIra = new(AccountType.Ira, "USD", LotMethod.Lifo, TracksCash: false);
    private static readonly AccountSettings FifoIra = new(AccountType.Ira, "USD", LotMethod.Fifo, TracksCash: false);
    private static readonly AccountSettings AverageIra = new(AccountType.Ira, "USD", LotMethod.AverageCost, TracksCash: false);

    /// <summary>10 XYZ transferred in at a basis of 100, acquired 1 May 2023.</summary>
    private static readonly Transaction[] OnlyATransferIn =
        [new TransferIn("i1", D(1, 2), "XYZ", [new TransferredLot(10, 100m, new DateOnly(2023, 5, 1))])];

    [Fact]
    public void A_symbol_only_transferred_in_is_a_commodity_and_a_highest_cost_account_books_strictly()
    {
        Assert.Equal("""
            option "title" "Brokerage"
            option "operating_currency" "USD"
            option "inferred_tolerance_default" "USD:0.0000000001"

            2024-01-02 commodity XYZ
              symbol: "XYZ"

            2024-01-02 open Equity:Brokerage:External USD
            2024-01-02 open Income:Brokerage:Gains USD
            2024-01-02 open Income:Brokerage:WashSales USD
            2024-01-02 open Income:Brokerage:Dividends USD
            2024-01-02 open Income:Brokerage:Interest USD
            2024-01-02 open Expenses:Brokerage:Fees USD
            2024-01-02 open Equity:Brokerage:Transfers USD
            2024-01-02 open Equity:Brokerage:Rounding USD
            2024-01-02 open Assets:Brokerage:XYZ XYZ "STRICT"


            """, BeancountFormat.Write("Brokerage", HifoTaxable, OnlyATransferIn, []).First());
    }

    /// <summary>10 ABC transferred in (basis 100), then a spin-off of 0.5 NEW per share at 8 (ABC) and 4 (NEW).</summary>
    private static readonly Transaction[] TransferInThenSpinOff =
    [
        new TransferIn("i1", D(1, 2), "ABC", [new TransferredLot(10, 100m, new DateOnly(2023, 5, 1))]),
        new SpinOff("p1", D(2, 1), "ABC", "NEW", 0.5m, 8m, 4m),
    ];

    [Fact]
    public void A_transfer_in_and_a_spin_off_are_narrated_with_their_symbols_and_the_spin_off_moves_basis_by_value()
    {
        // NEW takes 0.5 × 4 / (8 + 0.5 × 4) = a fifth of the basis: 20 for 5 NEW; ABC keeps 80, date and label.
        var pieces = BeancountFormat.Write("Brokerage", HifoTaxable, TransferInThenSpinOff, []).ToArray();
        Assert.Equal("""
            2024-01-02 * "Transfer in ABC"
              id: "i1"
              Assets:Brokerage:ABC  10 ABC {{100 USD, 2023-05-01, "i1/0"}}
              Equity:Brokerage:Transfers  -100 USD


            """, pieces[1]);
        Assert.Equal("""
            2024-02-01 * "Spin-off of NEW from ABC: 0.5 per share"
              id: "p1"
              Assets:Brokerage:ABC  -10 ABC {2023-05-01, "i1/0"}
              Assets:Brokerage:ABC  10 ABC {{80 USD, 2023-05-01, "i1/0"}}
              Assets:Brokerage:NEW  5 NEW {{20 USD, 2023-05-01, "p1/i1/0"}}
              Equity:Brokerage:Rounding


            """, pieces[2]);
    }

    /// <summary>A LIFO IRA: b1 10 at 10 and b2 10 at 12 bought the same day, b3 10 at 14 the next; 5 sold at 20, then 10 at 20.</summary>
    private static readonly Transaction[] LifoWithTwoLotsOfOneDay =
    [
        new Buy("b1", D(1, 2), "ABC", 10, 10m), new Buy("b2", D(1, 2), "ABC", 10, 12m), new Buy("b3", D(1, 3), "ABC", 10, 14m),
        new Sell("s1", D(2, 1), "ABC", 5, 20m), new Sell("s2", D(2, 2), "ABC", 10, 20m),
    ];

    [Fact]
    public void A_lifo_sale_from_a_lot_alone_on_its_date_is_left_to_beancount_even_when_other_lots_share_a_date()
    {
        // LIFO takes 5 of b3, the only lot of 3 January: Beancount's LIFO takes the same; gain 5 × (20 − 14) = 30.
        Assert.Equal("""
            2024-02-01 * "Sell 5 ABC at 20"
              id: "s1"
              Assets:Brokerage:ABC  -5 ABC {} @ 20 USD
              Equity:Brokerage:External  100.00 USD
              Income:Brokerage:Gains

            2024-02-01 price ABC 20 USD

            """, BeancountFormat.Write("Brokerage", LifoIra, LifoWithTwoLotsOfOneDay, []).ElementAt(4));
    }

    [Fact]
    public void A_lifo_sale_reaching_lots_of_one_date_names_its_lots_as_beancount_would_take_them_in_file_order()
    {
        // The rest of b3 (5), then 5 of b2: b1 and b2 tie on 2 January, a tie Beancount breaks by file order rather
        // than by our rule, so the sale names both lots: gain 5 × 6 + 5 × 8 = 70.
        Assert.Equal("""
            2024-02-02 * "Sell 10 ABC at 20"
              id: "s2"
              Assets:Brokerage:ABC  -5 ABC {2024-01-02, "b2"} @ 20 USD
              Assets:Brokerage:ABC  -5 ABC {2024-01-03, "b3"} @ 20 USD
              Equity:Brokerage:External  200.00 USD
              Income:Brokerage:Gains

            2024-02-02 price ABC 20 USD

            """, BeancountFormat.Write("Brokerage", LifoIra, LifoWithTwoLotsOfOneDay, []).ElementAt(5));
    }

    /// <summary>A FIFO IRA: b1 10 at 10 and b2 10 at 12 bought the same day; 5 sold at 20.</summary>
    private static readonly Transaction[] FifoWithTwoLotsOfOneDay =
    [
        new Buy("b1", D(1, 2), "ABC", 10, 10m), new Buy("b2", D(1, 2), "ABC", 10, 12m), new Sell("s1", D(2, 1), "ABC", 5, 20m),
    ];

    [Fact]
    public void A_fifo_sale_in_an_account_without_wash_sales_is_left_to_beancount_even_among_lots_of_one_date()
    {
        // FIFO takes the first lot in file order, b1, as Beancount does: gain 5 × (20 − 10) = 50.
        Assert.Equal("""
            2024-02-01 * "Sell 5 ABC at 20"
              id: "s1"
              Assets:Brokerage:ABC  -5 ABC {} @ 20 USD
              Equity:Brokerage:External  100.00 USD
              Income:Brokerage:Gains

            2024-02-01 price ABC 20 USD

            """, BeancountFormat.Write("Brokerage", FifoIra, FifoWithTwoLotsOfOneDay, []).ElementAt(3));
    }

    /// <summary>A taxable HIFO account: b1 10 at 20, b2 10 at 15 eighteen days later; 10 sold at 15 twelve days after b2.</summary>
    private static readonly Transaction[] LossWashedIntoAnEarlierBuy =
    [
        new Buy("b1", D(1, 2), "ABC", 10, 20m), new Buy("b2", D(1, 20), "ABC", 10, 15m), new Sell("s1", D(2, 1), "ABC", 10, 15m),
    ];

    [Fact]
    public void A_loss_washed_into_a_lot_bought_before_the_sale_reopens_that_lot_with_the_loss_and_books_it_on_wash_sales()
    {
        // HIFO sells b1 (200) for 150: a loss of 50, disallowed, as b2 was bought within 30 days before. b2 is closed
        // whole and reopened at 150 + 50 = 200, its date moved back by the 30 days b1 was held (20 January − 30 days
        // = 21 December); the 50 leaves through WashSales, so Gains takes the economic loss of 50 (−200 − 150 + 200 + 150
        // − 50 + 50 = 0). It sold nothing of b2: no "-0" reduction of it.
        Assert.Equal("""
            2024-02-01 * "Sell 10 ABC at 15"
              id: "s1"
              Assets:Brokerage:ABC  -10 ABC {2024-01-02, "b1"} @ 15 USD
              Assets:Brokerage:ABC  -10 ABC {2024-01-20, "b2"}
              Assets:Brokerage:ABC  10 ABC {{200 USD, 2023-12-21, "b2"}}
              Equity:Brokerage:External  150.00 USD
              Income:Brokerage:WashSales  -50.00 USD
              Income:Brokerage:Gains

            2024-02-01 price ABC 15 USD

            """, BeancountFormat.Write("Brokerage", HifoTaxable, LossWashedIntoAnEarlierBuy, []).ElementAt(3));
    }

    /// <summary>An average-cost IRA: b1 10 at 10, b2 10 at 20; 5 sold at 18.</summary>
    private static readonly Transaction[] AverageCostSale =
        [new Buy("b1", D(1, 2), "ABC", 10, 10m), new Buy("b2", D(1, 3), "ABC", 10, 20m), new Sell("s1", D(2, 1), "ABC", 5, 18m)];

    [Fact]
    public void An_average_cost_sale_reduces_the_shares_it_sold_then_closes_the_rest_of_each_restated_lot_and_reopens_it()
    {
        // Both lots are restated at the average 15 a share (150 each); the sale takes 5 of b1 (basis 75) for 90, a gain
        // of 15. b1: 5 sold by label at 18, its other 5 closed and reopened at 75; b2 closed whole, reopened at 150.
        Assert.Equal("""
            2024-02-01 * "Sell 5 ABC at 18"
              id: "s1"
              Assets:Brokerage:ABC  -5 ABC {2024-01-02, "b1"} @ 18 USD
              Assets:Brokerage:ABC  -5 ABC {2024-01-02, "b1"}
              Assets:Brokerage:ABC  -10 ABC {2024-01-03, "b2"}
              Assets:Brokerage:ABC  5 ABC {{75 USD, 2024-01-02, "b1"}}
              Assets:Brokerage:ABC  10 ABC {{150 USD, 2024-01-03, "b2"}}
              Equity:Brokerage:External  90.00 USD
              Income:Brokerage:Gains

            2024-02-01 price ABC 18 USD

            """, BeancountFormat.Write("Brokerage", AverageIra, AverageCostSale, []).ElementAt(3));
    }

    /// <summary>Half a share at 20 (basis 10), split 1 for 1 with cash in lieu at 30: the half share is paid 15.</summary>
    private static readonly Transaction[] LieuOfTheWholeLot =
        [new Buy("b1", D(1, 2), "ABC", 0.5m, 20m), new Split("x1", D(2, 1), "ABC", 1, 1, 30m)];

    [Fact]
    public void Cash_in_lieu_of_a_whole_lot_closes_it_by_label_once_and_reopens_nothing()
    {
        // Gain 15 − 10 = 5.
        Assert.Equal("""
            2024-02-01 * "Split ABC 1 for 1"
              id: "x1"
              Assets:Brokerage:ABC  -0.5 ABC {2024-01-02, "b1"}
              Equity:Brokerage:External  15.00 USD
              Income:Brokerage:Gains


            """, BeancountFormat.Write("Brokerage", HifoTaxable, LieuOfTheWholeLot, []).ElementAt(2));
    }

    [BeancountFact]
    public void Bean_check_accepts_the_relot_ledgers()
    {
        Assert.Equal(["", "", "", "", "", "", ""], BeancountCheck.Complaints(
            BeancountCheck.Ledger(HifoTaxable, OnlyATransferIn),
            BeancountCheck.Ledger(HifoTaxable, TransferInThenSpinOff),
            BeancountCheck.Ledger(LifoIra, LifoWithTwoLotsOfOneDay),
            BeancountCheck.Ledger(FifoIra, FifoWithTwoLotsOfOneDay),
            BeancountCheck.Ledger(HifoTaxable, LossWashedIntoAnEarlierBuy),
            BeancountCheck.Ledger(AverageIra, AverageCostSale),
            BeancountCheck.Ledger(HifoTaxable, LieuOfTheWholeLot)));
    }
}
