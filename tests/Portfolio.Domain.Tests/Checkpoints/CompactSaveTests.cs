using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Lots;
using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Checkpoints;

/// <summary>
/// A compact save keeps the realized history only from the earliest loss still awaiting a wash-sale replacement, and
/// a ledger restored from it books the rest of the log like a replay of the whole log. Taxable FIFO account.
/// </summary>
public class CompactSaveTests
{
    // Pieces: 0 = Y +50 (02-01), 1 = X −80 (03-01, pending), 2 = Y −50 (03-05, pending). Cash 10,000 − 1,000 − 500 + 300 + 320 + 200 = 9,320.
    private static LedgerBuilder TwoPendingLosses() => new LedgerBuilder()
        .Deposit("2024-01-02", 10_000)
        .Buy("2024-01-02", "X", 10, 100)   // lot t2
        .Buy("2024-01-02", "Y", 10, 50)    // lot t3
        .Sell("2024-02-01", "Y", 5, 60)    // 300 for basis 250: +50
        .Sell("2024-03-01", "X", 4, 80)    // 320 for basis 400: −80, no other X lot to replace it
        .Sell("2024-03-05", "Y", 5, 40);   // 200 for basis 250: −50, no other Y lot

    [Fact]
    public void A_compact_save_starts_at_the_earliest_pending_loss_and_a_full_save_at_the_first_piece()
    {
        var log = TwoPendingLosses();
        var ledger = log.Build();

        var compact = ledger.SaveCompact();
        var full = ledger.Save();

        Assert.Equal(1, compact.RealizedBefore);
        Assert.Equal(["t5", "t6"], compact.Realized.Select(p => p.TransactionId));
        Assert.Equal([new PendingWashLoss("X", 1, 4), new PendingWashLoss("Y", 2, 5)], compact.PendingLosses);
        Assert.Equal(0, full.RealizedBefore);
        Assert.Equal(["t4", "t5", "t6"], full.Realized.Select(p => p.TransactionId));
        Assert.Equal(9_320m, compact.Cash);
        Assert.Equal(2, compact.NextLotSequence); // two lots opened, sequences 0 and 1
    }

    [Fact]
    public void A_ledger_restored_from_a_compact_save_washes_a_pending_loss_like_a_full_replay()
    {
        var log = TwoPendingLosses();
        var cut = log.Log.Count;
        log.Buy("2024-03-10", "X", 3, 85); // t7 replaces 3 of the 4 X shares lost on 03-01
        var settings = log.Settings;
        var compact = AccountLedger.Replay(settings, log.Log.Take(cut)).SaveCompact();

        var restored = AccountLedger.Restore(settings, compact, [], transactionsWithoutIds: cut)
            .With(log.Log[cut], out var booking);
        var replayed = AccountLedger.Replay(settings, log.Log);

        // 3/4 of the 80 loss (60) is disallowed into the replacement, whose holding period starts the 59 days the sold
        // shares were held (2024-01-02 to 03-01) before 03-10: 2024-01-11.
        var washed = new TaxLot("t7", "X", 3, 3 * 85 + 60, D("2024-01-11"), 2, LotOrigin.WashSaleReplacement, D("2024-03-10"));
        Assert.Equal([washed], booking.OpenedLots);
        Assert.Equal(washed, restored.PositionOf("X")!.Lots.Single(l => l.Id == "t7"));
        Assert.Equal(1, restored.RealizedFrom);
        Assert.Equal(replayed.Realized.Skip(1), restored.Realized);
        Assert.Equal(60m, restored.Realized[0].WashSaleDisallowed);
        Assert.Equal(replayed.OpenLots.OrderBy(l => l.Id), restored.OpenLots.OrderBy(l => l.Id));
        Assert.Equal(9_320m - 255m, restored.Cash);
        Assert.Equal(replayed.Cash, restored.Cash);
        Assert.Equal(7, restored.TransactionCount); // six counted without their ids, and t7

        // One lost X share is still unreplaced, and the Y loss untouched: the next compact save starts at piece 1 again.
        var again = restored.SaveCompact();
        Assert.Equal(1, again.RealizedBefore);
        Assert.Equal([new PendingWashLoss("X", 1, 1), new PendingWashLoss("Y", 2, 5)], again.PendingLosses);
    }

    [Fact]
    public void A_loss_sold_exactly_30_days_before_a_new_version_is_still_washed_by_a_purchase_that_day()
    {
        var log = TwoPendingLosses().Deposit("2024-03-31", 1); // 30 days after the X loss of 03-01
        var ledger = log.Build();

        var next = ledger.With(new Buy("b", D("2024-03-31"), "X", 4, 90));

        // All 4 lost shares are replaced: the whole 80 is disallowed; held 59 days, so acquired 59 days before 03-31.
        var lot = next.PositionOf("X")!.Lots.Single(l => l.Id == "b");
        Assert.Equal(360m + 80m, lot.CostBasis);
        Assert.Equal(D("2024-02-01"), lot.AcquiredOn);
        Assert.Equal(80m, next.Realized[1].WashSaleDisallowed);
        Assert.Equal([new PendingWashLoss("Y", 2, 5)], next.SaveCompact().PendingLosses);
    }

    [Fact]
    public void A_new_version_drops_losses_sold_more_than_30_days_before_the_last_booking_from_its_saves()
    {
        var ledger = TwoPendingLosses().Deposit("2024-04-01", 1).Build(); // 31 days after the X loss, 27 after the Y loss

        var next = ledger.With(new Deposit("d", D("2024-04-02"), 1));

        Assert.Equal([new PendingWashLoss("Y", 2, 5)], next.SaveCompact().PendingLosses);
        Assert.Equal(2, next.SaveCompact().RealizedBefore);
        // The ledger it came from keeps both: it was never copied forward.
        Assert.Equal(2, ledger.SaveCompact().PendingLosses.Count);
    }

    [Fact]
    public void A_compact_save_with_no_pending_loss_keeps_no_realized_piece()
    {
        var settings = new AccountSettings(AccountType.Ira, "USD", LotMethod.Fifo, TracksCash: true);
        var ledger = TwoPendingLosses().WithSettings(settings).Build(); // an IRA: no wash sales, so nothing pending

        var compact = ledger.SaveCompact();

        Assert.Equal(3, compact.RealizedBefore);
        Assert.Empty(compact.Realized);
        Assert.Empty(compact.PendingLosses);
    }

    [Fact]
    public void A_purchase_in_a_retirement_account_opens_exactly_its_own_lot()
    {
        var settings = new AccountSettings(AccountType.Roth, "USD", LotMethod.Fifo, TracksCash: true);
        var ledger = TwoPendingLosses().WithSettings(settings).Build();

        ledger.With(new Buy("b", D("2024-03-10"), "X", 3, 85), out var booking);

        Assert.Equal([new TaxLot("b", "X", 3, 255, D("2024-03-10"), 2, LotOrigin.Purchase, D("2024-03-10"))], booking.OpenedLots);
        Assert.Empty(booking.Realized);
        Assert.Empty(booking.RemovedLots);
    }
}
