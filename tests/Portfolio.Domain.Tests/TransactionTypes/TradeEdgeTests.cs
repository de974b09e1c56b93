using Portfolio.Domain.Lots;
using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.TransactionTypes;

/// <summary>Writes at the edge of a rule that are accepted: the rule refuses only past the edge.</summary>
public class TradeEdgeTests
{
    [Fact]
    public void A_sale_whose_fee_takes_all_the_proceeds_is_booked_with_no_proceeds()
    {
        // t2 buys 10 @ 10 (100). Sell 10 @ 2 with a fee of 20: proceeds 20 − 20 = 0, a loss of the whole basis.
        var ledger = new LedgerBuilder().Deposit("2024-01-02", 1_000).Buy("2024-01-03", "XYZ", 10, 10).Build();

        ledger.Apply(new Sell("x", D("2024-02-01"), "XYZ", 10, 2, 20));

        Assert.Equal([("t2", 10m, 0m, 100m, -100m)], ledger.Realized.Select(p => (p.LotId, p.Quantity, p.Proceeds, p.CostBasis, p.Gain)));
        Assert.Equal(900m, ledger.Cash);
    }

    [Fact]
    public void A_sale_with_an_empty_list_of_lots_closes_lots_by_the_account_method()
    {
        // FIFO account: t1 10 @ 10, t2 10 @ 20. A sale of 10 @ 25 naming no lots (an empty list, not a missing one)
        // closes t1: proceeds 250, basis 100.
        var ledger = new LedgerBuilder().Buy("2024-01-03", "XYZ", 10, 10).Buy("2024-01-04", "XYZ", 10, 20).Build();

        ledger.Apply(new Sell("x", D("2024-02-01"), "XYZ", 10, 25, 0, null, []));

        Assert.Equal([("t1", 250m, 100m)], ledger.Realized.Select(p => (p.LotId, p.Proceeds, p.CostBasis)));
        Assert.Equal([("t2", 10m)], ledger.OpenLots.Select(l => (l.Id, l.Quantity)));
    }

    [Fact]
    public void A_lot_acquired_on_the_day_it_is_transferred_in_is_accepted()
    {
        var ledger = new LedgerBuilder().Build();

        ledger.Apply(new TransferIn("x", D("2024-06-03"), "XYZ", [Lot(5, 60, "2024-06-03")]));

        Assert.Equal([("x/0", 5m, 60m, D("2024-06-03"), LotOrigin.Transfer)],
            ledger.OpenLots.Select(l => (l.Id, l.Quantity, l.CostBasis, l.AcquiredOn, l.Origin)));
    }
}
