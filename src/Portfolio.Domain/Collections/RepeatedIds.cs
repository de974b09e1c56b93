using System.Buffers;

namespace Portfolio.Domain.Collections;

/// <summary>
/// Finds the first id of a log that repeats an earlier one by sorting the ids' hash codes (a radix sort: sequential
/// passes over memory) instead of probing a set once per id. A replayed log of 200,000 ids gives a set larger than the
/// processor's cache, where every probe waits on memory.
/// </summary>
internal static class RepeatedIds
{
    private const int DigitBits = 8;
    private const int Buckets = 1 << DigitBits;
    private const int Passes = 32 / DigitBits;

    /// <summary>The sort key of the id at <paramref name="index"/>: its hash code above its index.</summary>
    public static ulong Key(string id, int index) => (ulong)(uint)id.GetHashCode() << 32 | (uint)index;

    /// <summary>
    /// The least index whose id equals the id at a lower index, or -1. <paramref name="keys"/>[0..count) hold
    /// <see cref="Key"/> of ids[0..count) in index order; they are left sorted.
    /// </summary>
    public static int FirstRepeat(ulong[] keys, int count, string[] ids)
    {
        SortByHash(keys, count);
        var first = -1;
        for (var start = 0; start < count;)
        {
            var end = start + 1;
            while (end < count && keys[end] >> 32 == keys[start] >> 32) end++;
            // Equal hash codes: the radix sort is stable, so the indexes of one run ascend; a later equal id is a repeat.
            for (var j = start + 1; j < end; j++)
            {
                var later = (int)(uint)keys[j];
                for (var i = start; i < j; i++)
                    if (string.Equals(ids[(int)(uint)keys[i]], ids[later], StringComparison.Ordinal))
                    {
                        if (first < 0 || later < first) first = later;
                        break;
                    }
            }
            start = end;
        }
        return first;
    }

    /// <summary>A stable least-significant-digit radix sort on the upper 32 bits.</summary>
    private static void SortByHash(ulong[] keys, int count)
    {
        Span<int> offsets = stackalloc int[Passes * Buckets]; // zeroed: the project does not skip locals' initialization
        for (var i = 0; i < count; i++)
        {
            var hash = (uint)(keys[i] >> 32);
            for (var pass = 0; pass < Passes; pass++) offsets[pass * Buckets + (int)((hash >> (pass * DigitBits)) & (Buckets - 1))]++;
        }
        var buffer = ArrayPool<ulong>.Shared.Rent(count);
        try
        {
            var from = keys;
            var to = buffer;
            for (var pass = 0; pass < Passes; pass++)
            {
                var counts = offsets.Slice(pass * Buckets, Buckets);
                var sum = 0;
                for (var b = 0; b < Buckets; b++) (counts[b], sum) = (sum, sum + counts[b]);
                var shift = 32 + pass * DigitBits;
                for (var i = 0; i < count; i++)
                {
                    var key = from[i];
                    to[counts[(int)((key >> shift) & (Buckets - 1))]++] = key;
                }
                (from, to) = (to, from);
            }
            // An even number of passes leaves the sorted keys where they started.
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(buffer);
        }
    }
}
