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
        Position? position, string symbol, decimal quantity, LotMethod method, IReadOnlyList<LotSelection>? selections)
    {
        var held = position?.Quantity ?? 0;
        if (quantity > held)
            throw new LedgerRuleViolation("quantity", $"disposes of {quantity} {symbol} but only {held} are held");
        if (position is null) return [];

        return method switch
        {
            LotMethod.SpecificId => PickSpecific(position, quantity, selections),
            LotMethod.Lifo => TakeInOrder(Reversed(position.Lots), quantity),
            LotMethod.Hifo => TakeInOrder(HighestCostFirst(position.Lots), quantity),
            _ => TakeInOrder(position.Lots, quantity), // FIFO; average cost also closes oldest first for the holding period
        };
    }

    private static List<LotPick> TakeInOrder(IEnumerable<TaxLot> lots, decimal quantity)
    {
        var picks = new List<LotPick>();
        var remaining = quantity;
        foreach (var lot in lots)
        {
            if (remaining == 0) break;
            var take = Math.Min(remaining, lot.Quantity);
            picks.Add(new LotPick(lot, take));
            remaining -= take;
        }
        return picks;
    }

    private static IEnumerable<TaxLot> Reversed(IReadOnlyList<TaxLot> lots)
    {
        for (var i = lots.Count - 1; i >= 0; i--) yield return lots[i];
    }

    private static IEnumerable<TaxLot> HighestCostFirst(IReadOnlyList<TaxLot> lots) =>
        lots.Select((lot, order) => (lot, order))
            .OrderByDescending(x => x.lot.CostPerShare)
            .ThenBy(x => x.order)
            .Select(x => x.lot);

    private static List<LotPick> PickSpecific(Position position, decimal quantity, IReadOnlyList<LotSelection>? selections)
    {
        if (selections is null || selections.Count == 0)
            throw new LedgerRuleViolation("lots", "specific identification needs the lots to close");

        var picks = new List<LotPick>(selections.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < selections.Count; i++)
        {
            var selection = selections[i];
            var field = $"lots[{i}]";
            Quantities.RequireQuantity(selection.Quantity, $"{field}.quantity");
            if (!seen.Add(selection.LotId))
                throw new LedgerRuleViolation($"{field}.lotId", $"lot '{selection.LotId}' is named twice");
            var lot = position.Find(selection.LotId)
                ?? throw new LedgerRuleViolation($"{field}.lotId", $"lot '{selection.LotId}' is not an open lot of {position.Symbol}");
            if (selection.Quantity > lot.Quantity)
                throw new LedgerRuleViolation($"{field}.quantity", $"lot '{lot.Id}' holds {lot.Quantity}, not {selection.Quantity}");
            picks.Add(new LotPick(lot, selection.Quantity));
        }

        var named = picks.Sum(p => p.Quantity);
        if (named != quantity)
            throw new LedgerRuleViolation("lots", $"the named lots add up to {named}, not the quantity {quantity}");
        return picks;
    }
}
