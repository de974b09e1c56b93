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
    public static RebalancePlan Plan(AccountLedger ledger, TargetAllocation targets, IReadOnlyDictionary<string, decimal> prices, DateOnly asOf)
    {
        targets.Validate();
        var unpriced = ledger.Positions.Where(p => !prices.ContainsKey(p.Symbol) && p.Quantity > 0).ToList();
        var valuationPrices = unpriced.Count == 0 ? prices : WithCostPrices(prices, unpriced);
        var valuation = Valuator.Value(ledger, valuationPrices, asOf);
        var total = valuation.TotalValue;
        var symbols = targets.TargetPercents.Keys.Union(valuation.Positions.Select(p => p.Symbol)).Order(StringComparer.Ordinal);

        var lines = new List<DriftLine>();
        foreach (var symbol in symbols)
        {
            var held = valuation.Positions.FirstOrDefault(p => p.Symbol == symbol);
            decimal? price = prices.TryGetValue(symbol, out var p) ? p : null;
            var value = held?.MarketValue ?? 0;
            var current = total == 0 ? 0 : value * 100 / total;
            var target = targets.TargetPercents.GetValueOrDefault(symbol);
            var drift = Math.Abs(current - target);
            var quantity = price is > 0 ? SharesToTarget(target * total / 100 - value, price.Value, ledger.Settings.AllowsFractionalShares) : (decimal?)null;
            if (quantity < 0 && held is not null) quantity = Math.Max(quantity.Value, -held.Quantity);
            var action = quantity switch { > 0 => TradeAction.Buy, < 0 => TradeAction.Sell, _ => TradeAction.None };
            var lotsToSell = action == TradeAction.Sell && ledger.Settings.Type == AccountType.Taxable
                ? TaxAwareLots(held!, -quantity!.Value)
                : [];
            lines.Add(new DriftLine(symbol, current, target, drift, drift > targets.TolerancePercentPoints,
                action, quantity is null ? null : Math.Abs(quantity.Value), price, lotsToSell));
        }
        return new RebalancePlan(total, targets.TolerancePercentPoints, lines, unpriced.Select(p => p.Symbol).ToList());
    }

    private static Dictionary<string, decimal> WithCostPrices(IReadOnlyDictionary<string, decimal> prices, IEnumerable<Position> unpriced)
    {
        var result = new Dictionary<string, decimal>(prices, StringComparer.Ordinal);
        foreach (var position in unpriced) result[position.Symbol] = position.CostBasis / position.Quantity;
        return result;
    }

    /// <summary>Whole shares unless fractional shares are allowed; always toward zero so a trade never overshoots its target.</summary>
    private static decimal SharesToTarget(decimal valueToTrade, decimal price, bool fractional)
    {
        var shares = valueToTrade / price;
        return fractional ? Quantities.RoundQuantity(shares) : decimal.Truncate(shares);
    }

    /// <summary>Sells losses first (largest loss per share first), then long-term gains, then short-term gains (smallest gain per share first).</summary>
    private static IReadOnlyList<LotToSell> TaxAwareLots(PositionValuation position, decimal quantity)
    {
        var ordered = position.Lots
            .OrderBy(l => l.UnrealizedGain < 0 ? 0 : l.Term == Term.LongTerm ? 1 : 2)
            .ThenBy(l => l.UnrealizedGain!.Value / l.Lot.Quantity)
            .ThenBy(l => l.Lot.AcquiredOn);
        var result = new List<LotToSell>();
        var remaining = quantity;
        foreach (var lot in ordered)
        {
            if (remaining == 0) break;
            var take = Math.Min(remaining, lot.Lot.Quantity);
            result.Add(new LotToSell(lot.Lot.Id, take, lot.UnrealizedGain!.Value * take / lot.Lot.Quantity, lot.Term));
            remaining -= take;
        }
        return result;
    }
}
