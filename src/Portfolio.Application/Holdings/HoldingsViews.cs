using Portfolio.Domain.Lots;

namespace Portfolio.Application.Holdings;

/// <param name="Stale">The price is older than its freshness window: shown, but not current.</param>
/// <param name="WeightPercent">Percent of the account's total value (securities and cash).</param>
public sealed record PositionView(
    string Symbol, decimal Quantity, decimal CostBasis, decimal? Price, DateTimeOffset? PriceTime, string? PriceSource, bool Stale,
    decimal? MarketValue, decimal? UnrealizedGain, decimal? WeightPercent);

public sealed record PositionsView(
    string AccountId, DateTimeOffset AsOf, IReadOnlyList<PositionView> Positions,
    decimal Cash, decimal? CashWeightPercent, decimal TotalValue, decimal CostBasis, decimal UnrealizedGain, IReadOnlyList<string> UnpricedSymbols);

public sealed record TaxLotView(
    string Id, string Symbol, decimal Quantity, decimal CostPerShare, decimal CostBasis, DateOnly AcquiredOn,
    decimal? Price, bool Stale, decimal? MarketValue, decimal? UnrealizedGain, Term Term);

public sealed record RealizedGainView(
    string TransactionId, string LotId, string Symbol, decimal Quantity, DateOnly AcquiredOn, DateOnly SoldOn,
    decimal Proceeds, decimal CostBasis, decimal Gain, Term Term, decimal WashSaleDisallowed, decimal RecognizedGain);

public sealed record RealizedGainsView(
    string AccountId, int? Year, IReadOnlyList<RealizedGainView> Items,
    decimal ShortTermGain, decimal LongTermGain, decimal WashSaleDisallowed, decimal RecognizedGain);
