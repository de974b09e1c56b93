using Portfolio.Domain.Accounts;
using Portfolio.Domain.Lots;
using Portfolio.Domain.Transactions;

namespace Portfolio.Domain.Tests.Lots;

/// <summary>
/// The ledger picks lots into one list it keeps (a sale allocates nothing): whatever the method, the picks are that list,
/// emptied of the last sale's picks first; with no list given, a sale of nothing from no position picks nothing.
/// </summary>
public class LotPickerBufferRules
{
    private static readonly TaxLot Stale = new("old", "OLD", 1m, 1m, new DateOnly(2020, 1, 2), 0, LotOrigin.Purchase, new DateOnly(2020, 1, 2));

    public static TheoryData<LotMethod> Methods => new(Enum.GetValues<LotMethod>());

    [Theory, MemberData(nameof(Methods))]
    public void The_picks_fill_the_list_given_emptied_of_the_last_picks(LotMethod method)
    {
        var position = new Position("XYZ");
        position.Add(new TaxLot("t1", "XYZ", 10m, 100m, new DateOnly(2023, 1, 3), 1, LotOrigin.Purchase, new DateOnly(2023, 1, 3)));
        position.Add(new TaxLot("t2", "XYZ", 10m, 150m, new DateOnly(2023, 2, 1), 2, LotOrigin.Purchase, new DateOnly(2023, 2, 1)));
        var buffer = new List<LotPick> { new(Stale, 1m) };
        var selections = method == LotMethod.SpecificId ? new[] { new LotSelection("t2", 4m) } : null;

        var picks = LotPicker.Pick(position, "XYZ", 4m, method, selections, buffer);

        Assert.Same(buffer, picks);
        // FIFO and average cost (before its restatement) close t1; LIFO, HIFO (15 a share against 10) and the selection close t2.
        var expected = method is LotMethod.Fifo or LotMethod.AverageCost ? "t1" : "t2";
        Assert.Equal([(expected, 4m)], picks.Select(p => (p.Lot.Id, p.Quantity)));
    }

    [Fact]
    public void Nothing_sold_from_no_position_picks_nothing_into_the_list_given_emptied()
    {
        var buffer = new List<LotPick> { new(Stale, 1m) };

        var picks = LotPicker.Pick(null, "XYZ", 0m, LotMethod.Fifo, null, buffer);

        Assert.Same(buffer, picks);
        Assert.Empty(picks);
    }

    [Fact]
    public void Nothing_sold_from_no_position_with_no_list_given_picks_nothing() =>
        Assert.Empty(LotPicker.Pick(null, "XYZ", 0m, LotMethod.Hifo, null));
}
