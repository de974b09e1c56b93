using Portfolio.Domain.Accounts;
using Portfolio.Domain.Lots;

namespace Portfolio.Domain.Ledger;

/// <summary>
/// Everything a ledger holds except the ids it has booked (its log has them): what a stored checkpoint keeps so that a
/// cold load books only the transactions after it. <see cref="Lots"/> are grouped by position, each in holding-period order.
/// <see cref="Realized"/> holds the realized history from index <see cref="RealizedBefore"/> on: 0 (all of it) in a full
/// save; in a compact one only the pieces a later booking can still change (from the earliest loss awaiting a wash-sale
/// replacement), since the history before grows with the years and only reads of realized gains need it.
/// </summary>
public sealed record SavedLedger(
    decimal Cash,
    decimal FeesPaid,
    DateOnly? LastTradeDate,
    long NextLotSequence,
    int WashSaleSplits,
    IReadOnlyList<TaxLot> Lots,
    IReadOnlyList<RealizedLot> Realized,
    IReadOnlyList<IncomeEntry> Income,
    IReadOnlyList<PendingWashLoss> PendingLosses,
    int RealizedBefore = 0);

/// <summary>A loss piece (by its index in the realized list) with shares not yet matched to a wash-sale replacement.</summary>
public sealed record PendingWashLoss(string Symbol, int RealizedIndex, decimal Unmatched);

public sealed partial class AccountLedger
{
    /// <summary>Everything held; <see cref="SavedLedger.RealizedBefore"/> is 0 unless this ledger was itself restored from a compact save.</summary>
    public SavedLedger Save() => Save(realizedFrom);

    /// <summary>What later bookings need: the realized history only from the earliest piece a pending wash-sale loss may still change.</summary>
    public SavedLedger SaveCompact() => Save(Math.Max(realizedFrom, washSales.EarliestPendingPiece ?? RealizedCount));

    private SavedLedger Save(int realizedBefore)
    {
        var pieces = new List<RealizedLot>(RealizedCount - realizedBefore);
        for (var i = realizedBefore; i < RealizedCount; i++) pieces.Add(RealizedAt(i));
        return new(Cash, FeesPaid, LastTradeDate, nextLotSequence, washSales.Splits,
            [.. positions.Values.SelectMany(p => p.Lots)], pieces, [.. income], [.. washSales.Pending], realizedBefore);
    }

    /// <summary>
    /// The ledger that was saved, given the ids of the transactions booked into it (its log has them), or only their
    /// number (<paramref name="transactionsWithoutIds"/>) when the log before the checkpoint is not read: its duplicate-id
    /// check then covers the transactions booked after it only.
    /// </summary>
    public static AccountLedger Restore(AccountSettings settings, SavedLedger saved, IEnumerable<string> transactionIds, int transactionsWithoutIds = 0)
    {
        var ledger = new AccountLedger(settings)
        {
            Cash = saved.Cash,
            FeesPaid = saved.FeesPaid,
            LastTradeDate = saved.LastTradeDate,
            nextLotSequence = saved.NextLotSequence,
            uncountedTransactions = transactionsWithoutIds,
            realizedFrom = saved.RealizedBefore,
        };
        ledger.RestoreLots(saved.Lots);
        foreach (var piece in saved.Realized) ledger.realized.Add(piece);
        foreach (var entry in saved.Income) ledger.income.Add(entry);
        foreach (var id in transactionIds) ledger.transactionIds.Add(id);
        ledger.washSales.Restore(saved.WashSaleSplits, saved.PendingLosses);
        return ledger;
    }

    /// <summary>
    /// Each run of lots of one symbol (a save groups them by position) into its position, sized to hold them exactly: a
    /// revaluation keeps the restored ledger of every account in memory, and lists grown one lot at a time would hold
    /// four slots for an account's typical single lot (about 2 KB more per account of ten positions, all of it for the GC
    /// to copy as it promotes). Lots not grouped still land in the right position, in holding-period order.
    /// </summary>
    private void RestoreLots(IReadOnlyList<TaxLot> lots)
    {
        var runs = 0;
        for (var i = 0; i < lots.Count; i++)
            if (i == 0 || lots[i].Symbol != lots[i - 1].Symbol) runs++;
        positions.EnsureCapacity(runs);
        for (var start = 0; start < lots.Count;)
        {
            var end = start + 1;
            while (end < lots.Count && lots[end].Symbol == lots[start].Symbol) end++;
            var position = GetOrAddPosition(lots[start].Symbol);
            position.Reserve(end - start);
            for (var i = start; i < end; i++) position.Add(lots[i]);
            start = end;
        }
    }
}
