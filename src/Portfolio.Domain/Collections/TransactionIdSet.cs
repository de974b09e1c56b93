namespace Portfolio.Domain.Collections;

/// <summary>
/// The ids booked in a ledger, copied in O(log n): a copy freezes the recent ids as a new level and shares every level
/// (never written again) with its source. Levels merge when one is no longer at least twice the size of the next, so
/// there are O(log n) of them and each id is copied O(log n) times over the life of the ledger.
/// </summary>
internal sealed class TransactionIdSet
{
    private readonly HashSet<string>[] levels;
    private readonly HashSet<string> recent;

    public TransactionIdSet() : this([], new HashSet<string>(StringComparer.Ordinal)) { }

    private TransactionIdSet(HashSet<string>[] levels, HashSet<string> recent)
    {
        this.levels = levels;
        this.recent = recent;
    }

    public int Count
    {
        get
        {
            var count = recent.Count;
            foreach (var level in levels) count += level.Count;
            return count;
        }
    }

    public bool Contains(string id)
    {
        if (recent.Contains(id)) return true;
        foreach (var level in levels)
            if (level.Contains(id)) return true;
        return false;
    }

    public void Add(string id) => recent.Add(id);

    /// <summary>Adds <paramref name="id"/> unless the set holds it already; false when it does.</summary>
    public bool TryAdd(string id)
    {
        foreach (var level in levels)
            if (level.Contains(id)) return false;
        return recent.Add(id);
    }

    /// <summary>Takes back an id just added by <see cref="TryAdd"/> (added ids are always recent).</summary>
    public void RemoveAdded(string id) => recent.Remove(id);

    public void EnsureCapacity(int capacity) => recent.EnsureCapacity(capacity);

    /// <summary>A copy sharing storage with this set, which must not be written afterwards.</summary>
    public TransactionIdSet Copy()
    {
        if (recent.Count == 0) return new TransactionIdSet(levels, new HashSet<string>(StringComparer.Ordinal));
        var stack = new List<HashSet<string>>(levels) { recent };
        while (stack.Count > 1 && stack[^2].Count < 2 * stack[^1].Count)
        {
            var merged = new HashSet<string>(stack[^2], StringComparer.Ordinal);
            merged.UnionWith(stack[^1]);
            stack.RemoveRange(stack.Count - 2, 2);
            stack.Add(merged);
        }
        return new TransactionIdSet([.. stack], new HashSet<string>(StringComparer.Ordinal));
    }
}
