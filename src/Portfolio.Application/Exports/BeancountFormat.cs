using System.Globalization;
using System.Text;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Lots;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Exports;

/// <summary>A price to write as a Beancount <c>price</c> directive (the latest quote of a held symbol).</summary>
public sealed record BeancountPrice(string Symbol, DateOnly Date, decimal Price);

/// <summary>
/// An account as a Beancount 2 ledger, written transaction by transaction while the log is replayed, so that every lot
/// carries our lot id as its Beancount label, its basis (fees included) as its total cost and its holding-period date as
/// its cost date.
/// <list type="bullet">
/// <item>FIFO and LIFO accounts open their holdings with Beancount's "FIFO"/"LIFO" booking and write a sale as
/// <c>-q SYM {} @ price</c>: Beancount chooses the lots and interpolates the gain itself, which is what the cross-check
/// compares. Where Beancount's choice would differ by rule rather than by mistake (LIFO among lots of one date, which
/// Beancount takes in file order; FIFO in a taxable account, whose wash-sale lots are re-entered), the sale names its
/// lots instead.</item>
/// <item>HIFO, average-cost and specific-identification accounts open with "STRICT" booking (Beancount 2 has no HIFO,
/// and its AVERAGE is not implemented), and every reduction names its lot: <c>{date, "lot-id"}</c>.</item>
/// <item>A buy's fee is in the lot's cost; a sale's fee reduces its proceeds (Form 8949 column (d)) and is noted as
/// <c>fee</c> metadata, so Beancount's gain is the gain we report.</item>
/// <item>A split, stock dividend or spin-off closes the lots it changes at their cost and reopens them with the new
/// quantities, same date and label, as Beancount users book them; cash in lieu is a sale.</item>
/// <item>Beancount has no wash-sale rule: a disallowed loss moves into the replacement lot's cost as we move it, booked
/// against <c>Income:{account}:WashSales</c>, so <c>Income:…:Gains</c> holds the economic gain of each sale and
/// Gains + WashSales the gain recognized for tax.</item>
/// </list>
/// </summary>
public static class BeancountFormat
{
    private const string Indent = "  ";

    /// <summary>The ledger in pieces (the header, then one piece per transaction, then the latest prices), to be streamed.</summary>
    public static IEnumerable<string> Write(
        string accountName, AccountSettings settings, IReadOnlyList<Transaction> bookingOrder, IReadOnlyList<BeancountPrice> latestPrices)
    {
        var names = new BeancountNames(accountName, SymbolsOf(bookingOrder).Concat(latestPrices.Select(p => p.Symbol)));
        var writer = new Writer(names, settings);
        yield return writer.Header(bookingOrder);
        var replay = new LedgerReplay(settings);
        foreach (var transaction in bookingOrder)
            yield return writer.Transaction(replay, transaction);
        yield return writer.Prices(latestPrices);
    }

    private static IEnumerable<string> SymbolsOf(IEnumerable<Transaction> log)
    {
        foreach (var t in log)
            switch (t)
            {
                case Buy b: yield return b.Symbol; break;
                case DividendReinvestment r: yield return r.Symbol; break;
                case TransferIn i: yield return i.Symbol; break;
                case SpinOff s: yield return s.Symbol; yield return s.NewSymbol; break;
            }
    }

    private sealed class Writer(BeancountNames names, AccountSettings settings)
    {
        private readonly string cash = settings.TracksCash ? $"Assets:{names.Root}:Cash" : $"Equity:{names.Root}:External";
        private readonly string gains = $"Income:{names.Root}:Gains";
        private readonly string washSales = $"Income:{names.Root}:WashSales";
        private readonly string dividends = $"Income:{names.Root}:Dividends";
        private readonly string interest = $"Income:{names.Root}:Interest";
        private readonly string fees = $"Expenses:{names.Root}:Fees";
        private readonly string transfers = $"Equity:{names.Root}:Transfers";
        private readonly string rounding = $"Equity:{names.Root}:Rounding";
        private readonly string currency = settings.Currency.ToUpperInvariant();
        private readonly HashSet<(string, DateOnly)> pricesWritten = [];
        private readonly StringBuilder text = new();

