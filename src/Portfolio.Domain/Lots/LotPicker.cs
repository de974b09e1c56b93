using System.Buffers;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Domain.Lots;

/// <summary>A part of one lot that a sale or transfer will take.</summary>
public readonly record struct LotPick(TaxLot Lot, decimal Quantity)
{
    /// <summary>Basis moves with quantity; a whole lot takes its whole basis so nothing is lost to rounding.</summary>
    public decimal CostBasis => Quantity == Lot.Quantity ? Lot.CostBasis : Quantities.RoundAmount(Lot.CostBasis * Quantity / Lot.Quantity);
}

/// <summary>Chooses which lots a disposal closes. Validates everything before anything changes.</summary>
public static class LotPicker
{
    public static IReadOnlyList<LotPick> Pick(
        Position? position, string symbol, decimal quantity, LotMethod method, IReadOnlyList<LotSelection>? selections) =>
        Pick(position, symbol, quantity, method, selections, null);

    /// <summary>As <see cref="Pick(Position?, string, decimal, LotMethod, IReadOnlyList{LotSelection}?)"/>, filling <paramref name="buffer"/> (cleared first) when given.</summary>
    internal static List<LotPick> Pick(
        Position? position, string symbol, decimal quantity, LotMethod method, IReadOnlyList<LotSelection>? selections, List<LotPick>? buffer)
    {
        var held = position?.Quantity ?? 0;
        if (quantity > held)
            throw new LedgerRuleViolation("quantity", $"disposes of {quantity} {symbol} but only {held} are held");
        if (position is null)
        {
            buffer?.Clear();
            return buffer ?? [];
        }

        return method switch
        {
            LotMethod.SpecificId => PickSpecific(position, quantity, selections, buffer),
            LotMethod.Lifo => TakeInOrder(position.LotSpan, quantity, newestFirst: true, buffer),
            LotMethod.Hifo => TakeHighestCostFirst(position.LotSpan, quantity, buffer),
            _ => TakeInOrder(position.LotSpan, quantity, newestFirst: false, buffer), // FIFO; average cost also closes oldest first for the holding period
        };
    }

    /// <summary>Takes lots in list order (or from the end when <paramref name="newestFirst"/>) until the quantity is covered.</summary>
    private static List<LotPick> TakeInOrder(ReadOnlySpan<TaxLot> lots, decimal quantity, bool newestFirst, List<LotPick>? buffer)
    {
        var picks = buffer ?? [];
        picks.Clear();
        var remaining = quantity;
        for (var i = 0; i < lots.Length; i++)
        {
            ref readonly var lot = ref lots[newestFirst ? lots.Length - 1 - i : i];
            if (remaining == 0) break;
            var take = Math.Min(remaining, lot.Quantity);
            picks.Add(new LotPick(lot, take));
            remaining -= take;
        }
        return picks;
    }

    /// <summary>Highest cost per share first; equal costs keep holding-period order (a stable sort).</summary>
    private static List<LotPick> TakeHighestCostFirst(ReadOnlySpan<TaxLot> lots, decimal quantity, List<LotPick>? buffer)
    {
        var count = lots.Length;
        // Negated cost ascending, then original position ascending: the same total order as OrderByDescending().ThenBy(order).
        // The keys live in a pooled array and the lots are read through them: a sale allocates nothing.
        var keys = ArrayPool<(decimal NegatedCost, int Order)>.Shared.Rent(count);
        try
        {
            for (var i = 0; i < count; i++) keys[i] = (-lots[i].CostPerShare, i);
            Array.Sort(keys, 0, count);
            var picks = buffer ?? new List<LotPick>();
            picks.Clear();
            var remaining = quantity;
            for (var i = 0; i < count && remaining != 0; i++)
            {
                ref readonly var lot = ref lots[keys[i].Order];
                var take = Math.Min(remaining, lot.Quantity);
                picks.Add(new LotPick(lot, take));
                remaining -= take;
            }
            return picks;
        }
        finally
        {
            ArrayPool<(decimal NegatedCost, int Order)>.Shared.Return(keys);
        }
    }

    private static List<LotPick> PickSpecific(Position position, decimal quantity, IReadOnlyList<LotSelection>? selections, List<LotPick>? buffer)
    {
        if (selections is null || selections.Count == 0)
            throw new LedgerRuleViolation("lots", "specific identification needs the lots to close");

        var picks = buffer ?? new List<LotPick>(selections.Count);
        picks.Clear();
        // A sale names a few lots: comparing with the earlier names costs less than a set, until there are many.
        var seen = selections.Count > 16 ? new HashSet<string>(StringComparer.Ordinal) : null;
        for (var i = 0; i < selections.Count; i++)
        {
            var selection = selections[i];
            // Field names are formatted only when a rule is violated.
            if (selection.Quantity <= 0 || selection.Quantity.Scale > Quantities.MaxQuantityDecimals)
                Quantities.RequireQuantity(selection.Quantity, $"lots[{i}].quantity");
            if (seen is null ? NamedBefore(selections, i) : !seen.Add(selection.LotId))
                throw new LedgerRuleViolation($"lots[{i}].lotId", $"lot '{selection.LotId}' is named twice");
            var lot = position.Find(selection.LotId)
                ?? throw new LedgerRuleViolation($"lots[{i}].lotId", $"lot '{selection.LotId}' is not an open lot of {position.Symbol}");
            if (selection.Quantity > lot.Quantity)
                throw new LedgerRuleViolation($"lots[{i}].quantity", $"lot '{lot.Id}' holds {lot.Quantity}, not {selection.Quantity}");
            picks.Add(new LotPick(lot, selection.Quantity));
        }

        decimal named = 0;
        for (var i = 0; i < picks.Count; i++) named += picks[i].Quantity;
        if (named != quantity)
            throw new LedgerRuleViolation("lots", $"the named lots add up to {named}, not the quantity {quantity}");
        return picks;
    }

    private static bool NamedBefore(IReadOnlyList<LotSelection> selections, int index)
    {
        var lotId = selections[index].LotId;
        for (var i = 0; i < index; i++)
            if (string.Equals(selections[i].LotId, lotId, StringComparison.Ordinal)) return true;
        return false;
    }
}
