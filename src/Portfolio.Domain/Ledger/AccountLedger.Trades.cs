using System.Runtime.InteropServices;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Lots;
using Portfolio.Domain.Transactions;

namespace Portfolio.Domain.Ledger;

public sealed partial class AccountLedger
{
    private BookingResult BookBuy(Buy buy)
    {
        RequireSymbol(buy.Symbol);
        Quantities.RequireQuantity(buy.Quantity, "quantity");
        Quantities.RequireNonNegative(buy.Price, "price");
        Quantities.RequireNonNegative(buy.Fee, "fee");

        var cost = buy.Quantity * buy.Price + buy.Fee;
        AddCash(-cost);
        return OpenPurchasedLot(buy.Id, buy.Symbol, buy.Quantity, cost, buy.TradeDate);
    }

    private BookingResult BookReinvestment(DividendReinvestment drip)
    {
        RequireSymbol(drip.Symbol);
        Quantities.RequireQuantity(drip.Quantity, "quantity");
        Quantities.RequirePositive(drip.Price, "price");

        var amount = drip.Quantity * drip.Price;
        income.Add(new IncomeEntry(drip.Id, drip.TradeDate, IncomeKind.ReinvestedDividend, amount, drip.Symbol));
        return OpenPurchasedLot(drip.Id, drip.Symbol, drip.Quantity, amount, drip.TradeDate);
    }

    private BookingResult OpenPurchasedLot(string id, string symbol, decimal quantity, decimal basis, DateOnly date)
    {
        var position = GetOrAddPosition(symbol);
        var lot = OpenLot(position, id, quantity, basis, date, LotOrigin.Purchase, date);
        if (!Settings.Type.AppliesWashSales()) return describing ? BookingResult.Empty with { OpenedLots = [lot] } : BookingResult.Empty;
        var opened = washSales.ReplaceEarlierLosses(position, lot, describing);
        return opened is null ? BookingResult.Empty : BookingResult.Empty with { OpenedLots = opened };
    }

    private BookingResult BookSell(Sell sell)
    {
        RequireSymbol(sell.Symbol);
        Quantities.RequireQuantity(sell.Quantity, "quantity");
        Quantities.RequireNonNegative(sell.Price, "price");
        Quantities.RequireNonNegative(sell.Fee, "fee");
        var gross = sell.Quantity * sell.Price;
        if (sell.Fee > gross)
            throw new LedgerRuleViolation("fee", $"the fee {sell.Fee} exceeds the proceeds {gross}");

        var method = MethodFor(sell.Method, sell.Lots);
        var position = WritablePositionOf(sell.Symbol);
        var picks = PickLots(position, sell.Symbol, sell.Quantity, method, sell.Lots);

        var firstPiece = RealizedCount;
        RealizePicks(position!, CollectionsMarshal.AsSpan(picks), sell.Id, sell.TradeDate, sell.Price, sell.Fee);
        AddCash(gross - sell.Fee);
        if (Settings.Type.AppliesWashSales())
            washSales.MatchNewLosses(position, sell.Symbol, firstPiece);
        RemoveIfEmpty(position!);
        return BookingResult.Empty;
    }

    /// <summary>Closes the picked lots at a price, sharing a fee pro rata by quantity (the last piece takes the remainder).</summary>
    private void RealizePicks(Position position, ReadOnlySpan<LotPick> picks, string transactionId, DateOnly soldOn, decimal price, decimal fee)
    {
        decimal total = 0;
        for (var i = 0; i < picks.Length; i++) total += picks[i].Quantity;
        // The last piece takes what is left of the net proceeds (not only of the fee): a pro-rata fee such as 10/3
        // has 28 decimals, and price × quantity − fee then rounds in decimal's last digit, so the pieces would not add
        // up to the cash the sale received.
        var proceedsLeft = total * price - fee;
        for (var i = 0; i < picks.Length; i++)
        {
            ref readonly var pick = ref picks[i];
            var proceeds = i == picks.Length - 1 ? proceedsLeft : pick.Quantity * price - Quantities.RoundAmount(fee * pick.Quantity / total);
            proceedsLeft -= proceeds;
            // A partial pick's basis is a division: worked out once for the piece and the lot left behind.
            var basis = pick.CostBasis;
            realized.Add(new RealizedLot(
                transactionId, pick.Lot.Id, position.Symbol, pick.Quantity, pick.Lot.AcquiredOn, soldOn,
                proceeds, basis, HoldingPeriod.TermOf(pick.Lot.AcquiredOn, soldOn)));
            Consume(position, pick, basis);
        }
    }

    private LotMethod MethodFor(LotMethod? requested, IReadOnlyList<LotSelection>? selections) =>
        requested ?? (selections is { Count: > 0 } ? LotMethod.SpecificId : Settings.LotMethod);

    /// <summary>Average cost first restates every lot of the position at the average cost per share, then closes oldest first.</summary>
    private List<LotPick> PickLots(
        Position? position, string symbol, decimal quantity, LotMethod method, IReadOnlyList<LotSelection>? selections)
    {
        var picked = LotPicker.Pick(position, symbol, quantity, method, selections, picks);
        if (method != LotMethod.AverageCost || position is null) return picked;
        AverageBasis(position);
        return LotPicker.Pick(position, symbol, quantity, LotMethod.Fifo, null, picks);
    }

    private static void AverageBasis(Position position)
    {
        var totalBasis = position.CostBasis;
        var totalQuantity = position.Quantity;
        var basisLeft = totalBasis;
        // A lot whose basis changes keeps its place in the position, so the lots can be walked while they are replaced.
        var count = position.Lots.Count;
        for (var i = 0; i < count; i++)
        {
            var lot = position.LotSpan[i];
            var basis = i == count - 1 ? basisLeft : Quantities.RoundAmount(totalBasis * lot.Quantity / totalQuantity);
            basisLeft -= basis;
            position.ReplaceAt(i, lot with { CostBasis = basis });
        }
    }
}