        public string Header(IReadOnlyList<Transaction> log)
        {
            text.Clear();
            text.Append($"option \"title\" {Quote(names.Root)}\n");
            text.Append($"option \"operating_currency\" \"{currency}\"\n");
            // A lot sold in pieces has a remaining cost that Beancount works out per unit (28 digits) and we keep to 10
            // decimal places, so a split that closes and reopens it balances only to about 1e-10.
            text.Append($"option \"inferred_tolerance_default\" \"{currency}:0.0000000001\"\n\n");
            var opened = log.Count > 0 ? log[0].TradeDate : new DateOnly(1900, 1, 1);
            foreach (var (symbol, commodity) in names.Commodities)
                text.Append($"{Date(opened)} commodity {commodity}\n{Indent}symbol: {Quote(symbol)}\n");
            text.Append('\n');
            var booking = settings.LotMethod switch { LotMethod.Fifo => "FIFO", LotMethod.Lifo => "LIFO", _ => "STRICT" };
            foreach (var account in new[] { cash, gains, washSales, dividends, interest, fees, transfers, rounding })
                text.Append($"{Date(opened)} open {account} {currency}\n");
            foreach (var (symbol, commodity) in names.Commodities)
                text.Append($"{Date(opened)} open {names.Holding(symbol)} {commodity} \"{booking}\"\n");
            text.Append('\n');
            return text.ToString();
        }

        public string Prices(IReadOnlyList<BeancountPrice> latest)
        {
            text.Clear();
            foreach (var price in latest.OrderBy(p => p.Symbol, StringComparer.Ordinal)) Price(price.Symbol, price.Date, price.Price);
            return text.ToString();
        }

        public string Transaction(LedgerReplay replay, Transaction t)
        {
            text.Clear();
            var symbols = Touched(t);
            var before = symbols.Select(s => replay.Current.PositionOf(s)?.Lots.ToArray() ?? []).ToArray();
            var firstPiece = replay.Current.Realized.Count;
            replay.Book(t);
            var realized = replay.Current.Realized;
            var pieces = new List<RealizedLot>(realized.Count - firstPiece);
            for (var i = firstPiece; i < realized.Count; i++) pieces.Add(realized[i]);

            text.Append($"{Date(t.TradeDate)} * {Quote(Narration(t))}\n{Indent}id: {Quote(t.Id)}\n");
            if (t is Sell { Fee: > 0 } sell) text.Append($"{Indent}fee: {Number(sell.Fee)} {currency}\n");

            decimal basisChange = 0;
            closedByLabel = false;
            var auto = AutoBooked(t, pieces, before);
            if (auto && t is Sell sale)
                Posting(names.Holding(sale.Symbol), $"{Number(-sale.Quantity)} {names.Commodity(sale.Symbol)} {{}} @ {Number(sale.Price)} {currency}");
            for (var i = 0; i < symbols.Length; i++)
                basisChange += LotChanges(symbols[i], before[i], replay.Current.PositionOf(symbols[i])?.Lots ?? [], pieces, auto, t);

            var piecesBasis = pieces.Sum(p => p.CostBasis);
            var proceeds = pieces.Sum(p => p.Proceeds);
            var washSale = basisChange + piecesBasis - OwnBasis(t, basisChange);
            // Beancount rounds the gain it interpolates to the fewest decimals among the transaction's amounts: write
            // them all with as many as our gain has (at least cents), so Beancount keeps every digit of it.
            places = pieces.Count == 0 ? 0 : new[] { 2, Places(pieces.Sum(p => p.Gain)), Places(proceeds), Places(washSale) }.Max();
            Flows(t, proceeds, basisChange);
            if (washSale != 0) Amount(washSales, -washSale);
            if (pieces.Count > 0) text.Append($"{Indent}{gains}\n");
            // A lot closed by label leaves Beancount's inventory at Beancount's cost (units × its cost per unit), which
            // differs from our basis in the 10th decimal once the lot was sold in pieces: the difference goes here.
            else if (closedByLabel) text.Append($"{Indent}{rounding}\n");
            text.Append('\n');
            switch (t)
            {
                case Buy b: Price(b.Symbol, b.TradeDate, b.Price); break;
                case Sell s: Price(s.Symbol, s.TradeDate, s.Price); break;
                case DividendReinvestment r: Price(r.Symbol, r.TradeDate, r.Price); break;
            }
            return text.ToString();
        }

        /// <summary>The basis <paramref name="t"/> brings in (or takes out) by itself, before any wash-sale adjustment.</summary>
        private static decimal OwnBasis(Transaction t, decimal basisChange) => t switch
        {
            Buy b => b.Quantity * b.Price + b.Fee,
            DividendReinvestment r => r.Quantity * r.Price,
            TransferIn or TransferOut => basisChange,
            _ => 0,
        };

