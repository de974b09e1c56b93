using Portfolio.Domain.Ledger;
using Portfolio.Domain.Lots;

namespace Portfolio.Domain.Valuation;

public sealed record LotValuation(TaxLot Lot, decimal? Price, decimal? MarketValue, decimal? UnrealizedGain, Term Term);

/// <summary>Weight is a percentage of the account's total value (securities plus cash). Unpriced positions have no value.</summary>
public sealed record PositionValuation(
    string Symbol, decimal Quantity, decimal CostBasis, decimal? Price, decimal? MarketValue, decimal? UnrealizedGain, decimal? WeightPercent,
    IReadOnlyList<LotValuation> Lots);

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
    public static AccountValuation Value(AccountLedger ledger, IReadOnlyDictionary<string, decimal> prices, DateOnly asOf)
    {
        var rows = new List<(Position Position, decimal? Price, decimal? Value)>();
        decimal securities = 0;
        foreach (var position in ledger.Positions.OrderBy(p => p.Symbol, StringComparer.Ordinal))
        {
            decimal? price = prices.TryGetValue(position.Symbol, out var p) ? p : null;
            var value = price * position.Quantity;
            securities += value ?? 0;
            rows.Add((position, price, value));
        }

        var total = securities + ledger.Cash;
        var positions = rows.Select(r => new PositionValuation(
            r.Position.Symbol, r.Position.Quantity, r.Position.CostBasis, r.Price, r.Value, r.Value - r.Position.CostBasis,
            Percent(r.Value, total),
            r.Position.Lots.Select(lot => ValueLot(lot, r.Price, asOf)).ToList())).ToList();

        var priced = positions.Where(p => p.Price is not null).ToList();
        return new AccountValuation(
            positions,
            ledger.Cash,
            ledger.Settings.TracksCash ? Percent(ledger.Cash, total) : null,
            securities,
            total,
            positions.Sum(p => p.CostBasis),
            priced.Sum(p => p.UnrealizedGain!.Value),
            positions.Where(p => p.Price is null).Select(p => p.Symbol).ToList());
    }

    public static LotValuation ValueLot(TaxLot lot, decimal? price, DateOnly asOf)
    {
        var value = price * lot.Quantity;
        return new LotValuation(lot, price, value, value - lot.CostBasis, HoldingPeriod.TermOf(lot.AcquiredOn, asOf));
    }

    public static decimal? Percent(decimal? part, decimal total) => part is null || total == 0 ? null : part * 100 / total;
}
