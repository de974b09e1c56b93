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
        return Rescale(split.Id, split.TradeDate, split.Symbol, split.NewShares / split.OldShares, split.CashInLieuPrice);
    }

    /// <summary>A stock dividend of r shares per share is a (1 + r):1 split for basis purposes.</summary>
    private BookingResult BookStockDividend(StockDividend dividend)
    {
        RequireSymbol(dividend.Symbol);
        Quantities.RequirePositive(dividend.SharesPerShare, "sharesPerShare");
        return Rescale(dividend.Id, dividend.TradeDate, dividend.Symbol, 1 + dividend.SharesPerShare, dividend.CashInLieuPrice);
    }

    /// <summary>Multiplies every open lot's quantity; each lot keeps its total basis, so its cost per share divides.</summary>
    private BookingResult Rescale(string transactionId, DateOnly date, string symbol, decimal ratio, decimal? cashInLieuPrice)
    {
        if (cashInLieuPrice is { } price) Quantities.RequireNonNegative(price, "cashInLieuPrice");
        var position = PositionOf(symbol);
        if (position is null) return BookingResult.Empty;

        foreach (var lot in position.Lots.ToList())
            position.Replace(lot, lot with { Quantity = Quantities.RoundQuantity(lot.Quantity * ratio) });

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

        var parent = PositionOf(spinOff.Symbol);
        if (parent is null) return BookingResult.Empty;

        var newValue = spinOff.SharesPerShare * spinOff.NewPrice;
        var opened = new List<TaxLot>();
        foreach (var lot in parent.Lots.ToList())
        {
            var quantity = Quantities.RoundQuantity(lot.Quantity * spinOff.SharesPerShare);
            if (quantity == 0) continue; // no new share received: the parent lot keeps all its basis
            var newBasis = Quantities.RoundAmount(lot.CostBasis * newValue / (spinOff.ParentPrice + newValue));
            parent.Replace(lot, lot with { CostBasis = lot.CostBasis - newBasis });
            // The spun-off lot keeps the parent lot's holding period and sorts beside it.
            var child = new TaxLot($"{spinOff.Id}/{lot.Id}", spinOff.NewSymbol, quantity, newBasis, lot.AcquiredOn, lot.Sequence, LotOrigin.SpinOff, spinOff.TradeDate);
            GetOrAddPosition(spinOff.NewSymbol).Add(child);
            opened.Add(child);
        }

        var newPosition = PositionOf(spinOff.NewSymbol);
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

        var picks = LotPicker.Pick(position, position.Symbol, fraction, Accounts.LotMethod.Fifo, null);
        RealizePicks(position, picks, transactionId, date, price, 0);
        AddCash(fraction * price);
    }
}