        /// <summary>Writes the cash, income and transfer postings of <paramref name="t"/>.</summary>
        private void Flows(Transaction t, decimal proceeds, decimal basisChange)
        {
            switch (t)
            {
                case Buy b: Amount(cash, -(b.Quantity * b.Price + b.Fee)); break;
                case DividendReinvestment r: Amount(dividends, -(r.Quantity * r.Price)); break;
                case CashDividend d: Amount(cash, d.Amount); Amount(dividends, -d.Amount); break;
                case Deposit d: Amount(cash, d.Amount); Amount(transfers, -d.Amount); break;
                case Withdrawal w: Amount(cash, -w.Amount); Amount(transfers, w.Amount); break;
                case AccountFee f: Amount(cash, -f.Amount); Amount(fees, f.Amount); break;
                case Interest i: Amount(cash, i.Amount); Amount(interest, -i.Amount); break;
                case TransferIn or TransferOut:
                    if (basisChange != 0) Amount(transfers, -basisChange);
                    break;
                default: // sales and cash in lieu
                    if (places > 0) Amount(cash, proceeds);
                    break;
            }
        }

        /// <summary>
        /// A sale Beancount can book by the account's own method: FIFO or LIFO, no per-sale override, every piece a plain
        /// reduction, and no tie in dates that Beancount would break differently (see the type's remarks).
        /// </summary>
        private bool AutoBooked(Transaction t, List<RealizedLot> pieces, TaxLot[][] before)
        {
            if (t is not Sell { Method: null, Lots: null or { Count: 0 } } || pieces.Count == 0) return false;
            if (settings.LotMethod is not (LotMethod.Fifo or LotMethod.Lifo)) return false;
            if (settings.LotMethod == LotMethod.Fifo && !settings.Type.AppliesWashSales()) return true;
            var held = before[0];
            foreach (var piece in pieces)
            {
                var date = held.First(l => l.Id == piece.LotId).AcquiredOn;
                if (held.Count(l => l.AcquiredOn == date) > 1) return false;
            }
            return true;
        }

        /// <summary>
        /// Writes the postings that take one symbol's lots from <paramref name="before"/> to <paramref name="after"/>:
        /// a reduction per realized piece (unless the sale is <paramref name="auto"/>-booked), and for a lot changed in
        /// any other way, its remaining shares closed and its new state reopened. Returns the change in total basis.
        /// </summary>
        private decimal LotChanges(string symbol, TaxLot[] before, IReadOnlyList<TaxLot> after, List<RealizedLot> pieces, bool auto, Transaction t)
        {
            // A lot the transaction did not touch is equal before and after (a lot is a value), and the lists keep their order:
            // only the window between the common head and the common tail can differ (a buy adds at the end, FIFO
            // closes at the front), so the cost follows the lots changed, not the lots held.
            var head = 0;
            while (head < before.Length && head < after.Count && before[head].Equals(after[head])) head++;
            var tail = 0;
            while (tail < before.Length - head && tail < after.Count - head && before[^(tail + 1)].Equals(after[after.Count - 1 - tail])) tail++;
            before = before[head..^tail];
            after = after.Skip(head).Take(after.Count - head - tail).ToList();
            var wasThere = new HashSet<TaxLot>(before);
            var stillThere = new HashSet<TaxLot>(after);
            var changed = new Dictionary<string, TaxLot>(StringComparer.Ordinal);
            foreach (var lot in after)
                if (!wasThere.Contains(lot)) changed[lot.Id] = lot;
            var settled = new HashSet<string>(StringComparer.Ordinal);
            var price = (t as Sell)?.Price;
            decimal change = 0;
            foreach (var lot in before)
            {
                if (stillThere.Contains(lot)) continue;
                decimal soldQuantity = 0, soldBasis = 0;
                foreach (var piece in pieces)
                    if (piece.LotId == lot.Id && piece.Symbol == symbol) { soldQuantity += piece.Quantity; soldBasis += piece.CostBasis; }
                var isNow = changed.TryGetValue(lot.Id, out var now);
                var onlySold = !isNow
                    ? soldQuantity == lot.Quantity
                    : now.Quantity == lot.Quantity - soldQuantity && now.CostBasis == lot.CostBasis - soldBasis && now.AcquiredOn == lot.AcquiredOn;
                // Cash in lieu of a split, stock dividend or spin-off sells a fraction counted in the new shares, not in the
                // lot's own (half a share split 3 for 1 pays 0.5 of 1.5): such a lot is closed whole and reopened below.
                var sale = t is Sell;
                if (soldQuantity > 0 && !auto && (sale || onlySold)) Reduce(symbol, lot, soldQuantity, price);
                change -= lot.CostBasis;
                if (onlySold)
                {
                    if (isNow) { change += now.CostBasis; settled.Add(now.Id); }
                    continue;
                }
                var rest = sale ? lot.Quantity - soldQuantity : lot.Quantity;
                if (rest > 0) Reduce(symbol, lot, rest, null);
            }
            foreach (var lot in after)
            {
                if (wasThere.Contains(lot) || settled.Contains(lot.Id)) continue;
                Posting(names.Holding(symbol),
                    $"{Number(lot.Quantity)} {names.Commodity(symbol)} {{{{{Number(lot.CostBasis)} {currency}, {Date(lot.AcquiredOn)}, {Quote(lot.Id)}}}}}");
                change += lot.CostBasis;
            }
            return change;
        }

