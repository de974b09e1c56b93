using System.Buffers;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Collections;
using Portfolio.Domain.Lots;
using Portfolio.Domain.Transactions;

namespace Portfolio.Domain.Ledger;

/// <summary>
/// An account's state as a pure function of its ordered transaction log: positions with their open lots, cash,
/// realized pieces and income. Transactions must arrive in booking order (trade date, then the order they were
/// recorded); a back-dated transaction is booked by replaying the log with it in place.
/// A ledger is built by <see cref="Replay"/> and never changes once anyone else can see it: <see cref="With"/> books a
/// transaction into a new version that shares history (realized pieces, income) and unchanged positions with this one,
/// so it costs what the open state costs, not what the history costs.
/// </summary>
public sealed partial class AccountLedger
{
    private readonly Dictionary<string, Position> positions;
    private readonly ChunkedList<RealizedLot> realized;
    private readonly ChunkedList<IncomeEntry> income;
    private readonly TransactionIdSet transactionIds;
    private readonly WashSales washSales;
    private long nextLotSequence;
    // Transactions booked into a restored checkpoint whose ids were not handed over (see Restore).
    private int uncountedTransactions;
    // The index in the whole realized history of realized[0]: a compact checkpoint leaves older pieces in the log.
    private int realizedFrom;
    // Set once a version has been derived from this ledger: the two share storage, so neither may change it in place.
    private volatile bool frozen;
    // Replay needs no account of what each transaction did: building one is left to Apply, which asks for it.
    private bool describing;
    // Reused by every sale of this ledger for its picks (a ledger is built by one thread).
    private readonly List<LotPick> picks = [];
    // Positions this version emptied, by symbol: a position that empties and later reopens (a common pattern) takes
    // its object and lot list back instead of allocating new ones. Never copied to a new version.
    private Dictionary<string, Position>? emptied;

    public AccountLedger(AccountSettings settings)
    {
        Settings = settings;
        positions = new Dictionary<string, Position>(StringComparer.Ordinal);
        realized = new ChunkedList<RealizedLot>();
        income = new ChunkedList<IncomeEntry>();
        transactionIds = new TransactionIdSet();
        washSales = new WashSales(this);
    }

    private AccountLedger(AccountLedger source)
    {
        Settings = source.Settings;
        positions = new Dictionary<string, Position>(source.positions, StringComparer.Ordinal);
        realized = source.realized.Copy();
        income = source.income.Copy();
        transactionIds = source.transactionIds.Copy();
        washSales = source.washSales.CopyFor(this);
        nextLotSequence = source.nextLotSequence;
        uncountedTransactions = source.uncountedTransactions;
        realizedFrom = source.realizedFrom;
        Cash = source.Cash;
        FeesPaid = source.FeesPaid;
        LastTradeDate = source.LastTradeDate;
    }

    public AccountSettings Settings { get; }
    public decimal Cash { get; private set; }
    /// <summary>Account fees charged (trade commissions are in lot basis and sale proceeds instead).</summary>
    public decimal FeesPaid { get; private set; }
    public DateOnly? LastTradeDate { get; private set; }
    public int TransactionCount => transactionIds.Count + uncountedTransactions;
    public IReadOnlyCollection<Position> Positions => positions.Values;
    /// <summary>
    /// The realized pieces held: all of them for a ledger replayed from its whole log; for one restored from a compact
    /// checkpoint (<see cref="RealizedFrom"/> &gt; 0), those from that index of the whole history on.
    /// </summary>
    public IReadOnlyList<RealizedLot> Realized => realized;
    /// <summary>The index in the whole realized history of <see cref="Realized"/>[0]; 0 when the whole history is held.</summary>
    public int RealizedFrom => realizedFrom;
    private int RealizedCount => realizedFrom + realized.Count;
    private RealizedLot RealizedAt(int index) => realized[index - realizedFrom];
    private void SetRealized(int index, RealizedLot piece) => realized.Set(index - realizedFrom, piece);
    public IReadOnlyList<IncomeEntry> Income => income;

    public Position? PositionOf(string symbol) => positions.GetValueOrDefault(symbol);

    public IEnumerable<TaxLot> OpenLots => positions.Values.SelectMany(p => p.Lots);

    public static AccountLedger Replay(AccountSettings settings, IEnumerable<Transaction> log)
    {
        var ledger = new AccountLedger(settings);
        if (log is IReadOnlyList<Transaction> list && IsInDateOrder(list))
        {
            // The stable sort would return the list unchanged; skip it (it costs a key array, an index map and a copy).
            // Checked before booking, not while: a log found out of order halfway would have booked its prefix for nothing.
            ledger.BookLog(list);
            return ledger.Booked();
        }
        foreach (var transaction in TransactionOrder.InBookingOrder(log)) ledger.Book(transaction);
        return ledger.Booked();
    }

