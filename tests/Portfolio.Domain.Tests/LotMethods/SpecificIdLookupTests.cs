using Portfolio.Domain.Ledger;
using Portfolio.Domain.Tests.Builders;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;
using static Portfolio.Domain.Tests.LotMethods.ThreeLots;

namespace Portfolio.Domain.Tests.LotMethods;

/// <summary>
/// Specific identification past the short paths: a sale naming more than sixteen lots (checked for repeats with a set,
/// not by comparing with the earlier names) and a lot found among several that share its date and transaction.
/// </summary>
public class SpecificIdLookupTests
{
    private static LedgerBuilder TwentyOneShareLots()
    {
        // t1..t20: 1 sh @ 10 each, a day apart in January 2023, so every sale in June 2024 is long-term at a gain.
        var builder = new LedgerBuilder().WithoutCash();
        for (var day = 3; day <= 22; day++) builder.Buy($"2023-01-{day:00}", "XYZ", 1, 10);
        return builder;
    }

    private static LotSelection[] Names(params int[] lots) => lots.Select(n => Pick($"t{n}", 1)).ToArray();

    [Fact]
    public void A_sale_naming_seventeen_distinct_lots_closes_exactly_those_lots()
    {
        // Sell 17 @ 25 naming t1..t17: each piece proceeds 25, basis 10, gain 15 (255 in all); t18..t20 stay open.
        var ledger = TwentyOneShareLots()
            .Sell("2024-06-03", "XYZ", 17, 25, 0, null, Names(Enumerable.Range(1, 17).ToArray()))
            .Build();

        Assert.Equal(Enumerable.Range(1, 17).Select(n => ($"t{n}", 1m, 25m, 10m, 15m)), ledger.Realized.Select(Row));
        Assert.Equal(255m, ledger.Realized.Sum(p => p.Gain));
        Assert.Equal([("t18", 1m, 10m), ("t19", 1m, 10m), ("t20", 1m, 10m)], Open(ledger));
    }

    [Fact]
    public void A_sale_naming_seventeen_lots_with_one_named_twice_is_refused_at_the_repeat()
    {
        var ledger = TwentyOneShareLots().Build();
        var before = LedgerSnapshot.Of(ledger);
        var lots = Names([.. Enumerable.Range(1, 16), 5]);

        var error = Assert.Throws<LedgerRuleViolation>(() =>
            ledger.Apply(new Sell("s1", D("2024-06-03"), "XYZ", 17, 25, 0, null, lots)));

        Assert.Equal("lots[16].lotId", error.Field);
        Assert.Equal("lot 't5' is named twice", error.Reason);
        LedgerSnapshot.Of(ledger).ShouldEqual(before);
    }

    [Fact]
    public void A_split_and_a_partial_sale_find_each_of_three_lots_transferred_in_together()
    {
        // One transfer brings three lots acquired the same day (same date, same transaction): t1/0 basis 100,
        // t1/1 basis 200, t1/2 basis 300, 10 sh each. A 2-for-1 split restates every lot in place: 20 sh each, bases
        // unchanged. Selling 8 of t1/2 @ 50: proceeds 400, basis 300 × 8/20 = 120, gain 280; t1/2 keeps 12 sh, basis 180.
        var ledger = new LedgerBuilder().WithoutCash()
            .TransferIn("2023-01-03", "XYZ", Lot(10, 100, "2022-05-02"), Lot(10, 200, "2022-05-02"), Lot(10, 300, "2022-05-02"))
            .Split("2023-06-01", "XYZ", 2, 1)
            .Sell("2024-06-03", "XYZ", 8, 50, 0, null, Pick("t1/2", 8))
            .Build();

        Assert.Equal([("t1/2", 8m, 400m, 120m, 280m)], ledger.Realized.Select(Row));
        Assert.Equal([("t1/0", 20m, 100m), ("t1/1", 20m, 200m), ("t1/2", 12m, 180m)], Open(ledger));
    }
}
