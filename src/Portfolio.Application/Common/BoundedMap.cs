using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Portfolio.Application.Common;

/// <summary>
/// A concurrent map by ordinal string key that keeps about <c>capacity</c> entries: past it an arbitrary tenth is dropped
/// (their owner rebuilds them on demand). The size is checked once every <see cref="WritesPerSizeCheck"/> writes, not on
/// each: <see cref="ConcurrentDictionary{TKey, TValue}.Count"/> takes every lock of the map (up to 1,024 of them), and
/// doing that for each account of a revaluation cost about 20 µs an account.
/// </summary>
public sealed class BoundedMap<TValue>(int capacity)
{
    /// <summary>The map may hold up to this many entries past its capacity until its size is next checked.</summary>
    public const int WritesPerSizeCheck = 1024;

    private readonly ConcurrentDictionary<string, TValue> map = new(StringComparer.Ordinal);
    private int writes;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value) => map.TryGetValue(key, out value);

    public TValue? GetValueOrDefault(string key) => map.GetValueOrDefault(key);

    public void Set(string key, TValue value)
    {
        map[key] = value;
        Written();
    }

    /// <summary>Adds <paramref name="value"/>, or replaces the present one with what <paramref name="update"/> chooses of the two.</summary>
    public void AddOrUpdate(string key, TValue value, Func<string, TValue, TValue, TValue> update)
    {
        map.AddOrUpdate(key, static (_, added) => added, update, value);
        Written();
    }

    public bool TryRemove(string key) => map.TryRemove(key, out _);

    /// <summary>The number of entries (takes every lock of the map: not for hot paths).</summary>
    public int Count => map.Count;

    private void Written()
    {
        if (Interlocked.Increment(ref writes) % WritesPerSizeCheck != 0 || map.Count <= capacity) return;
        // Enumerating takes no lock (unlike Keys, which copies them all under every lock).
        var dropped = 0;
        foreach (var (key, _) in map)
        {
            if (dropped++ == capacity / 10) break;
            map.TryRemove(key, out _);
        }
    }
}
