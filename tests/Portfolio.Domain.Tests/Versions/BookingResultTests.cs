using Portfolio.Domain.Lots;
using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Versions;

/// <summary>
/// A booking says which lots it opened (the performance walk values a transfer in by them, the application reports
/// them): a purchase's lot, or the washed part and the rest a purchase became; a spin-off's new lots.
/// </summary>
public class BookingResultTests
{
    private static (string, decimal, decimal, DateOnly, LotOrigin)[] Described(IEnumerable<TaxLot> lots) =>
        lots.Select(l => (l.Id, l.Quantity, l.CostBasis, l.AcquiredOn, l.Origin)).ToArray();

    [Fact]
    public void A_purchase_with_no_loss_waiting_reports_its_one_lot()
    {
        var ledger = new LedgerBuilder().Deposit("2024-01-02", 10_000).Buy("2024-01-03", "XYZ", 100, 10).Build();

        var next = ledger.With(new Buy("b", D("2024-02-01"), "XYZ", 5, 12), out var booking);

        Assert.Equal([("b", 5m, 60m, D("2024-02-01"), LotOrigin.Purchase)], Described(booking.OpenedLots));
        Assert.Equal(next.PositionOf("XYZ")!.Find("b"), Assert.Single(booking.OpenedLots));
    }

    [Fact]
    public void A_purchase_after_the_window_of_a_waiting_loss_reports_its_lot_unwashed()
    {
        // t2 2024-01-10 sells t1 at a loss of 100; no purchase within 30 days. b 2024-03-01 (after 2024-02-09) is no
        // replacement: one lot, 5 sh at 150, acquired 2024-03-01, and the loss stays allowed.
        var ledger = new LedgerBuilder().Buy("2024-01-02", "XYZ", 10, 50).Sell("2024-01-10", "XYZ", 10, 40).Build();

        var next = ledger.With(new Buy("b", D("2024-03-01"), "XYZ", 5, 30), out var booking);

        Assert.Equal([("b", 5m, 150m, D("2024-03-01"), LotOrigin.Purchase)], Described(booking.OpenedLots));
        Assert.Equal(0m, Assert.Single(next.Realized).WashSaleDisallowed);
    }

    [Fact]
    public void A_purchase_larger_than_the_loss_it_washes_reports_the_washed_part_and_the_rest()
    {
        // t2 2024-03-01 sells t1 (10 @ 50) at 40: loss 100, held 59 days. b 2024-03-05 buys 25 @ 41 (1025): 10 sh wash
        // the loss ("b.w1", 410 + 100 = 510, acquired 2024-03-05 − 59 days = 2024-01-06); 15 sh stay b (615).
        var ledger = new LedgerBuilder().Buy("2024-01-02", "XYZ", 10, 50).Sell("2024-03-01", "XYZ", 10, 40).Build();

        ledger.With(new Buy("b", D("2024-03-05"), "XYZ", 25, 41), out var booking);

        Assert.Equal(
            [("b.w1", 10m, 510m, D("2024-01-06"), LotOrigin.WashSaleReplacement), ("b", 15m, 615m, D("2024-03-05"), LotOrigin.Purchase)],
            Described(booking.OpenedLots));
    }

    [Fact]
    public void A_spin_off_reports_the_new_lots_it_opened()
    {
        // t2: 100 XYZ, basis 1000, acquired 2024-01-03. 0.5 NEW per XYZ, parent 30, new 20: the new shares are worth
        // 0.5 × 20 = 10 of every 40, so NEW gets 1000 × 10 / 40 = 250 of the basis for 50 shares, keeping t2's date.
        var ledger = new LedgerBuilder().Deposit("2024-01-02", 10_000).Buy("2024-01-03", "XYZ", 100, 10).Build();

        var next = ledger.With(new SpinOff("s", D("2024-02-01"), "XYZ", "NEW", 0.5m, 30, 20), out var booking);

        Assert.Equal([("s/t2", 50m, 250m, D("2024-01-03"), LotOrigin.SpinOff)], Described(booking.OpenedLots));
        Assert.Equal(next.PositionOf("NEW")!.Lots, booking.OpenedLots);
    }
}
