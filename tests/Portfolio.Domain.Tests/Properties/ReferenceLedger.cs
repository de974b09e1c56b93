using Portfolio.Domain.Accounts;
using Portfolio.Domain.Lots;
using Portfolio.Domain.Transactions;

namespace Portfolio.Domain.Tests.Properties;

/// <summary>
/// A naive reference implementation of lot accounting, written for the tests and sharing no code with AccountLedger:
/// one flat list of lots, a stable sort of the whole log by date, and a plain loop per lot method. It books buys, sells,
/// transfers in and out, dividends, deposits, withdrawals, fees and interest, and says which log it refuses. It knows
/// nothing of wash sales and corporate actions (covered by hand-worked tests); it follows the documented conventions:
/// a partial lot's basis is basis × taken / held rounded to 10 places, a whole lot takes its whole basis; a sale's fee is
/// shared by quantity (rounded to 10 places) and the last piece takes what is left of the net proceeds; average cost
/// restates every lot at the average (the last lot takes the remainder) and then closes oldest first.
/// </summary>
public sealed class ReferenceLedger
{
    public sealed record Lot(string Id, string Symbol, decimal Quantity, decimal Basis, DateOnly AcquiredOn, int Sequence);

    public sealed record Piece(string SaleId, string LotId, string Symbol, decimal Quantity, decimal Proceeds, decimal Basis, Term Term);

    public List<Lot> Lots { get; } = [];
    public List<Piece> Realized { get; } = [];
    public decimal Cash { get; private set; }

    private readonly AccountSettings settings;
    private int sequence;

    private ReferenceLedger(AccountSettings settings) => this.settings = settings;

    /// <summary>The state after booking <paramref name="log"/> in date order (a date's entries in recorded order), or null when any entry is refused.</summary>
    public static ReferenceLedger? Book(AccountSettings settings, IReadOnlyList<Transaction> log)
    {
        var ordered = new List<Transaction>();
        foreach (var transaction in log)
        {
            var at = ordered.Count;
            while (at > 0 && ordered[at - 1].TradeDate > transaction.TradeDate) at--;
            ordered.Insert(at, transaction);
        }
        var model = new ReferenceLedger(settings);
        var ids = new HashSet<string>();
        foreach (var transaction in ordered)
            if (!ids.Add(transaction.Id) || !model.Book(transaction)) return null;
        return model;
    }

    public decimal QuantityOf(string symbol) => Lots.Where(l => l.Symbol == symbol).Sum(l => l.Quantity);

    /// <summary>The lots of a symbol in holding-period order: acquired date, then the order they were opened.</summary>
    public List<Lot> HoldingOrder(string symbol) =>
        Lots.Where(l => l.Symbol == symbol).OrderBy(l => l.AcquiredOn).ThenBy(l => l.Sequence).ToList();

    private bool Book(Transaction transaction)
    {
        switch (transaction)
        {
            case Buy buy:
                Open(buy.Id, buy.Symbol, buy.Quantity, buy.Quantity * buy.Price + buy.Fee, buy.TradeDate);
                Move(-(buy.Quantity * buy.Price + buy.Fee));
                return true;
            case Sell sell:
                if (sell.Fee > sell.Quantity * sell.Price) return false;
                var sold = Take(sell.Symbol, sell.Quantity, sell.Method, sell.Lots);
                if (sold is null) return false;
                var netLeft = sell.Quantity * sell.Price - sell.Fee;
                for (var i = 0; i < sold.Count; i++)
                {
                    var (lot, quantity, basis) = sold[i];
                    var proceeds = i == sold.Count - 1 ? netLeft : quantity * sell.Price - Round(sell.Fee * quantity / sell.Quantity);
                    netLeft -= proceeds;
                    var term = sell.TradeDate > lot.AcquiredOn.AddYears(1) ? Term.LongTerm : Term.ShortTerm;
                    Realized.Add(new Piece(sell.Id, lot.Id, sell.Symbol, quantity, proceeds, basis, term));
                }
                Move(sell.Quantity * sell.Price - sell.Fee);
                return true;
            case TransferIn transfer:
                if (transfer.Lots.Any(l => l.AcquiredOn > transfer.TradeDate)) return false;
                for (var i = 0; i < transfer.Lots.Count; i++)
                    Open($"{transfer.Id}/{i}", transfer.Symbol, transfer.Lots[i].Quantity, transfer.Lots[i].CostBasis, transfer.Lots[i].AcquiredOn);
                return true;
            case TransferOut transfer:
                return Take(transfer.Symbol, transfer.Quantity, transfer.Method, transfer.Lots) is not null;
            case Deposit deposit: Move(deposit.Amount); return true;
            case Withdrawal withdrawal: Move(-withdrawal.Amount); return true;
            case AccountFee fee: Move(-fee.Amount); return true;
            case Interest interest: Move(interest.Amount); return true;
            case CashDividend dividend: Move(dividend.Amount); return true;
            default: throw new NotSupportedException(transaction.GetType().Name);
        }
    }

