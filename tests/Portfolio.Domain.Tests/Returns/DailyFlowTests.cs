using Portfolio.Domain.Returns;
using Portfolio.Domain.Tests.Builders;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Returns;

/// <summary>The external flows of a day as the walk books it: transfers at the day's close, cash in lieu leaving an account without cash.</summary>
public class DailyFlowTests
{
    private static decimal? NoCloses(string symbol, DateOnly day) => null;

    [Fact]
    public void Shares_transferred_in_and_out_flow_at_the_days_close_lot_by_lot()
    {
        // In 2024-01-03: 10 sh (basis 200) and 5 sh (basis 50), X closes at 30: 15 × 30 = 450 in.
        // Out 2024-01-04, 12 sh FIFO (10 of the first lot, 2 of the second), X at 40: 12 × 40 = 480 out; 3 × 40 left.
        var log = new LedgerBuilder()
            .TransferIn("2024-01-03", "X", Lot(10, 200, "2023-01-01"), Lot(5, 50, "2023-02-01"))
            .TransferOut("2024-01-04", "X", 12);
        var walk = new DailyValuation(log.Settings, log.Log);

        Assert.Equal(new DailyValue(D("2024-01-03"), 450m, 450m), walk.Close(D("2024-01-03"), (s, d) => 30m));
        Assert.Equal(new DailyValue(D("2024-01-04"), 120m, -480m), walk.Close(D("2024-01-04"), (s, d) => 40m));
    }

    [Fact]
    public void Cash_in_lieu_leaves_an_account_without_cash_as_an_outflow()
    {
        // No cash tracked: t1 0.2 X and t2 1.1 X bought at 50 (65 in). 2-for-1: 0.4 + 2.2 = 2.6 sh; the 0.6 fraction is
        // paid at 10 from the oldest lots: 0.4 of t1 (4) and 0.2 of t2 (2), 6 leaving the account. 2 sh at 25 stay.
        var log = new LedgerBuilder().WithoutCash()
            .Buy("2024-01-02", "X", 0.2m, 50).Buy("2024-01-02", "X", 1.1m, 50).Split("2024-01-03", "X", 2, 1, cashInLieuPrice: 10);
        var walk = new DailyValuation(log.Settings, log.Log);

        Assert.Equal(65m, walk.Close(D("2024-01-02"), NoCloses).NetFlow);
        Assert.Equal(new DailyValue(D("2024-01-03"), 50m, -6m), walk.Close(D("2024-01-03"), (s, d) => 25m));
    }

    [Fact]
    public void Trades_booked_before_the_walk_starts_still_price_a_symbol_without_a_close()
    {
        // Cash 1,000 − 500 − 60 = 440; X 11 sh at its last trade price 60 (not its cost 560 / 11).
        var log = new LedgerBuilder().Deposit("2024-01-02", 1_000).Buy("2024-01-03", "X", 10, 50).Buy("2024-01-04", "X", 1, 60);
        var walk = new DailyValuation(log.Settings, log.Log);

        walk.BookBefore(D("2024-01-05"));

        Assert.Equal(new DailyValue(D("2024-01-05"), 1_100m, 0m), walk.Close(D("2024-01-05"), NoCloses));
    }

    [Fact]
    public void A_position_rounded_to_no_shares_is_worth_nothing_even_without_any_price()
    {
        // A transferred lot of 0.000001 X (basis 0.0001), 1-for-10 → 0 shares: no close, no trade, no share to divide by.
        var log = new LedgerBuilder().TransferIn("2024-01-02", "X", Lot(0.000001m, 0.0001m, "2023-01-01")).Split("2024-01-03", "X", 1, 10);
        var walk = new DailyValuation(log.Settings, log.Log);
        walk.BookBefore(D("2024-01-03"));

        Assert.Equal(new DailyValue(D("2024-01-03"), 0m, 0m), walk.Close(D("2024-01-03"), NoCloses));
    }
}
