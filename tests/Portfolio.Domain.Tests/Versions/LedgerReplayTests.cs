using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Versions;

/// <summary>A replay books one transaction after another and hands out frozen versions that later bookings do not reach.</summary>
public class LedgerReplayTests
{
    private static readonly AccountSettings Ira = new(AccountType.Ira, "USD", LotMethod.Fifo, TracksCash: true);

    [Fact]
    public void A_snapshot_keeps_the_state_it_was_taken_at_while_booking_goes_on()
    {
        var replay = new LedgerReplay(Ira);
        replay.Book(new Deposit("d", D("2024-01-02"), 1_000));
        replay.Book(new Buy("b", D("2024-01-03"), "X", 10, 50));

        var snapshot = replay.Snapshot();
        var sale = replay.BookAndDescribe(new Sell("s", D("2024-02-01"), "X", 4, 60));

        // 4 × 60 = 240 for 4/10 of the 500 basis (200): +40.
        Assert.Equal(("s", "b", 4m, 240m, 200m), sale.Realized.Select(p => (p.TransactionId, p.LotId, p.Quantity, p.Proceeds, p.CostBasis)).Single());
        Assert.Equal(500m, snapshot.Cash);
        Assert.Equal(10m, snapshot.PositionOf("X")!.Quantity);
        Assert.Empty(snapshot.Realized);
        Assert.Equal(740m, replay.Current.Cash);
        Assert.Equal(6m, replay.Current.PositionOf("X")!.Quantity);
        Assert.Equal(D("2024-02-01"), replay.LastTradeDate);
        Assert.Throws<InvalidOperationException>(() => snapshot.Apply(new Deposit("late", D("2024-03-01"), 1)));
    }

    [Fact]
    public void A_finished_replay_hands_out_a_frozen_ledger()
    {
        var replay = new LedgerReplay(Ira);
        replay.Book(new Deposit("d", D("2024-01-02"), 1_000));
        Assert.Equal(D("2024-01-02"), replay.LastTradeDate);

        var ledger = replay.Finish();

        Assert.Equal(1_000m, ledger.Cash);
        Assert.Throws<InvalidOperationException>(() => ledger.Apply(new Deposit("e", D("2024-01-03"), 1)));
        Assert.Equal(1, ledger.TransactionCount);
    }

    [Fact]
    public void A_replay_from_a_ledger_leaves_that_ledger_as_it_was()
    {
        var start = new LedgerBuilder().WithSettings(Ira).Deposit("2024-01-02", 100).Build();
        var replay = new LedgerReplay(start);

        replay.Book(new Withdrawal("w", D("2024-01-05"), 30));

        Assert.Equal(100m, start.Cash);
        Assert.Equal(70m, replay.Current.Cash);
        Assert.Null(new LedgerReplay(Ira).LastTradeDate);
    }
}
