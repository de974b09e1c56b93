using System.Runtime.InteropServices;
using Portfolio.Domain.Lots;

namespace Portfolio.Domain.Ledger;

public sealed partial class AccountLedger
{
    /// <summary>
    /// The wash-sale rule (IRC §1091, IRS Pub. 550) for taxable accounts. A sale at a loss is washed by shares of the
    /// same symbol bought within 30 days before or after it. Each replacement share washes one sold share, so a smaller
    /// replacement disallows the loss pro rata by quantity. The disallowed loss is added to the replacement's basis, and
    /// the replacement's holding period includes the sold shares' holding period: its acquisition date moves back by the
    /// number of days the sold shares were held. The washed part of a replacement lot becomes its own lot (id
    /// "{lot}.w{n}") so that it cannot wash a second loss.
    /// </summary>
    private sealed class WashSales(AccountLedger ledger)
    {
        private const int WindowDays = 30;
        private readonly Dictionary<string, List<PendingLoss>> pending = new(StringComparer.Ordinal);
        // Reused by every loss piece for its replacement candidates (a ledger is built by one thread).
        private readonly List<TaxLot> candidates = [];
        private int splits;

        /// <summary>
        /// A loss piece with shares not yet matched to a replacement. Its sale date is kept beside it: every purchase of
        /// the symbol drops the losses sold before its window, and reading the date from the piece would be a cache miss
        /// into the realized history for each of them.
        /// </summary>
        private struct PendingLoss(int realizedIndex, DateOnly soldOn, decimal unmatched)
        {
            public readonly int RealizedIndex = realizedIndex;
            public readonly DateOnly SoldOn = soldOn;
            public decimal Unmatched = unmatched;
        }

        /// <summary>After a sale: match its loss pieces to shares bought in the 30 days before; keep the rest pending.</summary>
        public void MatchNewLosses(Position? position, string symbol, int firstPiece)
        {
            for (var index = firstPiece; index < ledger.RealizedCount; index++)
            {
                var piece = ledger.RealizedAt(index);
                if (piece.Gain >= 0) continue;
                var loss = new PendingLoss(index, piece.SoldOn, piece.Quantity);
                if (position is not null)
                {
                    var earliest = piece.SoldOn.AddDaysWithinCalendar(-WindowDays);
                    // The rest of the lot the loss came from was bought with the sold shares, not to replace them (Rev. Rul. 56-602).
                    FindCandidates(position, piece.LotId, earliest, piece.SoldOn);
                    // The piece is rewritten once with what all its replacements disallowed, not once per replacement.
                    var disallowed = piece.WashSaleDisallowed;
                    for (var i = 0; i < candidates.Count && loss.Unmatched > 0; i++)
                        Wash(position, candidates[i], piece, ref loss, ref disallowed);
                    if (candidates.Count > 0) ledger.SetRealized(index, piece with { WashSaleDisallowed = disallowed });
                    candidates.Clear();
                }
                if (loss.Unmatched > 0) PendingFor(symbol).Add(loss);
            }
        }

        /// <summary>
        /// Fills <see cref="candidates"/> with the purchased lots other than <paramref name="soldLotId"/> opened in
        /// [earliest, latest], ordered by opening date then sequence. A purchased lot is acquired the day it is opened
        /// (only a wash sale moves a lot's acquisition date, and that makes it a replacement), so these lots are among
        /// those acquired in the window, already in that order in the position: the search costs the lots of the
        /// window, not every open lot.
        /// </summary>
        private void FindCandidates(Position position, string soldLotId, DateOnly earliest, DateOnly latest)
        {
            var lots = position.LotSpan;
            for (var i = position.FirstAcquiredOnOrAfter(earliest); i < lots.Length; i++)
            {
                ref readonly var lot = ref lots[i];
                if (lot.AcquiredOn > latest) break;
                if (!lot.CanReplaceWashSale || lot.Id == soldLotId || lot.OpenedOn < earliest || lot.OpenedOn > latest) continue;
                candidates.Add(lot);
            }
        }

        /// <summary>
        /// After a purchase: let the new lot replace losses realized in the 30 days before it. Returns the lots it
        /// became when <paramref name="describe"/> is set, otherwise null.
        /// </summary>
        public IReadOnlyList<TaxLot>? ReplaceEarlierLosses(Position position, TaxLot lot, bool describe)
        {
            if (!pending.TryGetValue(lot.Symbol, out var losses) || losses.Count == 0) return describe ? [lot] : null;
            var earliest = lot.OpenedOn.AddDaysWithinCalendar(-WindowDays);
            DropSoldBefore(losses, earliest);
            var result = describe ? new List<TaxLot>() : null;
            if (losses.Count == 0)
            {
                result?.Add(lot);
                return result;
            }

            var current = lot;
            var open = true;
            var span = CollectionsMarshal.AsSpan(losses);
            for (var i = 0; i < span.Length && open; i++)
            {
                ref var loss = ref span[i];
                var piece = ledger.RealizedAt(loss.RealizedIndex);
                var disallowed = piece.WashSaleDisallowed;
                var (washed, remainder) = Wash(position, current, piece, ref loss, ref disallowed);
                ledger.SetRealized(loss.RealizedIndex, piece with { WashSaleDisallowed = disallowed });
                result?.Add(washed);
                open = remainder.HasValue;
                if (open) current = remainder.GetValueOrDefault();
            }
            losses.RemoveAll(l => l.Unmatched == 0);
            if (open) result?.Add(current);
            return result;
        }

