using Portfolio.Domain.Ledger;
using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Bounds;

/// <summary>The supported ranges of the state a write produces: position size, lot and position basis, cash balance.</summary>
public class LedgerBoundsTests
{
    private const decimal Billion = 1_000_000_000m;
    private const decimal Trillion = 1_000_000_000_000m;
    private const decimal TenToThe18 = 1_000_000_000_000_000_000m;

    /// <summary>Books <paramref name="write"/> on the builder's log and checks the state it produces.</summary>
    private static void CheckAfter(LedgerBuilder log, Transaction write)
    {
        var after = log.Build().With(write);
        LedgerBounds.Check(write, after);
    }

    private static LedgerRuleViolation Refused(LedgerBuilder log, Transaction write) =>
        Assert.Throws<LedgerRuleViolation>(() => CheckAfter(log, write));

    [Fact]
    public void A_position_may_reach_ten_to_the_twelve_shares_and_not_one_more()
    {
        // 600,000,000,000 + 400,000,000,000 = 10^12 exactly; + 400,000,000,001 is one share over.
        CheckAfter(new LedgerBuilder().WithoutCash().Buy("2024-01-02", "X", 600_000_000_000m, 0.01m),
            new Buy("b", D("2024-01-03"), "X", 400_000_000_000m, 0.01m));

        var error = Refused(new LedgerBuilder().WithoutCash().Buy("2024-01-02", "X", 600_000_000_000m, 0.01m),
            new Buy("b", D("2024-01-03"), "X", 400_000_000_001m, 0.01m));
        Assert.Equal("quantity", error.Field);
        Assert.Equal($"would make the X position 1000000000001 shares, beyond the supported {Trillion}", error.Reason);
    }

    [Fact]
    public void A_lot_basis_may_reach_ten_to_the_eighteen_and_a_fee_past_it_is_refused()
    {
        CheckAfter(new LedgerBuilder().WithoutCash(), new Buy("b", D("2024-01-02"), "X", Billion, Billion));

        var error = Refused(new LedgerBuilder().WithoutCash(), new Buy("b", D("2024-01-02"), "X", Billion, Billion, Fee: 1));
        Assert.Equal("quantity", error.Field);
        Assert.StartsWith("would make lot 'b' of X a basis of 1000000000000000001", error.Reason);
    }

    [Fact]
    public void A_position_basis_past_ten_to_the_eighteen_is_refused_even_when_each_lot_is_within()
    {
        var error = Refused(new LedgerBuilder().WithoutCash().Buy("2024-01-02", "X", Billion, Billion),
            new Buy("b", D("2024-01-03"), "X", 1, 1));
        Assert.Equal("quantity", error.Field);
        Assert.Equal($"would make the X position's basis {TenToThe18 + 1}, beyond the supported {TenToThe18}", error.Reason);
    }

    [Fact]
    public void The_cash_balance_may_reach_minus_ten_to_the_eighteen_and_not_a_dollar_further()
    {
        var log = new LedgerBuilder().Buy("2024-01-02", "X", Billion, Billion); // cash −10^18 exactly
        LedgerBounds.Check(log.Log[0], log.Build());

        var error = Refused(log, new Buy("b", D("2024-01-03"), "Y", 1, 1));
        Assert.Equal("quantity", error.Field);
        Assert.Equal($"would take the cash balance to {-TenToThe18 - 1}, beyond the supported ±{TenToThe18}", error.Reason);

        Assert.Equal("amount", Refused(log, new Withdrawal("w", D("2024-01-03"), 1)).Field);
    }

    [Fact]
    public void A_spin_off_is_refused_when_the_new_symbol_position_would_be_too_large()
    {
        // 10^12 parent shares × 2 new per share = 2 × 10^12 shares of the new symbol.
        var error = Refused(new LedgerBuilder().WithoutCash().Buy("2024-01-02", "P", Trillion, 0.01m),
            new SpinOff("s", D("2024-02-01"), "P", "N", 2, 10, 1));
        Assert.Equal("sharesPerShare", error.Field);
        Assert.StartsWith("would make the N position 2000000000000", error.Reason);
    }

    [Fact]
    public void Splits_dividends_in_shares_and_transfers_are_checked_on_their_symbol()
    {
        var holding = new LedgerBuilder().WithoutCash().Buy("2024-01-02", "X", 600_000_000_000m, 0.01m);

        Assert.Equal("newShares", Refused(holding, new Split("s", D("2024-02-01"), "X", 2, 1)).Field);
        Assert.Equal("sharesPerShare", Refused(holding, new StockDividend("d", D("2024-02-01"), "X", 1)).Field);
        Assert.Equal("quantity", Refused(holding, new DividendReinvestment("r", D("2024-02-01"), "X", 400_000_000_001m, 0.01m)).Field);
        Assert.Equal("lots", Refused(holding, new TransferIn("t", D("2024-02-01"), "X", [Lot(400_000_000_001m, 1, "2023-01-02")])).Field);
    }

    [Theory]
    [InlineData("split", "newShares")]
    [InlineData("stock-dividend", "sharesPerShare")]
    [InlineData("spin-off", "sharesPerShare")]
    [InlineData("transfer-in", "lots")]
    [InlineData("buy", "quantity")]
    [InlineData("sell", "quantity")]
    [InlineData("reinvest", "quantity")]
    [InlineData("transfer-out", "quantity")]
    [InlineData("deposit", "amount")]
    [InlineData("fee", "amount")]
    public void A_refusal_names_the_field_that_decides_how_far_the_transaction_moves_the_state(string kind, string field)
    {
        var day = D("2024-02-01");
        Transaction transaction = kind switch
        {
            "split" => new Split("t", day, "X", 2, 1),
            "stock-dividend" => new StockDividend("t", day, "X", 0.1m),
            "spin-off" => new SpinOff("t", day, "X", "Y", 1, 10, 5),
            "transfer-in" => new TransferIn("t", day, "X", [Lot(1, 1, "2023-01-02")]),
            "buy" => new Buy("t", day, "X", 1, 1),
            "sell" => new Sell("t", day, "X", 1, 1),
            "reinvest" => new DividendReinvestment("t", day, "X", 1, 1),
            "transfer-out" => new TransferOut("t", day, "X", 1),
            "deposit" => new Deposit("t", day, 1),
            _ => new AccountFee("t", day, 1),
        };
        Assert.Equal(field, LedgerBounds.FieldOf(transaction));
    }
}
