using Portfolio.Domain.Lots;

namespace Portfolio.Domain.Ledger;

/// <summary>What booking one transaction did: the pieces it realized, the lots it opened, the lots it moved out.</summary>
public sealed record BookingResult(
    IReadOnlyList<RealizedLot> Realized,
    IReadOnlyList<TaxLot> OpenedLots,
    IReadOnlyList<LotPick> RemovedLots)
{
    public static readonly BookingResult Empty = new([], [], []);
}