        /// <summary>Losses sold before the window of a new purchase can no longer be washed by any later one.</summary>
        private void DropSoldBefore(List<PendingLoss> losses, DateOnly earliest)
        {
            var kept = 0;
            for (var i = 0; i < losses.Count; i++)
                if (losses[i].SoldOn >= earliest) losses[kept++] = losses[i];
            losses.RemoveRange(kept, losses.Count - kept);
        }

        /// <summary>
        /// Washes the loss <paramref name="piece"/> with (part of) <paramref name="replacement"/>: adds what it disallows to
        /// <paramref name="disallowedSoFar"/>, which the caller writes into the piece.
        /// </summary>
        private (TaxLot Washed, TaxLot? Remainder) Wash(
            Position position, TaxLot replacement, RealizedLot piece, ref PendingLoss loss, ref decimal disallowedSoFar)
        {
            var quantity = Math.Min(loss.Unmatched, replacement.Quantity);
            var totalLoss = -piece.Gain;
            loss.Unmatched -= quantity;
            var disallowed = loss.Unmatched == 0
                ? totalLoss - disallowedSoFar
                : Quantities.RoundAmount(totalLoss * quantity / piece.Quantity);
            disallowedSoFar += disallowed;

            var heldDays = piece.SoldOn.DayNumber - piece.AcquiredOn.DayNumber;
            var basis = new LotPick(replacement, quantity).CostBasis;
            var washed = replacement with
            {
                Id = quantity == replacement.Quantity ? replacement.Id : $"{replacement.Id}.w{++splits}",
                Quantity = quantity,
                CostBasis = basis + disallowed,
                AcquiredOn = replacement.AcquiredOn.AddDaysWithinCalendar(-heldDays),
                Origin = LotOrigin.WashSaleReplacement,
            };

            if (quantity == replacement.Quantity)
            {
                position.Replace(replacement, washed);
                return (washed, null);
            }
            var rest = replacement with { Quantity = replacement.Quantity - quantity, CostBasis = replacement.CostBasis - basis };
            position.Replace(replacement, rest);
            position.Add(washed);
            return (washed, rest);
        }

        /// <summary>
        /// The pending losses for a new version of the ledger. Losses sold more than 30 days before the last booked date
        /// can no longer be washed (later purchases open on or after that date), so they are left behind.
        /// </summary>
        public WashSales CopyFor(AccountLedger next)
        {
            var copy = new WashSales(next) { splits = splits };
            // A date within the window's length of 0001-01-01 has no earlier window start: every pending loss is kept.
            var earliest = ledger.LastTradeDate is { } last && last.DayNumber > WindowDays ? last.AddDays(-WindowDays) : (DateOnly?)null;
            foreach (var (symbol, losses) in pending)
            {
                List<PendingLoss>? kept = null;
                foreach (var loss in losses)
                {
                    if (earliest is { } e && loss.SoldOn < e) continue;
                    (kept ??= []).Add(new PendingLoss(loss.RealizedIndex, loss.SoldOn, loss.Unmatched));
                }
                if (kept is not null) copy.pending.Add(symbol, kept);
            }
            return copy;
        }

        public int Splits => splits;

        /// <summary>The index of the earliest realized piece a later booking may still change (a pending loss's), or null.</summary>
        public int? EarliestPendingPiece => pending.Count == 0 ? null : pending.Values.SelectMany(l => l).Min(l => (int?)l.RealizedIndex);

        public IEnumerable<PendingWashLoss> Pending =>
            pending.SelectMany(kv => kv.Value.Select(l => new PendingWashLoss(kv.Key, l.RealizedIndex, l.Unmatched)));

        public void Restore(int splitCount, IEnumerable<PendingWashLoss> losses)
        {
            splits = splitCount;
            foreach (var loss in losses)
                PendingFor(loss.Symbol).Add(new PendingLoss(loss.RealizedIndex, ledger.RealizedAt(loss.RealizedIndex).SoldOn, loss.Unmatched));
        }

        private List<PendingLoss> PendingFor(string symbol)
        {
            if (!pending.TryGetValue(symbol, out var list))
            {
                list = [];
                pending.Add(symbol, list);
            }
            return list;
        }
    }
}
