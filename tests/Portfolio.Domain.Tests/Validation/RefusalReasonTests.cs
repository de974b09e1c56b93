using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Validation;

/// <summary>
/// A refusal becomes a 4xx ProblemDetails that names the field and says why: each rule's field and reason, word for
/// word, against one account holding lot t2 (100 XYZ bought 2024-01-03 at 10) and 9,000 of cash.
/// </summary>
public class RefusalReasonTests
{
    private sealed record Mystery(string Id, DateOnly TradeDate) : Transaction(Id, TradeDate);

    private static readonly DateOnly Day = D("2024-02-01");

    public static TheoryData<string, Transaction, string, string> Refusals => new()
    {
        { "blank id", new Deposit(" ", Day, 1), "id", "a transaction needs an id" },
        { "repeated id", new Deposit("t2", Day, 1), "id", "transaction 't2' is already booked" },
        { "dated before the last booking", new Deposit("x", D("2024-01-02"), 1), "tradeDate",
            "2024-01-02 is before the last booked date 2024-01-03; replay the log to back-date" },
        { "unknown type", new Mystery("x", Day), "type", "unknown transaction type Mystery" },
        { "no symbol", new Buy("x", Day, " ", 1, 1), "symbol", "a symbol is required" },
        { "spin-off without new symbol", new SpinOff("x", Day, "XYZ", "", 1, 1, 1), "newSymbol", "a symbol is required" },
        { "fee above proceeds", new Sell("x", Day, "XYZ", 1, 20, 30), "fee", "the fee 30 exceeds the proceeds 20" },
        { "spin-off into itself", new SpinOff("x", Day, "XYZ", "XYZ", 1, 1, 1), "newSymbol", "a spin-off must create a different symbol" },
        { "transfer without lots", new TransferIn("x", Day, "XYZ", []), "lots", "a transfer in needs at least one lot" },
        { "lot acquired after its transfer", new TransferIn("x", Day, "XYZ", [Lot(1, 1, "2024-01-05"), Lot(1, 1, "2024-02-02")]),
            "lots[1].acquiredOn", "a lot cannot be acquired after it is transferred" },
        { "oversell", new Sell("x", Day, "XYZ", 150, 20), "quantity", "disposes of 150 XYZ but only 100 are held" },
        { "specific id without lots", new Sell("x", Day, "XYZ", 1, 20, 0, LotMethod.SpecificId), "lots",
            "specific identification needs the lots to close" },
        { "lot named twice", new Sell("x", Day, "XYZ", 2, 20, 0, null, [Pick("t2", 1), Pick("t2", 1)]), "lots[1].lotId",
            "lot 't2' is named twice" },
        { "lot not open", new Sell("x", Day, "XYZ", 1, 20, 0, null, [Pick("t9", 1)]), "lots[0].lotId", "lot 't9' is not an open lot of XYZ" },
        { "more than the lot holds", new Sell("x", Day, "XYZ", 100, 20, 0, null, [Pick("t2", 100.5m)]), "lots[0].quantity",
            "lot 't2' holds 100, not 100.5" },
        { "named lots short of the quantity", new Sell("x", Day, "XYZ", 10, 20, 0, null, [Pick("t2", 5)]), "lots",
            "the named lots add up to 5, not the quantity 10" },
        { "named lot of zero shares", new Sell("x", Day, "XYZ", 1, 20, 0, null, [Pick("t2", 0)]), "lots[0].quantity",
            "must be greater than zero, was 0" },
        { "zero deposit", new Deposit("x", Day, 0), "amount", "must be greater than zero, was 0" },
        { "negative fee", new Buy("x", Day, "XYZ", 1, 10, -1), "fee", "must not be negative, was -1" },
        { "deposit above 10^12", new Deposit("x", Day, 1_000_000_000_001m), "amount", "must be at most 1000000000000, was 1000000000001" },
        { "seven decimal places", new Buy("x", Day, "XYZ", 1.0000001m, 10), "quantity", "has more than 6 decimal places: 1.0000001" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_refused_write_names_its_field_and_reason_and_books_nothing(string rule, Transaction write, string field, string reason)
    {
        var ledger = new LedgerBuilder().Deposit("2024-01-02", 10_000).Buy("2024-01-03", "XYZ", 100, 10).Build();
        var before = LedgerSnapshot.Of(ledger);

        var error = Assert.Throws<LedgerRuleViolation>(() => ledger.Apply(write));

        Assert.True(field == error.Field && reason == error.Reason, $"{rule}: {error.Field}: {error.Reason}");
        Assert.Equal(reason, error.Message);
        LedgerSnapshot.Of(ledger).ShouldEqual(before);
    }

    [Fact]
    public void A_ledger_that_has_a_newer_version_refuses_to_book_in_place_and_says_where_to_book()
    {
        var ledger = new LedgerBuilder().Deposit("2024-01-02", 10_000).Build();
        var next = ledger.With(new Deposit("d2", Day, 5));

        var error = Assert.Throws<InvalidOperationException>(() => ledger.Apply(new Deposit("d3", Day, 7)));

        Assert.Equal("this ledger is frozen: book into a new version with With()", error.Message);
        Assert.Equal(10_000m, ledger.Cash);
        Assert.Equal(10_005m, next.Cash);
    }
}
