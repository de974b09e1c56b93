using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Lots;
using Portfolio.Domain.Valuation;

namespace Portfolio.Domain.Rebalancing;

/// <summary>Target weights in percent of total value (securities plus cash), and how far a weight may drift, in percentage points.</summary>
public sealed record TargetAllocation(IReadOnlyDictionary<string, decimal> TargetPercents, decimal TolerancePercentPoints = TargetAllocation.DefaultTolerance)
{
    public const decimal DefaultTolerance = 5m;

    public void Validate()
    {
        if (TolerancePercentPoints < 0 || TolerancePercentPoints > 100)
            throw new LedgerRuleViolation("tolerance", $"must be between 0 and 100 percentage points, was {TolerancePercentPoints}");
        foreach (var (symbol, percent) in TargetPercents)
        {
            if (string.IsNullOrWhiteSpace(symbol)) throw new LedgerRuleViolation("targets", "a target needs a symbol");
            if (percent < 0 || percent > 100)
                throw new LedgerRuleViolation($"targets.{symbol}", $"must be between 0 and 100 percent, was {percent}");
        }
        var sum = TargetPercents.Values.Sum();
        if (sum > 100) throw new LedgerRuleViolation("targets", $"add up to {sum} percent, more than 100");
    }
}

public enum TradeAction { None, Buy, Sell }

public sealed record LotToSell(string LotId, decimal Quantity, decimal UnrealizedGain, Term Term);

/// <param name="Quantity">Shares to trade to reach the target at the current price; null when the symbol has no price.</param>
public sealed record DriftLine(
    string Symbol, decimal CurrentPercent, decimal TargetPercent, decimal Drift, bool Breaches,
    TradeAction Action, decimal? Quantity, decimal? Price, IReadOnlyList<LotToSell> LotsToSell);

/// <param name="UnpricedSymbols">Held symbols without a price: valued at their cost basis so the other weights stay honest, and given no trade.</param>
public sealed record RebalancePlan(decimal TotalValue, decimal TolerancePercentPoints, IReadOnlyList<DriftLine> Lines, IReadOnlyList<string> UnpricedSymbols)
{
    public bool AnyBreach => Lines.Any(l => l.Breaches);
}

public static class Rebalancer
{
    public static RebalancePlan Plan(AccountLedger ledger, TargetAllocation targets, IReadOnlyDictionary<string, decimal> prices, DateOnly asOf) =>
        Plan(Valuator.Value(ledger, prices, asOf), ledger.Settings, targets, prices);

    /// <summary>
    /// Plans from a valuation already made at <paramref name="prices"/>, so that revaluation values each account once.
    /// Held symbols without a price count at their cost basis here (the valuation leaves them out of its total).
    /// </summary>
    /// <remarks>A valuation made without lots (<see cref="Valuator.Value"/> with <c>lots: false</c>) gives a plan naming no lots to sell, every other figure the same.</remarks>
    public static RebalancePlan Plan(AccountValuation valuation, AccountSettings settings, TargetAllocation targets, IReadOnlyDictionary<string, decimal> prices)
    {
        targets.Validate();
        var held = valuation.Positions;
        var total = HasUnpricedHolding(held) ? TotalAtCostWhereUnpriced(valuation) : valuation.TotalValue;
        var symbols = SymbolsInOrder(held, targets.TargetPercents);

        var lines = new DriftLine[symbols.Length];
        var next = 0;
        for (var i = 0; i < symbols.Length; i++)
        {
            var symbol = symbols[i];
            while (next < held.Count && string.CompareOrdinal(held[next].Symbol, symbol) < 0) next++;
            var position = next < held.Count && held[next].Symbol == symbol ? held[next] : null;
            decimal? price = prices.TryGetValue(symbol, out var p) ? p : null;
            var value = position is null ? 0 : position.MarketValue ?? AtCost(position) ?? 0;
            var current = total == 0 ? 0 : value * 100 / total;
            var target = targets.TargetPercents.GetValueOrDefault(symbol);
            var drift = Math.Abs(current - target);
            var quantity = price is > 0 ? SharesToTarget(target * total / 100 - value, price.Value, settings.AllowsFractionalShares) : (decimal?)null;
            // A negative total (cash overdrawn beyond the securities) asks to sell even what is not held: nothing to sell.
            if (quantity < 0) quantity = position is null ? 0 : Math.Max(quantity.Value, -position.Quantity);
            var action = quantity switch { > 0 => TradeAction.Buy, < 0 => TradeAction.Sell, _ => TradeAction.None };
            var lotsToSell = action == TradeAction.Sell && settings.Type == AccountType.Taxable && position!.Lots.Count > 0
                ? TaxAwareLots(position, -quantity!.Value)
                : [];
            lines[i] = new DriftLine(symbol, current, target, drift, drift > targets.TolerancePercentPoints,
                action, quantity is null ? null : Math.Abs(quantity.Value), price, lotsToSell);
        }
        return new RebalancePlan(total, targets.TolerancePercentPoints, lines, UnpricedHoldings(held));
    }