        private bool closedByLabel;

        private void Reduce(string symbol, TaxLot lot, decimal quantity, decimal? price)
        {
            closedByLabel = true;
            Posting(names.Holding(symbol), $"{Number(-quantity)} {names.Commodity(symbol)} {{{Date(lot.AcquiredOn)}, {Quote(lot.Id)}}}"
                + (price is { } p ? $" @ {Number(p)} {currency}" : ""));
        }

        private void Posting(string account, string amount) => text.Append(Indent).Append(account).Append(Indent).Append(amount).Append('\n');

        /// <summary>Decimals every amount of the current transaction is written with; 0: as many as each has.</summary>
        private int places;

        private void Amount(string account, decimal amount) =>
            Posting(account, $"{(places > 0 ? Fixed(amount, places) : Number(amount))} {currency}");

        private void Price(string symbol, DateOnly date, decimal price)
        {
            if (pricesWritten.Add((symbol, date)))
                text.Append($"{Date(date)} price {names.Commodity(symbol)} {Number(price)} {currency}\n");
        }

        private static string[] Touched(Transaction t) => t switch
        {
            Buy b => [b.Symbol],
            Sell s => [s.Symbol],
            DividendReinvestment r => [r.Symbol],
            Split s => [s.Symbol],
            StockDividend d => [d.Symbol],
            SpinOff s => [s.Symbol, s.NewSymbol],
            TransferIn i => [i.Symbol],
            TransferOut o => [o.Symbol],
            _ => [],
        };

        private static string Narration(Transaction t) => t switch
        {
            Buy b => $"Buy {Number(b.Quantity)} {b.Symbol} at {Number(b.Price)}" + (b.Fee > 0 ? $", fee {Number(b.Fee)}" : ""),
            Sell s => $"Sell {Number(s.Quantity)} {s.Symbol} at {Number(s.Price)}" + (s.Fee > 0 ? $", fee {Number(s.Fee)}" : ""),
            CashDividend d => $"Dividend {d.Symbol}",
            DividendReinvestment r => $"Dividend reinvested: {Number(r.Quantity)} {r.Symbol} at {Number(r.Price)}",
            Split s => $"Split {s.Symbol} {Number(s.NewShares)} for {Number(s.OldShares)}",
            StockDividend d => $"Stock dividend {d.Symbol}: {Number(d.SharesPerShare)} per share",
            SpinOff s => $"Spin-off of {s.NewSymbol} from {s.Symbol}: {Number(s.SharesPerShare)} per share",
            TransferIn i => $"Transfer in {i.Symbol}",
            TransferOut o => $"Transfer out {Number(o.Quantity)} {o.Symbol}",
            Deposit => "Deposit",
            Withdrawal => "Withdrawal",
            AccountFee f => f.Symbol is null ? "Account fee" : $"Fee ({f.Symbol})",
            Interest => "Interest",
            _ => t.GetType().Name,
        };
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The decimal as it is, without trailing zeros beyond the first decimal digit kept.</summary>
    public static string Number(decimal value) => (value / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    private static int Places(decimal value) => (value / 1.0000000000000000000000000000m).Scale;

    private static string Fixed(decimal value, int places) => value.ToString("F" + places.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
