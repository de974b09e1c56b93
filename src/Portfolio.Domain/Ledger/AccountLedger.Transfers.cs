using Portfolio.Domain.Lots;
using Portfolio.Domain.Transactions;

namespace Portfolio.Domain.Ledger;

public sealed partial class AccountLedger
{
    /// <summary>Shares arriving with their lots: basis and acquisition dates carry over, no gain is realized.</summary>
    private BookingResult BookTransferIn(TransferIn transfer)
    {
        RequireSymbol(transfer.Symbol);
        if (transfer.Lots is null || transfer.Lots.Count == 0)
            throw new LedgerRuleViolation("lots", "a transfer in needs at least one lot");
        for (var i = 0; i < transfer.Lots.Count; i++)
        {
            var lot = transfer.Lots[i];
            Quantities.RequireQuantity(lot.Quantity, $"lots[{i}].quantity");
            Quantities.RequireNonNegative(lot.CostBasis, $"lots[{i}].costBasis");
            if (lot.AcquiredOn > transfer.TradeDate)
                throw new LedgerRuleViolation($"lots[{i}].acquiredOn", "a lot cannot be acquired after it is transferred");
        }

        var opened = transfer.Lots
            .Select((lot, i) => OpenLot($"{transfer.Id}/{i}", transfer.Symbol, lot.Quantity, lot.CostBasis, lot.AcquiredOn, LotOrigin.Transfer, transfer.TradeDate))
            .ToList();
        return BookingResult.Empty with { OpenedLots = opened };
    }

    /// <summary>Shares leaving with their lots, chosen like a sale; nothing is realized.</summary>
    private BookingResult BookTransferOut(TransferOut transfer)
    {
        RequireSymbol(transfer.Symbol);
        Quantities.RequireQuantity(transfer.Quantity, "quantity");
        var position = WritablePositionOf(transfer.Symbol);
        var picks = PickLots(position, transfer.Symbol, transfer.Quantity, MethodFor(transfer.Method, transfer.Lots), transfer.Lots);
        var removed = new List<LotPick>(picks.Count);
        foreach (var pick in picks)
        {
            removed.Add(pick);
            Consume(position!, pick, pick.CostBasis);
        }
        RemoveIfEmpty(position!);
        return BookingResult.Empty with { RemovedLots = removed };
    }
}