    private static bool HasUnpricedHolding(IReadOnlyList<PositionValuation> held)
    {
        foreach (var position in held)
            if (position.Price is null && position.Quantity > 0) return true;
        return false;
    }

    /// <summary>A held position without a price, valued at its cost per share; null when there is nothing held.</summary>
    private static decimal? AtCost(PositionValuation position) =>
        position.Price is null && position.Quantity > 0 ? position.CostBasis / position.Quantity * position.Quantity : null;

    /// <summary>Securities summed in symbol order as <see cref="Valuator"/> does, with unpriced holdings at cost, plus cash.</summary>
    private static decimal TotalAtCostWhereUnpriced(AccountValuation valuation)
    {
        decimal securities = 0;
        foreach (var position in valuation.Positions)
            if ((position.MarketValue ?? AtCost(position)) is { } value) securities += value;
        return securities + valuation.Cash;
    }

    private static IReadOnlyList<string> UnpricedHoldings(IReadOnlyList<PositionValuation> held)
    {
        List<string>? unpriced = null;
        foreach (var position in held)
            if (position.Price is null && position.Quantity > 0) (unpriced ??= []).Add(position.Symbol);
        return unpriced ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Held and targeted symbols, each once, in ordinal order; <paramref name="held"/> is in that order already.</summary>
    private static string[] SymbolsInOrder(IReadOnlyList<PositionValuation> held, IReadOnlyDictionary<string, decimal> targets)
    {
        var symbols = new string[held.Count + targets.Count];
        var count = 0;
        foreach (var position in held) symbols[count++] = position.Symbol;
        foreach (var symbol in targets.Keys)
            if (!IsHeld(held, symbol)) symbols[count++] = symbol;
        if (count < symbols.Length) Array.Resize(ref symbols, count);
        if (count > held.Count) Array.Sort(symbols, StringComparer.Ordinal);
        return symbols;
    }

    private static bool IsHeld(IReadOnlyList<PositionValuation> held, string symbol)
    {
        int low = 0, high = held.Count - 1;
        while (low <= high)
        {
            var mid = low + (high - low) / 2;
            var order = string.CompareOrdinal(held[mid].Symbol, symbol);
            if (order == 0) return true;
            if (order < 0) low = mid + 1;
            else high = mid - 1;
        }
        return false;
    }

    /// <summary>Whole shares unless fractional shares are allowed; always toward zero so a trade never overshoots its target.</summary>
    private static decimal SharesToTarget(decimal valueToTrade, decimal price, bool fractional)
    {
        var shares = valueToTrade / price;
        return fractional ? Quantities.RoundQuantity(shares) : decimal.Truncate(shares);
    }

    /// <summary>Sells losses first (largest loss per share first), then lots with no gain, then long-term gains, then short-term gains (smallest gain per share first).</summary>
    private static IReadOnlyList<LotToSell> TaxAwareLots(PositionValuation position, decimal quantity)
    {
        var lots = position.Lots;
        var ordered = new int[lots.Count];
        for (var i = 0; i < ordered.Length; i++) ordered[i] = i;
        if (ordered.Length > 1) Array.Sort(ordered, (a, b) => CompareForSale(lots, a, b));
        var result = new List<LotToSell>(Math.Min(ordered.Length, 4));
        var remaining = quantity;
        foreach (var index in ordered)
        {
            if (remaining == 0) break;
            var lot = lots[index];
            if (lot.Lot.Quantity == 0) continue; // a lot a log stored before the bounds rounded to nothing: nothing to sell
            var take = Math.Min(remaining, lot.Lot.Quantity);
            result.Add(new LotToSell(lot.Lot.Id, take, lot.UnrealizedGain!.Value * take / lot.Lot.Quantity, lot.Term));
            remaining -= take;
        }
        return result;
    }

    /// <summary>Losses, no gain, long-term gains, short-term gains; then gain per share; then acquisition date; then holding-period order (a stable sort).</summary>
    private static int CompareForSale(IReadOnlyList<LotValuation> lots, int a, int b)
    {
        var order = Rank(lots[a]).CompareTo(Rank(lots[b]));
        if (order == 0) order = GainPerShare(lots[a]).CompareTo(GainPerShare(lots[b]));
        if (order == 0) order = lots[a].Lot.AcquiredOn.CompareTo(lots[b].Lot.AcquiredOn);
        return order != 0 ? order : a.CompareTo(b);
    }

    private static decimal GainPerShare(LotValuation lot) => lot.Lot.Quantity == 0 ? 0 : lot.UnrealizedGain!.Value / lot.Lot.Quantity;

    // A lot sold at its basis realizes nothing whatever its term, so it goes before any gain.
    private static int Rank(LotValuation lot) => lot.UnrealizedGain < 0 ? 0 : lot.UnrealizedGain == 0 ? 1 : lot.Term == Term.LongTerm ? 2 : 3;
}
