using Portfolio.Domain.Collections;

namespace Portfolio.Domain.Tests.Collections;

/// <summary>A chunked list shares its chunks with its copies, and a write to a copy never shows in the original.</summary>
public class ChunkedListTests
{
    private static ChunkedList<int> Numbers(int count)
    {
        var list = new ChunkedList<int>();
        for (var i = 0; i < count; i++) list.Add(i * 10);
        return list;
    }

    [Fact]
    public void Items_added_across_several_chunks_read_back_in_order_by_index_and_by_enumeration()
    {
        var list = Numbers(1_300); // 5 chunks of 256 and a partial sixth: past the initial 4-chunk table

        Assert.Equal(1_300, list.Count);
        Assert.Equal(0, list[0]);
        Assert.Equal(2_550, list[255]);
        Assert.Equal(2_560, list[256]);
        Assert.Equal(12_990, list[1_299]);
        Assert.Equal(Enumerable.Range(0, 1_300).Select(i => i * 10), list);
        Assert.Equal(Enumerable.Range(0, 1_300).Select(i => i * 10), ((System.Collections.IEnumerable)list).Cast<int>());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void Reading_or_setting_outside_the_list_is_refused(int index)
    {
        var list = Numbers(3);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[index]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list.Set(index, 1));
    }

    [Fact]
    public void A_copy_starts_with_the_same_items_and_its_writes_do_not_reach_the_original()
    {
        var original = Numbers(600);
        var copy = original.Copy();

        copy.Set(0, -1);
        copy.Set(599, -2);
        copy.Add(6_000);

        Assert.Equal(600, original.Count);
        Assert.Equal(0, original[0]);
        Assert.Equal(5_990, original[599]);
        Assert.Equal(601, copy.Count);
        Assert.Equal([-1, 10], copy.Take(2));
        Assert.Equal(-2, copy[599]);
        Assert.Equal(6_000, copy[600]);
    }

    [Fact]
    public void A_copy_of_a_copy_grows_independently_of_both()
    {
        var first = Numbers(256); // exactly one full chunk: the next add opens a new one
        var second = first.Copy();
        second.Add(1);
        var third = second.Copy();
        third.Add(2);
        third.Set(256, 7);

        Assert.Equal(256, first.Count);
        Assert.Equal([1], second.From(256));
        Assert.Equal([7, 2], third.From(256));
    }

    [Fact]
    public void A_short_list_and_its_copy_grow_past_the_short_first_chunk_independently()
    {
        var original = Numbers(16); // the first chunk starts at 16 items: the copy's next add grows it
        var copy = original.Copy();
        for (var i = 16; i < 300; i++) copy.Add(-i);
        copy.Set(3, 7);

        Assert.Equal(Enumerable.Range(0, 16).Select(i => i * 10), original);
        Assert.Equal(300, copy.Count);
        Assert.Equal([20, 7, 40], copy.Skip(2).Take(3));
        Assert.Equal([150, -16, -17], copy.Skip(15).Take(3));
        Assert.Equal(-255, copy[255]);
        Assert.Equal(-256, copy[256]);
        Assert.Equal(-299, copy[299]);
    }

    [Fact]
    public void From_returns_the_tail_and_is_empty_at_or_past_the_end()
    {
        var list = Numbers(300);
        Assert.Equal([2_970, 2_980, 2_990], list.From(297));
        Assert.Empty(list.From(300));
        Assert.Empty(list.From(400));
    }

    [Fact]
    public void An_enumerator_can_be_reset_to_read_again()
    {
        var list = Numbers(2);
        using var items = list.GetEnumerator();
        Assert.True(items.MoveNext());
        Assert.True(items.MoveNext());
        Assert.Equal(10, items.Current);
        Assert.False(items.MoveNext());
        items.Reset();
        Assert.True(items.MoveNext());
        Assert.Equal(0, items.Current);
    }
}
