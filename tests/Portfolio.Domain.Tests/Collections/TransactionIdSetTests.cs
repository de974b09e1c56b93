using Portfolio.Domain.Collections;

namespace Portfolio.Domain.Tests.Collections;

/// <summary>The ids of a ledger's versions: each copy knows every id booked before it, and none booked after it in another version.</summary>
public class TransactionIdSetTests
{
    [Fact]
    public void Every_id_added_across_many_copies_is_found_and_counted_once()
    {
        var set = new TransactionIdSet();
        var versions = new List<TransactionIdSet>();
        for (var i = 0; i < 100; i++)
        {
            set.Add($"t{i}");
            versions.Add(set);   // frozen from here on
            set = set.Copy();    // levels merge as the copies pile up
        }

        Assert.Equal(100, set.Count);
        Assert.All(Enumerable.Range(0, 100), i => Assert.True(set.Contains($"t{i}")));
        Assert.False(set.Contains("t100"));
        Assert.False(set.Contains("T1")); // ids are compared ordinally
        Assert.Equal(31, versions[30].Count);
        Assert.True(versions[30].Contains("t30"));
        Assert.False(versions[30].Contains("t31"));
    }

    [Fact]
    public void A_copy_without_new_ids_keeps_the_same_ids_and_then_grows_on_its_own()
    {
        var set = new TransactionIdSet();
        set.Add("a");
        set.Add("b");
        var first = set.Copy();
        var second = first.Copy();
        second.Add("c");
        var third = second.Copy();

        Assert.Equal(2, first.Count);
        Assert.False(first.Contains("c"));
        Assert.Equal(3, third.Count);
        Assert.True(third.Contains("a") && third.Contains("b") && third.Contains("c"));
    }

    [Fact]
    public void The_same_id_added_twice_counts_once()
    {
        var set = new TransactionIdSet();
        set.Add("x");
        set.Add("x");
        Assert.Equal(1, set.Count);
        Assert.Equal(1, set.Copy().Count);
    }

    [Fact]
    public void Ids_handed_over_as_distinct_are_found_counted_and_kept_by_every_later_use()
    {
        string[] ids = ["a", "b", "c"];
        var found = new TransactionIdSet();
        found.AddDistinct(ids);
        var added = new TransactionIdSet();
        added.AddDistinct(ids);
        var copied = new TransactionIdSet();
        copied.AddDistinct(ids);

        Assert.Equal(3, found.Count);
        Assert.True(found.Contains("b"));
        Assert.False(found.Contains("d"));
        added.Add("d");
        Assert.Equal(4, added.Count);
        Assert.True(added.Contains("a"));
        var copy = copied.Copy();
        Assert.True(copy.Contains("a") && copy.Count == 3);
        Assert.False(copy.TryAdd("b"));
        Assert.True(copy.TryAdd("e"));
        Assert.Equal(3, copied.Count);
    }

    [Fact]
    public void Distinct_ids_are_handed_over_only_to_an_empty_set()
    {
        var holding = new TransactionIdSet();
        holding.Add("a");
        var handed = new TransactionIdSet();
        handed.AddDistinct(["a"]);
        var leveled = new TransactionIdSet();
        leveled.Add("a");
        leveled = leveled.Copy();

        Assert.Equal("distinct ids are handed over to an empty set only", Assert.Throws<InvalidOperationException>(() => holding.AddDistinct(["b"])).Message);
        Assert.Equal("distinct ids are handed over to an empty set only", Assert.Throws<InvalidOperationException>(() => handed.AddDistinct(["b"])).Message);
        Assert.Equal("distinct ids are handed over to an empty set only", Assert.Throws<InvalidOperationException>(() => leveled.AddDistinct(["b"])).Message);
    }
}
