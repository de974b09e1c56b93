using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Tests.Builders;

namespace Portfolio.Domain.Tests.LotMethods;

/// <summary>
/// The shared scenario of the lot-method tests (all months far apart, so no wash sale can apply):
/// t1 2023-01-03 buy 100 @ 10 → basis 1000 (10/sh)
/// t2 2023-06-01 buy 100 @ 30 → basis 3000 (30/sh)
/// t3 2024-01-02 buy 100 @ 20 → basis 2000 (20/sh)
/// </summary>
internal static class ThreeLots
{
    public static LedgerBuilder Builder(LotMethod method = LotMethod.Fifo) => new LedgerBuilder()
        .WithMethod(method)
        .Buy("2023-01-03", "XYZ", 100, 10)
        .Buy("2023-06-01", "XYZ", 100, 30)
        .Buy("2024-01-02", "XYZ", 100, 20);

    public static (string LotId, decimal Quantity, decimal Proceeds, decimal CostBasis, decimal Gain) Row(RealizedLot p) =>
        (p.LotId, p.Quantity, p.Proceeds, p.CostBasis, p.Gain);

    public static (string Id, decimal Quantity, decimal CostBasis)[] Open(AccountLedger ledger, string symbol = "XYZ") =>
        ledger.PositionOf(symbol)!.Lots.Select(l => (l.Id, l.Quantity, l.CostBasis)).ToArray();
}
