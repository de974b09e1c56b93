using Portfolio.Domain.Lots;

namespace Portfolio.Domain.Tests.Lots;

/// <summary>
/// Removing an open lot removes that lot and no other, found by its id among lots that share its acquisition date or its
/// sequence (a wash-sale replacement keeps the sequence of the purchase it was split from but takes an earlier date).
/// </summary>
public class PositionLotRemovalRules
{
    private static readonly DateOnly Day = new(2024, 3, 1);

    private static TaxLot Lot(string id, DateOnly acquiredOn, long sequence, decimal quantity) =>
        new(id, "XYZ", quantity, quantity * 10m, acquiredOn, sequence, LotOrigin.Purchase, acquiredOn);

    [Theory]
    [InlineData("b")]
    [InlineData("c")]
    [InlineData("d")]
    public void Removing_one_of_several_lots_sharing_a_date_and_sequence_removes_exactly_that_lot(string removed)
    {
        // Five lots: a and e on their own days, b, c, d on one day with one sequence (as the pieces of one split purchase).
        var lots = new[]
        {
            Lot("a", Day.AddDays(-1), 1, 1m), Lot("b", Day, 2, 2m), Lot("c", Day, 2, 4m), Lot("d", Day, 2, 8m), Lot("e", Day.AddDays(1), 3, 16m),
        };
        var position = new Position("XYZ");
        foreach (var lot in lots) position.Add(lot);

        position.Remove(lots.Single(l => l.Id == removed));

        Assert.Equal(lots.Where(l => l.Id != removed).Select(l => l.Id), position.Lots.Select(l => l.Id));
        Assert.Equal(31m - lots.Single(l => l.Id == removed).Quantity, position.Quantity);
        Assert.Equal(310m - lots.Single(l => l.Id == removed).CostBasis, position.CostBasis);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("b")]
    [InlineData("c")]
    [InlineData("d")]
    public void Removing_one_of_four_lots_sharing_a_date_and_sequence_between_two_others_removes_exactly_that_lot(string removed)
    {
        // Six lots: the search lands on b (index 2) and must look both ways within a, b, c, d for the one to remove.
        var lots = new[]
        {
            Lot("x", Day.AddDays(-1), 1, 1m), Lot("a", Day, 2, 2m), Lot("b", Day, 2, 4m), Lot("c", Day, 2, 8m), Lot("d", Day, 2, 16m),
            Lot("y", Day.AddDays(1), 3, 32m),
        };
        var position = new Position("XYZ");
        foreach (var lot in lots) position.Add(lot);

        position.Remove(lots.Single(l => l.Id == removed));

        Assert.Equal(lots.Where(l => l.Id != removed).Select(l => l.Id), position.Lots.Select(l => l.Id));
        Assert.Equal(63m - lots.Single(l => l.Id == removed).Quantity, position.Quantity);
    }

    [Fact]
    public void Removing_a_lot_that_shares_only_its_sequence_with_the_oldest_lot_leaves_the_oldest()
    {
        // The replacement piece "r" (sequence 7, dated back to 2024-01-10) and the rest of the purchase "p" (sequence 7, 2024-03-01).
        var replacement = Lot("r", new DateOnly(2024, 1, 10), 7, 3m);
        var rest = Lot("p", Day, 7, 5m);
        var position = new Position("XYZ");
        position.Add(rest);
        position.Add(replacement);

        position.Remove(rest);

        Assert.Equal([replacement], position.Lots);
        Assert.Equal((3m, 30m), (position.Quantity, position.CostBasis));
    }
}