    private static bool IsInDateOrder(IReadOnlyList<Transaction> list)
    {
        for (var i = 1; i < list.Count; i++)
            if (list[i].TradeDate < list[i - 1].TradeDate) return false;
        return true;
    }

    /// <summary>
    /// A new version of this ledger with <paramref name="transaction"/> booked (it must not be dated before
    /// <see cref="LastTradeDate"/>). This ledger is unchanged; a refused transaction throws <see cref="LedgerRuleViolation"/>.
    /// </summary>
    public AccountLedger With(Transaction transaction, out BookingResult booking)
    {
        var next = Copy();
        booking = next.Apply(transaction);
        return next;
    }

    /// <inheritdoc cref="With(Transaction, out BookingResult)"/>
    public AccountLedger With(Transaction transaction) => With(transaction, out _);

    /// <summary>A new version with the transactions booked in the order given (booking order, none before <see cref="LastTradeDate"/>).</summary>
    public AccountLedger With(IEnumerable<Transaction> transactions)
    {
        var next = Copy();
        foreach (var transaction in transactions) next.Book(transaction);
        return next;
    }

    /// <summary>A version sharing this one's storage; from now on this ledger is read-only.</summary>
    internal AccountLedger Copy()
    {
        Freeze();
        return new AccountLedger(this);
    }

    internal void Freeze()
    {
        frozen = true;
        emptied = null;
    }

    /// <summary>This ledger, done booking for now: the emptied positions kept for reuse are let go.</summary>
    private AccountLedger Booked()
    {
        emptied = null;
        return this;
    }

    /// <summary>
    /// Books one transaction in place and says what it did. Only the code that builds a ledger may call it (replay,
    /// <see cref="With(Transaction, out BookingResult)"/>, the performance walk, tests): a ledger others can see is frozen.
    /// </summary>
    internal BookingResult Apply(Transaction transaction)
    {
        var realizedBefore = realized.Count;
        BookingResult result;
        describing = true;
        try { result = Book(transaction); }
        finally { describing = false; }
        if (realized.Count == realizedBefore)
            return result.Realized.Count == 0 ? result : result with { Realized = [] };
        return result with { Realized = realized.From(realizedBefore) };
    }

    internal BookingResult Book(Transaction transaction)
    {
        RequireBookable(transaction);
        // Added before booking (one hash of the id instead of a lookup and then an add) and taken back if it is refused.
        if (!transactionIds.TryAdd(transaction.Id)) throw AlreadyBooked(transaction.Id);
        try
        {
            return BookInDateOrder(transaction);
        }
        catch
        {
            transactionIds.RemoveAdded(transaction.Id);
            throw;
        }
    }

