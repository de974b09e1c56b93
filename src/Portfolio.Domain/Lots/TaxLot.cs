namespace Portfolio.Domain.Lots;

/// <summary>
/// An open lot. Total <see cref="CostBasis"/> is stored (not the per-share cost) so that splits and partial sales
/// conserve basis exactly. <see cref="AcquiredOn"/> starts the holding period: the original date for transferred and
/// spun-off lots, the adjusted date for wash-sale replacements. <see cref="Sequence"/> orders lots opened on one date.
/// </summary>
public readonly record struct TaxLot(
    string Id,
    string Symbol,
    decimal Quantity,
    decimal CostBasis,
    DateOnly AcquiredOn,
    long Sequence,
    LotOrigin Origin,
    DateOnly OpenedOn)
{
    public decimal CostPerShare => Quantity == 0 ? 0 : CostBasis / Quantity;

    /// <summary>Only shares bought (or reinvested) can replace shares sold at a loss, and each share only once.</summary>
    public bool CanReplaceWashSale => Origin is LotOrigin.Purchase;
}

public enum LotOrigin { Purchase, Transfer, SpinOff, WashSaleReplacement }
