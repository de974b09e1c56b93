using Portfolio.Domain.Lots;

namespace Portfolio.Domain.Ledger;

/// <summary>
/// One piece of one lot closed by a sale (or by cash in lieu of a fractional share).
/// <see cref="Gain"/> is the economic gain; a wash sale disallows part of a loss, so the gain recognized for tax is
/// <see cref="RecognizedGain"/> = Gain + WashSaleDisallowed, and the disallowed amount moves into the replacement lot's basis.
/// </summary>
public readonly record struct RealizedLot(
    string TransactionId,
    string LotId,
    string Symbol,
    decimal Quantity,
    DateOnly AcquiredOn,
    DateOnly SoldOn,
    decimal Proceeds,
    decimal CostBasis,
    Term Term,
    decimal WashSaleDisallowed = 0)
{
    public decimal Gain => Proceeds - CostBasis;
    public decimal RecognizedGain => Gain + WashSaleDisallowed;
}
