using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Versions;

public class LedgerVersionTests
{
    [Fact]
    public void With_books_into_a_new_version_and_leaves_the_ledger_it_came_from_as_it_was()
    {
        // Taxable FIFO: 10 @ 50 and 10 @ 60; a sale of 15 @ 40 on 2024-02-01 loses 10 × 10 + 5 × 20 = 200.
        var ledger = new LedgerBuilder().Buy("2024-01-02", "XYZ", 10, 50).Buy("2024-01-03", "XYZ", 10, 60).Build();
        var before = LedgerSnapshot.Of(ledger);

        var next = ledger.With(new Sell("s", D("2024-02-01"), "XYZ", 15, 40), out var booking);

        LedgerSnapshot.Of(ledger).ShouldEqual(before);
        Assert.Equal(20m, ledger.PositionOf("XYZ")!.Quantity);
        Assert.Equal(5m, next.PositionOf("XYZ")!.Quantity);
        Assert.Equal(-200m, booking.Realized.Sum(r => r.Gain));
        Assert.Equal(-200m, next.Realized.Sum(r => r.Gain));
        Assert.Empty(ledger.Realized);
    }

    [Fact]
    public void Two_versions_made_from_one_ledger_do_not_see_each_other()
    {
        var ledger = new LedgerBuilder().Buy("2024-01-02", "XYZ", 10, 50).Build();

        var sold = ledger.With(new Sell("s", D("2024-02-01"), "XYZ", 4, 55));
        var bought = ledger.With(new Buy("b", D("2024-02-01"), "XYZ", 1, 45));

        Assert.Equal(6m, sold.PositionOf("XYZ")!.Quantity);
        Assert.Equal(11m, bought.PositionOf("XYZ")!.Quantity);
        Assert.Single(sold.Realized);
        Assert.Empty(bought.Realized);
        Assert.Equal(10m, ledger.PositionOf("XYZ")!.Quantity);
    }

    [Fact]
    public void A_ledger_a_version_was_made_from_can_no_longer_be_changed_in_place()
    {
        var ledger = new LedgerBuilder().Deposit("2024-01-02", 100).Build();
        ledger.With(new Deposit("d", D("2024-01-03"), 5));

        Assert.Throws<InvalidOperationException>(() => ledger.Apply(new Deposit("late", D("2024-01-04"), 1)));
        Assert.Equal(100m, ledger.Cash);
    }

    [Fact]
    public void A_refused_transaction_leaves_no_new_version_and_the_ledger_unchanged()
    {
        var ledger = new LedgerBuilder().Buy("2024-01-02", "XYZ", 10, 50).Build();
        var before = LedgerSnapshot.Of(ledger);

        Assert.Equal("quantity", Assert.Throws<LedgerRuleViolation>(() => ledger.With(new Sell("s", D("2024-02-01"), "XYZ", 11, 55))).Field);

        LedgerSnapshot.Of(ledger).ShouldEqual(before);
    }

    [Fact]
    public void Saving_and_restoring_a_ledger_gives_back_every_lot_piece_and_amount()
    {
        // Wash sale: the loss of 200 on the sale of 2024-02-01 is disallowed by the buy of 2024-02-10 and moves into its basis.
        var builder = new LedgerBuilder().WithType(AccountType.Taxable)
            .Buy("2024-01-02", "XYZ", 10, 50).Sell("2024-02-01", "XYZ", 10, 30).Buy("2024-02-10", "XYZ", 10, 31).Dividend("2024-02-11", "XYZ", 3.5m);
        var ledger = builder.Build();
        var saved = ledger.Save();

        var restored = AccountLedger.Restore(builder.Settings, saved, builder.Log.Select(t => t.Id));

        LedgerSnapshot.Of(restored).ShouldEqual(LedgerSnapshot.Of(ledger));
        Assert.Equal(200m, Assert.Single(restored.Realized).WashSaleDisallowed);
        Assert.Equal(510m, restored.PositionOf("XYZ")!.CostBasis); // 10 × 31 + 200 disallowed
        Assert.Throws<LedgerRuleViolation>(() => restored.With(new Deposit("t1", D("2024-03-01"), 1))); // its ids came with it
    }
}
