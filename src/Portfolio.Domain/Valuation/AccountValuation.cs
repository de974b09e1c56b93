using Portfolio.Domain.Ledger;
using Portfolio.Domain.Lots;

namespace Portfolio.Domain.Valuation;

public sealed record LotValuation(TaxLot Lot, decimal? Price, decimal? MarketValue, decimal? UnrealizedGain, Term Term);

/// <summary>Weight is a percentage of the account's total value (securities plus cash). Unpriced positions have no value.</summary>
public sealed record PositionValuation(
    string Symbol, decimal Quantity, decimal CostBasis, decimal? Price, decimal? MarketValue, decimal? UnrealizedGain, decimal? WeightPercent,
    IReadOnlyList<LotValuation> Lots);

/// <param name="Positions">In ordinal symbol order.</param>
public sealed record AccountValuation(
    IReadOnlyList<PositionValuation> Positions,
    decimal Cash,
    decimal? CashWeightPercent,
    decimal SecuritiesValue,
    decimal TotalValue,
    decimal CostBasis,
    decimal UnrealizedGain,
    IReadOnlyList<string> UnpricedSymbols);

public static class Valuator
{
    /// <summary>Values every open lot at <paramref name="prices"/>; <paramref name="asOf"/> decides each lot's term.</summary>
    /// <param name="lots">
    /// False: each position's <see cref="PositionValuation.Lots"/> is left empty and every other figure is the same. For
    /// callers that read only positions and totals (the revaluation of every account each cycle); a rebalance plan made
    /// from it names no lots to sell.
    /// </param>
    /// <remarks>
    /// Sums run in symbol order, so the totals are the same to the last digit however the ledger keeps its positions.
    /// Revaluation calls this for every account of every cycle, hence arrays and loops rather than LINQ.
    /// </remarks>
    public static AccountValuation Value(AccountLedger ledger, IReadOnlyDictionary<string, decimal> prices, DateOnly asOf, bool lots = true)
    {
        var held = InSymbolOrder(ledger.Positions);
        decimal securities = 0;
        foreach (var position in held)
            if (prices.TryGetValue(position.Symbol, out var price)) securities += price * position.Quantity;

        var total = securities + ledger.Cash;
        var positions = new PositionValuation[held.Length];
        decimal costBasis = 0, unrealized = 0;
        List<string>? unpriced = null;
        for (var i = 0; i < held.Length; i++)
        {
            var position = held[i];
            decimal? price = prices.TryGetValue(position.Symbol, out var p) ? p : null;
            var value = price * position.Quantity;
            positions[i] = new PositionValuation(position.Symbol, position.Quantity, position.CostBasis, price, value, value - position.CostBasis,
                Percent(value, total), lots ? ValueLots(position.Lots, price, asOf) : []);
            costBasis += position.CostBasis;
            if (price is null) (unpriced ??= []).Add(position.Symbol);
            else unrealized += positions[i].UnrealizedGain!.Value;
        }

        return new AccountValuation(
            positions,
            ledger.Cash,
            ledger.Settings.TracksCash ? Percent(ledger.Cash, total) : null,
            securities,
            total,
            costBasis,
            unrealized,
            unpriced ?? (IReadOnlyList<string>)[]);
    }

    public static LotValuation ValueLot(TaxLot lot, decimal? price, DateOnly asOf)
    {
        var value = price * lot.Quantity;
        return new LotValuation(lot, price, value, value - lot.CostBasis, HoldingPeriod.TermOf(lot.AcquiredOn, asOf));
    }

    public static decimal? Percent(decimal? part, decimal total) => part is null || total == 0 ? null : part * 100 / total;

    private static LotValuation[] ValueLots(IReadOnlyList<TaxLot> lots, decimal? price, DateOnly asOf)
    {
        var valued = new LotValuation[lots.Count];
        for (var i = 0; i < valued.Length; i++) valued[i] = ValueLot(lots[i], price, asOf);
        return valued;
    }

    private static Position[] InSymbolOrder(IReadOnlyCollection<Position> positions)
    {
        var sorted = new Position[positions.Count];
        var i = 0;
        foreach (var position in positions) sorted[i++] = position;
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Symbol, b.Symbol));
        return sorted;
    }
}
