using Portfolio.Domain.Lots;
using Portfolio.Domain.Transactions;

namespace Portfolio.Domain.Ledger;

public sealed partial class AccountLedger
{
    private BookingResult BookSplit(Split split)
    {
        RequireSymbol(split.Symbol);
        Quantities.RequirePositive(split.NewShares, "newShares");
        Quantities.RequirePositive(split.OldShares, "oldShares");
        return Rescale(split.Id, split.TradeDate, split.Symbol, split.NewShares, split.OldShares, split.CashInLieuPrice);
    }

    /// <summary>A stock dividend of r shares per share is a (1 + r):1 split for basis purposes.</summary>
    private BookingResult BookStockDividend(StockDividend dividend)
    {
        RequireSymbol(dividend.Symbol);
        Quantities.RequirePositive(dividend.SharesPerShare, "sharesPerShare");
        return Rescale(dividend.Id, dividend.TradeDate, dividend.Symbol, 1 + dividend.SharesPerShare, 1, dividend.CashInLieuPrice);
    }

    /// <summary>
    /// Multiplies every open lot's quantity by newShares / oldShares; each lot keeps its total basis, so its cost per
    /// share divides. Quantities are multiplied before they are divided: 1/3 as a decimal is 0.333…3, and 30 × 0.333…3
    /// would round down to 9.999999 shares instead of 10.
    /// </summary>
    private BookingResult Rescale(string transactionId, DateOnly date, string symbol, decimal newShares, decimal oldShares, decimal? cashInLieuPrice)
    {
        if (cashInLieuPrice is { } price) Quantities.RequireNonNegative(price, "cashInLieuPrice");
        var position = WritablePositionOf(symbol);
        if (position is null) return BookingResult.Empty;

        // Each lot rounds toward zero, but together they must not lose shares the position is entitled to: with 1:3,
        // three lots of 10 would make 3 × 3.333333 = 9.999999 instead of 10 (and cash in lieu would then sell 0.999999).
        // What the lots' roundings lose against the rounded total goes to the newest lot.
        var total = Quantities.RoundQuantity(position.Quantity * newShares / oldShares);
        var lots = position.Lots.ToList();
        var rescaled = lots.Select(lot => Quantities.RoundQuantity(lot.Quantity * newShares / oldShares)).ToList();
        rescaled[^1] += total - rescaled.Sum();
        for (var i = 0; i < lots.Count; i++)
            position.Replace(lots[i], lots[i] with { Quantity = rescaled[i] });

        PayCashInLieu(position, transactionId, date, cashInLieuPrice);
        RemoveIfEmpty(position);
        return BookingResult.Empty;
    }

    private BookingResult BookSpinOff(SpinOff spinOff)
    {
        RequireSymbol(spinOff.Symbol);
        RequireSymbol(spinOff.NewSymbol, "newSymbol");
        if (spinOff.NewSymbol == spinOff.Symbol)
            throw new LedgerRuleViolation("newSymbol", "a spin-off must create a different symbol");
        Quantities.RequirePositive(spinOff.SharesPerShare, "sharesPerShare");
        Quantities.RequirePositive(spinOff.ParentPrice, "parentPrice");
        Quantities.RequirePositive(spinOff.NewPrice, "newPrice");
        if (spinOff.CashInLieuPrice is { } cilPrice) Quantities.RequireNonNegative(cilPrice, "cashInLieuPrice");

        var parent = WritablePositionOf(spinOff.Symbol);
        if (parent is null) return BookingResult.Empty;

        var newValue = spinOff.SharesPerShare * spinOff.NewPrice;
        var opened = new List<TaxLot>();
        foreach (var lot in parent.Lots.ToList())
        {
            var quantity = Quantities.RoundQuantity(lot.Quantity * spinOff.SharesPerShare);
            if (quantity == 0) continue; // no new share received: the parent lot keeps all its basis
            var newBasis = Quantities.ProRata(lot.CostBasis, newValue, spinOff.ParentPrice + newValue);
            parent.Replace(lot, lot with { CostBasis = lot.CostBasis - newBasis });
            // The spun-off lot keeps the parent lot's holding period and sorts beside it.
            var child = new TaxLot($"{spinOff.Id}/{lot.Id}", spinOff.NewSymbol, quantity, newBasis, lot.AcquiredOn, lot.Sequence, LotOrigin.SpinOff, spinOff.TradeDate);
            GetOrAddPosition(spinOff.NewSymbol).Add(child);
            opened.Add(child);
        }

        var newPosition = WritablePositionOf(spinOff.NewSymbol);
        if (newPosition is not null)
        {
            PayCashInLieu(newPosition, spinOff.Id, spinOff.TradeDate, spinOff.CashInLieuPrice);
            RemoveIfEmpty(newPosition);
        }
        return BookingResult.Empty with { OpenedLots = opened };
    }

    /// <summary>
    /// When a corporate action leaves a fractional share and the issuer pays cash instead, the fraction is sold at the
    /// cash-in-lieu price: a realized piece taken from the oldest lots, like any sale.
    /// </summary>
    private void PayCashInLieu(Position position, string transactionId, DateOnly date, decimal? cashInLieuPrice)
    {
        if (cashInLieuPrice is not { } price) return;
        var fraction = position.Quantity - decimal.Floor(position.Quantity);
        if (fraction == 0) return;

        var picks = LotPicker.Pick(position, position.Symbol, fraction, Accounts.LotMethod.Fifo, null, null);
        RealizePicks(position, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(picks), transactionId, date, price, 0);
        AddCash(fraction * price);
    }
}
