using Portfolio.Domain.Accounts;
using Portfolio.Domain.Lots;
using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.TransactionTypes;

public class TransferTests
{
    [Fact]
    public void Transfer_in_keeps_dates_and_basis_so_a_sale_right_after_is_long_term()
    {
        // Transfer in 2024-06-03: 50 sh basis 1500 acquired 2020-05-01, 10 sh basis 400 acquired 2024-01-02. No cash, no gain.
        // Sell 50 @ 40 on 2024-06-04 FIFO: lot "t1/0", proceeds 2000, basis 1500, gain 500, long-term.
        var builder = new LedgerBuilder()
            .TransferIn("2024-06-03", "XYZ", Lot(50, 1500, "2020-05-01"), Lot(10, 400, "2024-01-02"));
        var afterTransfer = builder.Build();
        Assert.Equal(0m, afterTransfer.Cash);
        Assert.Empty(afterTransfer.Realized);
        Assert.Equal([("t1/0", 50m, 1500m, D("2020-05-01"), LotOrigin.Transfer), ("t1/1", 10m, 400m, D("2024-01-02"), LotOrigin.Transfer)],
            afterTransfer.OpenLots.Select(l => (l.Id, l.Quantity, l.CostBasis, l.AcquiredOn, l.Origin)));

        var ledger = builder.Sell("2024-06-04", "XYZ", 50, 40).Build();

        var piece = Assert.Single(ledger.Realized);
        Assert.Equal(("t1/0", 2000m, 1500m, 500m, Term.LongTerm), (piece.LotId, piece.Proceeds, piece.CostBasis, piece.Gain, piece.Term));
    }

    [Fact]
    public void Transfer_out_removes_lots_chosen_by_the_account_method_and_realizes_nothing()
    {
        // HIFO account: t1 100 @ 10, t2 100 @ 30. Transfer out 120 → all of t2 (30/sh), then 20 of t1 (basis 200).
        // Left: t1 80 sh basis 800. Cash only moved for the buys: −4000.
        var builder = new LedgerBuilder().WithMethod(LotMethod.Hifo)
            .Buy("2023-01-03", "XYZ", 100, 10).Buy("2023-06-01", "XYZ", 100, 30);
        var ledger = builder.Build();

        var result = ledger.Apply(new TransferOut("x", D("2024-06-03"), "XYZ", 120));

        Assert.Equal([("t2", 100m, 3000m), ("t1", 20m, 200m)], result.RemovedLots.Select(p => (p.Lot.Id, p.Quantity, p.CostBasis)));
        Assert.Empty(ledger.Realized);
        Assert.Equal([("t1", 80m, 800m)], ledger.OpenLots.Select(l => (l.Id, l.Quantity, l.CostBasis)));
        Assert.Equal(-4000m, ledger.Cash);
    }

    [Fact]
    public void Transfer_out_by_specific_lots()
    {
        var ledger = new LedgerBuilder().Buy("2023-01-03", "XYZ", 100, 10).Buy("2023-06-01", "XYZ", 100, 30)
            .TransferOut("2024-06-03", "XYZ", 30, null, Pick("t1", 30)).Build();

        Assert.Equal([("t1", 70m, 700m), ("t2", 100m, 3000m)], ledger.OpenLots.Select(l => (l.Id, l.Quantity, l.CostBasis)));
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("lots[0].acquiredOn")]
    [InlineData("lots[0].quantity")]
    public void Transfer_in_validates_its_lots(string field)
    {
        var ledger = new LedgerBuilder().Build();
        TransferredLot[] lots = field switch
        {
            "lots" => [],
            "lots[0].acquiredOn" => [Lot(1, 10, "2024-06-04")], // acquired after the transfer date
            _ => [Lot(0, 10, "2020-01-01")],
        };

        Assert.Equal(field, Assert.Throws<LedgerRuleViolation>(() => ledger.Apply(new TransferIn("x", D("2024-06-03"), "XYZ", lots))).Field);
        Assert.Empty(ledger.OpenLots);
    }
}
