using Portfolio.Application.Common;

namespace Portfolio.Application.Tests;

/// <summary>The in-memory ledger caches stay near their capacity without counting the map on every write.</summary>
public class BoundedMapTests
{
    [Fact]
    public void A_map_past_its_capacity_drops_a_tenth_of_the_capacity_at_the_next_size_check()
    {
        var map = new BoundedMap<int>(1_000);

        for (var i = 0; i < BoundedMap<int>.WritesPerSizeCheck - 1; i++) map.Set($"k{i}", i);
        var beforeCheck = map.Count;
        map.Set("last", -1);

        // 1,023 entries are kept unchecked; the 1,024th write finds 1,024 > 1,000 and drops 1,000 / 10 = 100.
        Assert.Equal(1_023, beforeCheck);
        Assert.Equal(924, map.Count);
    }

    [Fact]
    public void A_map_within_its_capacity_keeps_every_entry_and_its_latest_value()
    {
        var map = new BoundedMap<int>(2_000);

        for (var i = 0; i < 2 * BoundedMap<int>.WritesPerSizeCheck; i++) map.Set($"k{i % 1_500}", i);

        // 2,048 writes to 1,500 keys: k0..k547 were written twice, last with 1,500 + their index.
        Assert.Equal(1_500, map.Count);
        Assert.True(map.TryGetValue("k547", out var rewritten));
        Assert.Equal(2_047, rewritten);
        Assert.Equal(548, map.GetValueOrDefault("k548"));
    }

    [Fact]
    public void AddOrUpdate_keeps_what_the_update_chooses_of_the_present_and_the_new_value()
    {
        var map = new BoundedMap<int>(10);

        map.AddOrUpdate("a", 5, static (_, present, added) => Math.Max(present, added));
        map.AddOrUpdate("a", 3, static (_, present, added) => Math.Max(present, added));
        map.AddOrUpdate("a", 8, static (_, present, added) => Math.Max(present, added));

        Assert.Equal(8, map.GetValueOrDefault("a"));
        Assert.True(map.TryRemove("a"));
        Assert.False(map.TryGetValue("a", out _));
    }
}
