using Portfolio.Domain.Ledger;
using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Checkpoints;

/// <summary>A saved ledger, restored with its log's ids, books the rest of the log exactly as a replay of the whole log does.</summary>
public class SaveAndRestoreTests
{
    [Fact]
    public void A_restored_ledger_books_the_rest_of_the_log_like_a_full_replay_including_a_pending_wash_loss()
    {
        var log = new LedgerBuilder()
            .Deposit("2023-10-31", 10_000)
            .Buy("2023-11-01", "X", 10, 100, fee: 1)                 // 100.10 a share; outside the loss sale's 30-day window
            .Buy("2024-01-04", "Y", 5, 20)
            .Dividend("2024-01-05", "Y", 3)
            .Sell("2024-01-10", "X", 4, 80, fee: 2); // a loss of 4 × 20 + 0.4 + 2 = 82.40, not yet washed
        var cut = log.Log.Count;
        log.Buy("2024-01-20", "X", 3, 85)            // replacement within 30 days: washes 3 of the 4 lost shares
            .Buy("2024-01-21", "Z", 1, 10)
            .Fee("2024-01-22", 5);
        var settings = log.Settings;

        var saved = AccountLedger.Replay(settings, log.Log.Take(cut)).Save();
        Assert.Single(saved.PendingLosses);
        var restored = AccountLedger.Restore(settings, saved, log.Log.Take(cut).Select(t => t.Id)).With(log.Log.Skip(cut));
        var replayed = AccountLedger.Replay(settings, log.Log);

        LedgerSnapshot.Of(restored).ShouldEqual(LedgerSnapshot.Of(replayed));
        // 3 × 85 = 255 plus 3/4 of the 82.40 loss (61.80) disallowed into the replacement's basis
        Assert.Equal(316.80m, restored.PositionOf("X")!.Lots.Single(l => l.Quantity == 3).CostBasis);
    }

    [Fact]
    public void A_restored_ledger_refuses_an_id_its_log_already_holds()
    {
        var log = new LedgerBuilder().Deposit("2024-01-02", 100).Buy("2024-01-03", "X", 1, 10);
        var saved = AccountLedger.Replay(log.Settings, log.Log).Save();
        var restored = AccountLedger.Restore(log.Settings, saved, log.Log.Select(t => t.Id));

        Assert.Equal(2, restored.TransactionCount);
        Assert.Throws<LedgerRuleViolation>(() => restored.With(new Deposit("t1", D("2024-01-04"), 5)));
    }

    [Fact]
    public void Save_keeps_every_field_a_later_booking_depends_on()
    {
        var log = new LedgerBuilder().Deposit("2024-01-02", 1_000).Buy("2024-01-03", "X", 2, 100, fee: 1.5m).Fee("2024-01-15", 2).Interest("2024-01-31", 0.25m);
        var saved = AccountLedger.Replay(log.Settings, log.Log).Save();

        Assert.Equal(1_000m - 201.5m - 2m + 0.25m, saved.Cash);
        Assert.Equal(2m, saved.FeesPaid); // account fees; the trade's fee is in the lot's basis
        Assert.Equal(D("2024-01-31"), saved.LastTradeDate);
        Assert.Equal(201.5m, Assert.Single(saved.Lots).CostBasis);
        Assert.Equal(0.25m, Assert.Single(saved.Income).Amount);
        Assert.Empty(saved.Realized);
    }

    [Fact]
    public void Restore_puts_lots_saved_out_of_position_order_into_their_positions_in_holding_period_order()
    {
        var log = new LedgerBuilder().Deposit("2024-01-02", 10_000)
            .Buy("2024-01-03", "X", 2, 100).Buy("2024-01-04", "Y", 1, 50).Buy("2024-01-05", "X", 3, 110).Buy("2024-01-08", "X", 1, 90);
        var saved = AccountLedger.Replay(log.Settings, log.Log).Save();
        // A save groups lots by position; this one interleaves them and lists X's newest lot first.
        var x = saved.Lots.Where(l => l.Symbol == "X").ToList();
        var y = saved.Lots.Single(l => l.Symbol == "Y");
        var shuffled = saved with { Lots = [x[2], y, x[0], x[1]] };

        var restored = AccountLedger.Restore(log.Settings, shuffled, log.Log.Select(t => t.Id));

        LedgerSnapshot.Of(restored).ShouldEqual(LedgerSnapshot.Of(AccountLedger.Replay(log.Settings, log.Log)));
        Assert.Equal([2m, 3m, 1m], restored.PositionOf("X")!.Lots.Select(l => l.Quantity));
        Assert.Equal(6m, restored.PositionOf("X")!.Quantity);     // 2 + 3 + 1
        Assert.Equal(620m, restored.PositionOf("X")!.CostBasis);  // 200 + 330 + 90
        Assert.Equal(50m, restored.PositionOf("Y")!.CostBasis);
    }
}
