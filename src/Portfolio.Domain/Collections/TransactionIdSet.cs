namespace Portfolio.Domain.Collections;

/// <summary>
/// The ids booked in a ledger, copied in O(log n): a copy freezes the recent ids as a new level and shares every level
/// (never written again) with its source. Levels merge when one is no longer at least twice the size of the next, so
/// there are O(log n) of them and each id is copied O(log n) times over the life of the ledger.
/// A whole log replayed at once hands its ids over already checked for repeats (<see cref="AddDistinct"/>); they are
/// hashed into the set only when a later lookup or copy needs them, which a replay that is only read never does.
/// </summary>
internal sealed class TransactionIdSet
{
    private readonly HashSet<string>[] levels;
    private HashSet<string> recent;
    // Distinct ids not yet in any set; while set, recent is empty. A frozen ledger may be copied by several threads at
    // once, so they are indexed under a lock and published after the set that holds them.
    private string[]? unindexed;

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
            var count = Volatile.Read(ref unindexed) is { } ids ? ids.Length : recent.Count;
            foreach (var level in levels) count += level.Count;
            return count;
        }
    }

    public bool Contains(string id)
    {
        Index();
        if (recent.Contains(id)) return true;
        foreach (var level in levels)
            if (level.Contains(id)) return true;
        return false;
    }

    public void Add(string id)
    {
        Index();
        recent.Add(id);
    }

    /// <summary>
    /// Takes over <paramref name="ids"/>, which the caller has checked hold no repeat and no id of this set, which must be
    /// empty; the array must not change afterwards.
    /// </summary>
    public void AddDistinct(string[] ids)
    {
        if (levels.Length > 0 || recent.Count > 0 || unindexed is not null)
            throw new InvalidOperationException("distinct ids are handed over to an empty set only");
        unindexed = ids;
    }

    private void Index()
    {
        if (Volatile.Read(ref unindexed) is not { } ids) return;
        // The array is this set's alone (handed over, never changed), so it serves as the lock.
        lock (ids)
        {
            if (unindexed is null) return;
            var set = new HashSet<string>(ids.Length, StringComparer.Ordinal);
            foreach (var id in ids) set.Add(id);
            recent = set;
            Volatile.Write(ref unindexed, null);
        }
    }

    /// <summary>Adds <paramref name="id"/> unless the set holds it already; false when it does.</summary>
    public bool TryAdd(string id)
    {
        Index();
        foreach (var level in levels)
            if (level.Contains(id)) return false;
        return recent.Add(id);
    }

    /// <summary>Takes back an id just added by <see cref="TryAdd"/> (added ids are always recent).</summary>
    public void RemoveAdded(string id) => recent.Remove(id);

    /// <summary>A copy sharing storage with this set, which must not be written afterwards.</summary>
    public TransactionIdSet Copy()
    {
        Index();
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