    private void Open(string id, string symbol, decimal quantity, decimal basis, DateOnly acquiredOn)
    {
        Lots.Add(new Lot(id, symbol, quantity, basis, acquiredOn, sequence++));
    }

    private void Move(decimal amount)
    {
        if (settings.TracksCash) Cash += amount;
    }

    private static decimal Round(decimal amount) => Math.Round(amount, 10, MidpointRounding.ToEven);

    /// <summary>Removes <paramref name="quantity"/> shares chosen by the method; null (nothing changed) when the disposal is refused.</summary>
    private List<(Lot Lot, decimal Quantity, decimal Basis)>? Take(string symbol, decimal quantity, LotMethod? requested, IReadOnlyList<LotSelection>? named)
    {
        var method = requested ?? (named is { Count: > 0 } ? LotMethod.SpecificId : settings.LotMethod);
        if (quantity > QuantityOf(symbol)) return null;
        var order = HoldingOrder(symbol);
        List<(Lot Lot, decimal Quantity)> wanted = [];
        if (method == LotMethod.SpecificId)
        {
            if (named is null || named.Count == 0 || named.Select(n => n.LotId).Distinct().Count() != named.Count) return null;
            foreach (var selection in named)
            {
                var lot = order.FirstOrDefault(l => l.Id == selection.LotId);
                if (lot is null || selection.Quantity > lot.Quantity) return null;
                wanted.Add((lot, selection.Quantity));
            }
            if (named.Sum(n => n.Quantity) != quantity) return null;
        }
        else
        {
            if (method == LotMethod.AverageCost)
            {
                var total = order.Sum(l => l.Basis);
                var held = order.Sum(l => l.Quantity);
                var left = total;
                for (var i = 0; i < order.Count; i++)
                {
                    var basis = i == order.Count - 1 ? left : Round(total * order[i].Quantity / held);
                    left -= basis;
                    Replace(order[i], order[i] with { Basis = basis });
                    order[i] = order[i] with { Basis = basis };
                }
            }
            var queue = method switch
            {
                LotMethod.Lifo => Enumerable.Reverse(order).ToList(),
                // Highest cost per share first; equal costs keep holding-period order.
                LotMethod.Hifo => order.Select((l, i) => (l, i)).OrderByDescending(x => x.l.Basis / x.l.Quantity).ThenBy(x => x.i).Select(x => x.l).ToList(),
                _ => order,
            };
            var remaining = quantity;
            foreach (var lot in queue)
            {
                if (remaining == 0) break;
                var take = Math.Min(lot.Quantity, remaining);
                wanted.Add((lot, take));
                remaining -= take;
            }
        }

        var taken = new List<(Lot, decimal, decimal)>();
        foreach (var (lot, take) in wanted)
        {
            var current = Lots.Single(l => l.Id == lot.Id);
            var basis = take == current.Quantity ? current.Basis : Round(current.Basis * take / current.Quantity);
            if (take == current.Quantity) Lots.Remove(current);
            else Replace(current, current with { Quantity = current.Quantity - take, Basis = current.Basis - basis });
            taken.Add((current, take, basis));
        }
        return taken;
    }

    private void Replace(Lot old, Lot updated) => Lots[Lots.FindIndex(l => l.Id == old.Id)] = updated;
}
