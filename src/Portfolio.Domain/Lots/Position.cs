using System.Runtime.InteropServices;

namespace Portfolio.Domain.Lots;

/// <summary>The open lots of one symbol, kept in holding-period order (acquired date, then sequence) with running totals.</summary>
public sealed class Position(string symbol)
{
    private List<TaxLot> lots = [];

    public string Symbol { get; } = symbol;

    /// <summary>The ledger allowed to change this position in place; any other ledger sharing it clones it first.</summary>
    internal object? Owner { get; init; }

    internal Position CloneFor(object owner) =>
        new(Symbol) { Owner = owner, lots = new List<TaxLot>(lots), Quantity = Quantity, CostBasis = CostBasis };
    public IReadOnlyList<TaxLot> Lots => lots;

    /// <summary>The open lots in place, for the booking loops (read without copying each lot out of the list).</summary>
    internal ReadOnlySpan<TaxLot> LotSpan => CollectionsMarshal.AsSpan(lots);
    public decimal Quantity { get; private set; }
    public decimal CostBasis { get; private set; }

    /// <summary>Makes an emptied position new again (its totals start from a plain zero, as a new position's do).</summary>
    internal void Reopen()
    {
        lots.Clear();
        Quantity = 0;
        CostBasis = 0;
    }

    /// <summary>Room for <paramref name="more"/> lots beyond those held, exactly (a list grown from empty takes four slots for one lot).</summary>
    internal void Reserve(int more)
    {
        if (lots.Capacity < lots.Count + more) lots.Capacity = lots.Count + more;
    }

    internal void Add(TaxLot lot)
    {
        // After every lot it does not sort before: a new lot usually goes last, a wash-sale replacement further back.
        var index = lots.Count;
        if (index > 0 && IsBefore(lot, lots[index - 1]))
        {
            int low = 0, high = index - 1;
            while (low < high)
            {
                var mid = low + (high - low) / 2;
                if (IsBefore(lot, lots[mid])) high = mid;
                else low = mid + 1;
            }
            index = low;
        }
        lots.Insert(index, lot);
        Quantity += lot.Quantity;
        CostBasis += lot.CostBasis;
    }

    internal void Replace(TaxLot existing, TaxLot replacement)
    {
        if (existing.AcquiredOn != replacement.AcquiredOn || existing.Sequence != replacement.Sequence)
        {
            Remove(existing);
            Add(replacement);
            return;
        }
        ReplaceAt(IndexOf(existing), replacement);
    }

    /// <summary>Replaces the lot at <paramref name="index"/> with one of the same acquisition date and sequence.</summary>
    internal void ReplaceAt(int index, TaxLot replacement)
    {
        ref var existing = ref CollectionsMarshal.AsSpan(lots)[index];
        Quantity += replacement.Quantity - existing.Quantity;
        CostBasis += replacement.CostBasis - existing.CostBasis;
        existing = replacement;
    }

    internal void Remove(TaxLot lot)
    {
        lots.RemoveAt(IndexOf(lot));
        Quantity -= lot.Quantity;
        CostBasis -= lot.CostBasis;
    }

    /// <summary>The index of the first lot acquired on or after <paramref name="date"/> (the count when there is none).</summary>
    internal int FirstAcquiredOnOrAfter(DateOnly date)
    {
        int low = 0, high = lots.Count;
        while (low < high)
        {
            var mid = low + (high - low) / 2;
            if (lots[mid].AcquiredOn < date) low = mid + 1;
            else high = mid;
        }
        return low;
    }

    public TaxLot? Find(string lotId)
    {
        var index = IndexOf(lotId);
        return index < 0 ? null : lots[index];
    }

    private int IndexOf(string lotId)
    {
        var span = LotSpan;
        for (var i = span.Length - 1; i >= 0; i--)
            if (span[i].Id == lotId) return i;
        return -1;
    }

    /// <summary>
    /// The oldest and the newest lot first (what FIFO, average cost and LIFO close), then a binary search on the
    /// holding-period order and the lot itself among those with the same date and sequence.
    /// </summary>
    private int IndexOf(TaxLot lot)
    {
        int low = 0, high = lots.Count - 1;
        // No two open lots of a position share an id, a date and a sequence, so an end lot that has all three is the one.
        if (high >= 0 && IsSameLot(lots[0], lot)) return 0;
        if (high > 0 && IsSameLot(lots[high], lot)) return high;
        while (low <= high)
        {
            var mid = low + (high - low) / 2;
            if (IsBefore(lots[mid], lot)) low = mid + 1;
            else if (IsBefore(lot, lots[mid])) high = mid - 1;
            else
            {
                for (var i = mid; i >= 0 && !IsBefore(lots[i], lot); i--)
                    if (lots[i].Id == lot.Id) return i;
                for (var i = mid + 1; i < lots.Count && !IsBefore(lot, lots[i]); i++)
                    if (lots[i].Id == lot.Id) return i;
                break;
            }
        }
        throw new InvalidOperationException($"lot '{lot.Id}' is not open in {Symbol}");
    }

    private static bool IsSameLot(TaxLot a, TaxLot b) => a.Sequence == b.Sequence && a.AcquiredOn == b.AcquiredOn && a.Id == b.Id;

    private static bool IsBefore(TaxLot a, TaxLot b) =>
        a.AcquiredOn < b.AcquiredOn || (a.AcquiredOn == b.AcquiredOn && a.Sequence < b.Sequence);
}
