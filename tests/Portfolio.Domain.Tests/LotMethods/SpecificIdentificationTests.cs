using Portfolio.Domain.Accounts;
using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;
using static Portfolio.Domain.Tests.LotMethods.ThreeLots;

namespace Portfolio.Domain.Tests.LotMethods;

public class SpecificIdentificationTests
{
    [Fact]
    public void Specific_id_sell_closes_exactly_the_named_lots_in_the_named_order()
    {
        // Sell 120 @ 25 naming t3 ×100 and t1 ×20:
        // t3 100 sh: proceeds 2500, basis 2000, gain 500; t1 20 sh: proceeds 500, basis 1000×20/100 = 200, gain 300.
        // left: t1 80 sh basis 800, t2 100 sh basis 3000 (untouched).
        var ledger = Builder().Sell("2024-06-03", "XYZ", 120, 25, 0, null, Pick("t3", 100), Pick("t1", 20)).Build();

        Assert.Equal([("t3", 100m, 2500m, 2000m, 500m), ("t1", 20m, 500m, 200m, 300m)], ledger.Realized.Select(Row));
        Assert.Equal([("t1", 80m, 800m), ("t2", 100m, 3000m)], Open(ledger));
    }

    public static TheoryData<string, LotSelection[], decimal> Refusals => new()
    {
        { "lots[0].lotId", [Pick("nope", 10)], 10 },                   // unknown lot
        { "lots[0].quantity", [Pick("t1", 150)], 150 },                // t1 holds only 100
        { "lots[1].lotId", [Pick("t1", 10), Pick("t1", 10)], 20 },     // t1 named twice
        { "lots", [Pick("t1", 10), Pick("t2", 10)], 30 },              // 10 + 10 = 20 ≠ 30
        { "lots[0].quantity", [Pick("t1", 0)], 0.000001m },            // a zero pick
        { "lots", [], 10 },                                             // specific id without any lot
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Specific_id_refusal_names_the_field_and_leaves_the_ledger_unchanged(string field, LotSelection[] lots, decimal quantity)
    {
        var ledger = Builder().Build();
        var before = LedgerSnapshot.Of(ledger);

        var error = Assert.Throws<LedgerRuleViolation>(() =>
            ledger.Apply(new Sell("s1", D("2024-06-03"), "XYZ", quantity, 25, 0, LotMethod.SpecificId, lots)));

        Assert.Equal(field, error.Field);
        LedgerSnapshot.Of(ledger).ShouldEqual(before);
        Assert.Equal(6000m, ledger.PositionOf("XYZ")!.CostBasis);
    }

    [Fact]
    public void Lots_given_without_a_method_mean_specific_identification()
    {
        // Account method FIFO, but the sale names t2: 10 sh of t2, basis 300, proceeds 250, gain −50.
        var ledger = Builder().Sell("2024-06-03", "XYZ", 10, 25, 0, null, Pick("t2", 10)).Build();

        Assert.Equal([("t2", 10m, 250m, 300m, -50m)], ledger.Realized.Select(Row));
    }
}
