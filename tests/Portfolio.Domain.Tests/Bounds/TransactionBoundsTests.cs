using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Bounds;

/// <summary>The supported ranges of a transaction's own fields (README "Supported ranges"), each at its edge and one step past it.</summary>
public class TransactionBoundsTests
{
    private static readonly DateOnly Day = D("2024-03-01");
    private const decimal Billion = 1_000_000_000m;
    private const decimal Million = 1_000_000m;

    private static string RefusedField(Transaction transaction) =>
        Assert.Throws<LedgerRuleViolation>(() => TransactionBounds.Check(transaction)).Field;

    [Fact]
    public void A_trade_price_of_one_billion_per_share_is_accepted_and_one_cent_more_is_refused()
    {
        TransactionBounds.Check(new Buy("b", Day, "X", 1, Billion));
        TransactionBounds.Check(new Sell("s", Day, "X", 1, Billion));
        TransactionBounds.Check(new DividendReinvestment("d", Day, "X", 1, Billion));

        Assert.Equal("price", RefusedField(new Buy("b", Day, "X", 1, Billion + 0.01m)));
        Assert.Equal("price", RefusedField(new Sell("s", Day, "X", 1, Billion + 0.01m)));
        Assert.Equal("price", RefusedField(new DividendReinvestment("d", Day, "X", 1, Billion + 0.01m)));
    }

    [Fact]
    public void One_trade_may_move_exactly_ten_to_the_eighteen_and_not_a_share_more()
    {
        // 10^9 shares × 10^9 per share = 10^18, the bound itself; 10^9 + 0.000001 shares is 1,000 over.
        TransactionBounds.Check(new Buy("b", Day, "X", Billion, Billion));
        TransactionBounds.Check(new Sell("s", Day, "X", Billion, Billion));
        TransactionBounds.Check(new DividendReinvestment("d", Day, "X", Billion, Billion));

        var over = Billion + 0.000001m;
        var error = Assert.Throws<LedgerRuleViolation>(() => TransactionBounds.Check(new Buy("b", Day, "X", over, Billion)));
        Assert.Equal("quantity", error.Field);
        Assert.Equal($"{over} × {Billion} exceeds the supported {SupportedRanges.MaxBalance} for one trade", error.Reason);
        Assert.Equal("quantity", RefusedField(new Sell("s", Day, "X", over, Billion)));
        Assert.Equal("quantity", RefusedField(new DividendReinvestment("d", Day, "X", over, Billion)));
    }

    [Fact]
    public void A_quantity_beyond_ten_to_the_twelve_is_left_to_booking_instead_of_overflowing_the_gross_check()
    {
        // 10^20 × 10^9 would overflow decimal (a 500); booking refuses the quantity itself with a 4xx.
        TransactionBounds.Check(new Buy("b", Day, "X", 100_000_000_000_000_000_000m, Billion));
    }

    [Fact]
    public void Split_terms_of_one_million_are_accepted_and_larger_ones_refused_by_name()
    {
        TransactionBounds.Check(new Split("s", Day, "X", Million, Million, Billion));

        Assert.Equal("newShares", RefusedField(new Split("s", Day, "X", Million + 1, 1)));
        Assert.Equal("oldShares", RefusedField(new Split("s", Day, "X", 1, Million + 1)));
        Assert.Equal("cashInLieuPrice", RefusedField(new Split("s", Day, "X", 2, 1, Billion + 1)));
    }

    [Fact]
    public void Stock_dividend_shares_per_share_and_cash_in_lieu_price_are_bounded()
    {
        TransactionBounds.Check(new StockDividend("d", Day, "X", Million, Billion));

        Assert.Equal("sharesPerShare", RefusedField(new StockDividend("d", Day, "X", Million + 1)));
        Assert.Equal("cashInLieuPrice", RefusedField(new StockDividend("d", Day, "X", 0.05m, Billion + 1)));
    }

    [Fact]
    public void Spin_off_ratio_and_each_of_its_three_prices_are_bounded()
    {
        TransactionBounds.Check(new SpinOff("p", Day, "X", "Y", Million, Billion, Billion, Billion));

        Assert.Equal("sharesPerShare", RefusedField(new SpinOff("p", Day, "X", "Y", Million + 1, 10, 5)));
        Assert.Equal("parentPrice", RefusedField(new SpinOff("p", Day, "X", "Y", 1, Billion + 1, 5)));
        Assert.Equal("newPrice", RefusedField(new SpinOff("p", Day, "X", "Y", 1, 10, Billion + 1)));
        Assert.Equal("cashInLieuPrice", RefusedField(new SpinOff("p", Day, "X", "Y", 1, 10, 5, Billion + 1)));
    }

    [Fact]
    public void A_transferred_lot_acquired_before_1900_is_refused_naming_its_position_in_the_list()
    {
        TransactionBounds.Check(new TransferIn("t", Day, "X", [Lot(1, 10, "1900-01-01")]));
        TransactionBounds.Check(new TransferIn("t", Day, "X", null!));

        var error = Assert.Throws<LedgerRuleViolation>(() =>
            TransactionBounds.Check(new TransferIn("t", Day, "X", [Lot(1, 10, "1950-06-01"), Lot(2, 20, "1899-12-31")])));
        Assert.Equal("lots[1].acquiredOn", error.Field);
        Assert.Equal("must be 1900-01-01 or later", error.Reason);
    }
}
