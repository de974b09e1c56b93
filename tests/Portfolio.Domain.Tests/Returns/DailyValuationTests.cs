using Portfolio.Domain.Returns;
using Portfolio.Domain.Tests.Builders;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Returns;

/// <summary>A day's value is cash plus each position at that day's close, else its last trade price, else its cost.</summary>
public class DailyValuationTests
{
    private static decimal? NoCloses(string symbol, DateOnly day) => null;

    [Fact]
    public void Each_close_books_that_days_transactions_and_counts_deposits_as_external_flow()
    {
        var log = new LedgerBuilder()
            .Deposit("2024-01-02", 1_000)
            .Buy("2024-01-03", "X", 10, 50)
            .Withdraw("2024-01-03", 100);
        var walk = new DailyValuation(log.Settings, log.Log);

        Assert.Equal(D("2024-01-02"), walk.NextTradeDate);
        var first = walk.Close(D("2024-01-02"), NoCloses);
        Assert.Equal(new DailyValue(D("2024-01-02"), 1_000m, 1_000m), first);

        // 400 cash + 10 × 55 at the close; the withdrawal is the day's only external flow.
        var second = walk.Close(D("2024-01-03"), (s, d) => s == "X" && d == D("2024-01-03") ? 55m : null);
        Assert.Equal(new DailyValue(D("2024-01-03"), 950m, -100m), second);
        Assert.Null(walk.NextTradeDate);
    }

    [Fact]
    public void Without_a_close_a_position_is_valued_at_its_last_trade_price_and_without_one_at_its_cost()
    {
        var log = new LedgerBuilder()
            .Deposit("2024-01-02", 1_000)
            .Buy("2024-01-03", "X", 10, 50)
            .Sell("2024-01-04", "X", 2, 60)
            .TransferIn("2024-01-04", "T", Lot(4, 30, "2023-05-01"));
        var walk = new DailyValuation(log.Settings, log.Log);

        // cash 1,000 − 500 + 120 = 620; X: 8 × 60 (last trade); T: 4 × 7.50 (cost 30 / 4)
        Assert.Equal(620m + 480m + 30m, walk.Close(D("2024-01-04"), NoCloses).Value);
    }

    [Fact]
    public void Booking_before_a_day_books_earlier_days_without_counting_their_flows_on_that_day()
    {
        var log = new LedgerBuilder()
            .Deposit("2024-01-02", 1_000)
            .Deposit("2024-01-05", 50)
            .Deposit("2024-01-06", 7);
        var walk = new DailyValuation(log.Settings, log.Log);

        walk.BookBefore(D("2024-01-05"));
        Assert.Equal(1_000m, walk.Ledger.Cash);
        Assert.Equal(D("2024-01-05"), walk.NextTradeDate);

        Assert.Equal(new DailyValue(D("2024-01-05"), 1_050m, 50m), walk.Close(D("2024-01-05"), NoCloses));
    }

    [Fact]
    public void Only_trades_have_a_trade_price()
    {
        Assert.Equal(("X", 50m), DailyValuation.TradePrice(new Transactions.Buy("b", D("2024-01-02"), "X", 1, 50)));
        Assert.Equal(("X", 60m), DailyValuation.TradePrice(new Transactions.Sell("s", D("2024-01-02"), "X", 1, 60)));
        Assert.Equal(("X", 70m), DailyValuation.TradePrice(new Transactions.DividendReinvestment("r", D("2024-01-02"), "X", 1, 70)));
        Assert.Null(DailyValuation.TradePrice(new Transactions.CashDividend("c", D("2024-01-02"), "X", 1)));
    }
}