    /// <summary>
    /// Books a whole log, in booking order, into this new ledger. It refuses what <see cref="Book"/> refuses, at the same
    /// transaction and for the same reason, but checks the ids for repeats by sorting their hash codes once (see
    /// <see cref="RepeatedIds"/>) instead of probing the id set for each: the set is built only when a later booking or
    /// copy asks for it.
    /// </summary>
    private void BookLog(IReadOnlyList<Transaction> log)
    {
        var count = log.Count;
        var ids = new string[count];
        var keys = ArrayPool<ulong>.Shared.Rent(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var transaction = log[i];
                var id = transaction.Id;
                try
                {
                    RequireBookable(transaction);
                    ids[i] = id;
                    keys[i] = RepeatedIds.Key(id, i);
                    BookInDateOrder(transaction);
                }
                catch
                {
                    // Book would have refused the first repeat before anything at or after it; a blank id is no repeat.
                    var repeat = RepeatedIds.FirstRepeat(keys, ids[i] is null ? i : i + 1, ids);
                    if (repeat >= 0) throw AlreadyBooked(ids[repeat]);
                    throw;
                }
            }
            var first = RepeatedIds.FirstRepeat(keys, count, ids);
            if (first >= 0) throw AlreadyBooked(ids[first]);
            transactionIds.AddDistinct(ids);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
        }
    }

    private void RequireBookable(Transaction transaction)
    {
        if (frozen) throw new InvalidOperationException("this ledger is frozen: book into a new version with With()");
        if (string.IsNullOrWhiteSpace(transaction.Id))
            throw new LedgerRuleViolation("id", "a transaction needs an id");
    }

    private static LedgerRuleViolation AlreadyBooked(string id) => new("id", $"transaction '{id}' is already booked");

    /// <summary>Books a transaction whose id is accounted for: refused when dated before the last booked one.</summary>
    private BookingResult BookInDateOrder(Transaction transaction)
    {
        if (LastTradeDate is { } last && transaction.TradeDate < last)
            throw new LedgerRuleViolation("tradeDate",
                $"{transaction.TradeDate:yyyy-MM-dd} is before the last booked date {last:yyyy-MM-dd}; replay the log to back-date");
        var result = BookByType(transaction);
        LastTradeDate = transaction.TradeDate;
        return result;
    }

    private BookingResult BookByType(Transaction transaction) => transaction switch
    {
        Buy buy => BookBuy(buy),
        Sell sell => BookSell(sell),
        CashDividend dividend => BookCashDividend(dividend),
        DividendReinvestment drip => BookReinvestment(drip),
        Split split => BookSplit(split),
        StockDividend stockDividend => BookStockDividend(stockDividend),
        SpinOff spinOff => BookSpinOff(spinOff),
        TransferIn transferIn => BookTransferIn(transferIn),
        TransferOut transferOut => BookTransferOut(transferOut),
        Deposit deposit => BookCash(RequireAmount(deposit.Amount), "amount"),
        Withdrawal withdrawal => BookCash(-RequireAmount(withdrawal.Amount), "amount"),
        AccountFee fee => BookFee(fee),
        Interest interest => BookInterest(interest),
        _ => throw new LedgerRuleViolation("type", $"unknown transaction type {transaction.GetType().Name}"),
    };

    private BookingResult BookCash(decimal signedAmount, string field)
    {
        RequireAmount(Math.Abs(signedAmount), field);
        AddCash(signedAmount);
        return BookingResult.Empty;
    }

    private BookingResult BookFee(AccountFee fee)
    {
        RequireAmount(fee.Amount, "amount");
        AddCash(-fee.Amount);
        FeesPaid += fee.Amount;
        return BookingResult.Empty;
    }

    private BookingResult BookInterest(Interest interest)
    {
        RequireAmount(interest.Amount, "amount");
        AddCash(interest.Amount);
        income.Add(new IncomeEntry(interest.Id, interest.TradeDate, IncomeKind.Interest, interest.Amount, null));
        return BookingResult.Empty;
    }

    private BookingResult BookCashDividend(CashDividend dividend)
    {
        RequireSymbol(dividend.Symbol);
        RequireAmount(dividend.Amount, "amount");
        AddCash(dividend.Amount);
        income.Add(new IncomeEntry(dividend.Id, dividend.TradeDate, IncomeKind.Dividend, dividend.Amount, dividend.Symbol));
        return BookingResult.Empty;
    }

    /// <summary>Accounts that track no cash hold securities only: cash moving in or out is an external flow, not a balance.</summary>
    private void AddCash(decimal amount)
    {
        if (Settings.TracksCash) Cash += amount;
    }

    private Position GetOrAddPosition(string symbol)
    {
        if (WritablePositionOf(symbol) is { } position) return position;
        if (emptied is not null && emptied.Remove(symbol, out position)) position.Reopen();
        else position = new Position(symbol) { Owner = this };
        positions.Add(symbol, position);
        return position;
    }

    /// <summary>The position to change: one shared with an earlier version of the ledger is cloned first.</summary>
    private Position? WritablePositionOf(string symbol)
    {
        if (!positions.TryGetValue(symbol, out var position) || ReferenceEquals(position.Owner, this)) return position;
        var clone = position.CloneFor(this);
        positions[symbol] = clone;
        return clone;
    }

    private void RemoveIfEmpty(Position position)
    {
        if (position.Lots.Count != 0) return;
        positions.Remove(position.Symbol);
        // Only a position this ledger owns is kept: no other version can see it once it has left the positions.
        if (ReferenceEquals(position.Owner, this)) (emptied ??= new Dictionary<string, Position>(StringComparer.Ordinal))[position.Symbol] = position;
    }

    private TaxLot OpenLot(string id, string symbol, decimal quantity, decimal basis, DateOnly acquiredOn, LotOrigin origin, DateOnly openedOn) =>
        OpenLot(GetOrAddPosition(symbol), id, quantity, basis, acquiredOn, origin, openedOn);

    private TaxLot OpenLot(Position position, string id, decimal quantity, decimal basis, DateOnly acquiredOn, LotOrigin origin, DateOnly openedOn)
    {
        var lot = new TaxLot(id, position.Symbol, quantity, basis, acquiredOn, nextLotSequence++, origin, openedOn);
        position.Add(lot);
        return lot;
    }

    /// <summary>
    /// Takes a pick out of its lot: a partial pick leaves the lot with the rest of its quantity and basis.
    /// <paramref name="basis"/> is the pick's <see cref="LotPick.CostBasis"/>, which the caller has already worked out.
    /// </summary>
    private void Consume(Position position, in LotPick pick, decimal basis)
    {
        if (pick.Quantity == pick.Lot.Quantity)
            position.Remove(pick.Lot);
        else
        {
            position.Replace(pick.Lot, pick.Lot with
            {
                Quantity = pick.Lot.Quantity - pick.Quantity,
                CostBasis = pick.Lot.CostBasis - basis,
            });
        }
    }

    private static decimal RequireAmount(decimal amount, string field = "amount")
    {
        Quantities.RequirePositive(amount, field);
        return amount;
    }

    private static void RequireSymbol(string symbol, string field = "symbol")
    {
        if (string.IsNullOrWhiteSpace(symbol)) throw new LedgerRuleViolation(field, "a symbol is required");
    }
}
