using Portfolio.Domain.Collections;

namespace Portfolio.Domain.Tests.Collections;

/// <summary>The one-pass repeat search of a replayed log against a set filled one id at a time (the reference).</summary>
public class RepeatedIdsTests
{
    private static int FirstRepeat(string[] ids)
    {
        var keys = new ulong[ids.Length];
        for (var i = 0; i < ids.Length; i++) keys[i] = RepeatedIds.Key(ids[i], i);
        return RepeatedIds.FirstRepeat(keys, ids.Length, ids);
    }

    private static int FirstRepeatBySet(string[] ids)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
            if (!seen.Add(ids[i])) return i;
        return -1;
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 1_000)]
    [InlineData(3, 20_000)]
    public void The_first_repeat_is_the_index_a_set_filled_in_order_first_refuses(int seed, int count)
    {
        var random = new Random(seed);
        for (var round = 0; round < 20; round++)
        {
            // Drawn from about ten times as many names as ids: some logs repeat nothing, some repeat early or late.
            var ids = Enumerable.Range(0, count).Select(_ => $"t{random.Next(count * 10)}").ToArray();
            Assert.Equal(FirstRepeatBySet(ids), FirstRepeat(ids));
        }
    }

    [Fact]
    public void Distinct_ids_whose_hash_codes_collide_are_no_repeat_and_a_repeat_among_them_is_found()
    {
        // String hash codes are randomized per process: find two distinct ids sharing one here (about 2^16 tries).
        var byHash = new Dictionary<int, string>();
        string first, second;
        for (var n = 0; ; n++)
        {
            var id = $"tx_{n}";
            if (byHash.TryGetValue(id.GetHashCode(), out var earlier)) { (first, second) = (earlier, id); break; }
            byHash.Add(id.GetHashCode(), id);
        }

        Assert.Equal(-1, FirstRepeat([first, second]));
        Assert.Equal(-1, FirstRepeat(["x", second, "y", first]));
        Assert.Equal(3, FirstRepeat([first, second, "z", second, first]));
        Assert.Equal(2, FirstRepeat([second, first, first]));
    }

    [Fact]
    public void Distinct_ids_have_no_repeat_and_ids_are_compared_ordinally()
    {
        Assert.Equal(-1, FirstRepeat(["a", "A", "b", "B", "a "]));
        Assert.Equal(-1, FirstRepeat([]));
        Assert.Equal(4, FirstRepeat(["a", "b", "c", "d", "b", "a"]));
    }
}
