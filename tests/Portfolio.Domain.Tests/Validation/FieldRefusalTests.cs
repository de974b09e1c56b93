using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Validation;

/// <summary>
/// Every transaction type checks its own fields before it books: a blank symbol, a zero ratio or price, a negative
/// basis or cash-in-lieu price is refused with the field's name as the request spells it and the reason, word for
/// word, and books nothing. The account holds lot t2 (100 XYZ bought 2024-01-03 at 10) and 9,000 of cash, so each
/// refused write would otherwise book (most of them silently: a split by 0 new shares, a spin-off at a price of 0).
/// </summary>
public class FieldRefusalTests
{
    private static readonly DateOnly Day = D("2024-02-01");

    public static TheoryData<string, Transaction, string, string> Refusals => new()
    {
        { "cash dividend without symbol", new CashDividend("x", Day, " ", 5), "symbol", "a symbol is required" },
        { "reinvestment without symbol", new DividendReinvestment("x", Day, " ", 1, 10), "symbol", "a symbol is required" },
        { "reinvestment of zero shares", new DividendReinvestment("x", Day, "XYZ", 0, 10), "quantity", "must be greater than zero, was 0" },
        { "reinvestment at price zero", new DividendReinvestment("x", Day, "XYZ", 1, 0), "price", "must be greater than zero, was 0" },
        { "sale without symbol", new Sell("x", Day, " ", 1, 20), "symbol", "a symbol is required" },
        { "sale at a negative price", new Sell("x", Day, "XYZ", 1, -1), "price", "must not be negative, was -1" },
        { "sale with a negative fee", new Sell("x", Day, "XYZ", 1, 20, -1), "fee", "must not be negative, was -1" },
        { "split without symbol", new Split("x", Day, " ", 2, 1), "symbol", "a symbol is required" },
        { "split into zero new shares", new Split("x", Day, "XYZ", 0, 1), "newShares", "must be greater than zero, was 0" },
        { "split of zero old shares", new Split("x", Day, "XYZ", 2, 0), "oldShares", "must be greater than zero, was 0" },
        { "split with a negative cash-in-lieu price", new Split("x", Day, "XYZ", 2, 1, -1), "cashInLieuPrice", "must not be negative, was -1" },
        { "stock dividend without symbol", new StockDividend("x", Day, " ", 0.05m), "symbol", "a symbol is required" },
        { "stock dividend of zero shares per share", new StockDividend("x", Day, "XYZ", 0), "sharesPerShare", "must be greater than zero, was 0" },
        { "spin-off without symbol", new SpinOff("x", Day, " ", "NEW", 1, 30, 20), "symbol", "a symbol is required" },
        { "spin-off of zero shares per share", new SpinOff("x", Day, "XYZ", "NEW", 0, 30, 20), "sharesPerShare", "must be greater than zero, was 0" },
        { "spin-off at a parent price of zero", new SpinOff("x", Day, "XYZ", "NEW", 1, 0, 20), "parentPrice", "must be greater than zero, was 0" },
        { "spin-off at a new price of zero", new SpinOff("x", Day, "XYZ", "NEW", 1, 30, 0), "newPrice", "must be greater than zero, was 0" },
        { "spin-off with a negative cash-in-lieu price", new SpinOff("x", Day, "XYZ", "NEW", 1, 30, 20, -1), "cashInLieuPrice", "must not be negative, was -1" },
        { "transfer in without symbol", new TransferIn("x", Day, " ", [Lot(1, 10, "2024-01-05")]), "symbol", "a symbol is required" },
        { "transferred lot with a negative basis", new TransferIn("x", Day, "XYZ", [Lot(1, 10, "2024-01-05"), Lot(1, -1, "2024-01-05")]),
            "lots[1].costBasis", "must not be negative, was -1" },
        { "transfer out without symbol", new TransferOut("x", Day, " ", 1), "symbol", "a symbol is required" },
        { "transfer out of zero shares", new TransferOut("x", Day, "XYZ", 0), "quantity", "must be greater than zero, was 0" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_field_out_of_range_is_refused_by_name_and_books_nothing(string rule, Transaction write, string field, string reason)
    {
        var ledger = new LedgerBuilder().Deposit("2024-01-02", 10_000).Buy("2024-01-03", "XYZ", 100, 10).Build();
        var before = LedgerSnapshot.Of(ledger);

        var error = Assert.Throws<LedgerRuleViolation>(() => ledger.Apply(write));

        Assert.True(field == error.Field && reason == error.Reason, $"{rule}: {error.Field}: {error.Reason}");
        LedgerSnapshot.Of(ledger).ShouldEqual(before);
    }
}
