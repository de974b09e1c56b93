using System.Collections.Immutable;
using System.Numerics;
using Portfolio.Domain;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Collections;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Ledger;

/// <summary>
/// An account's log up to <see cref="Version"/> and the ledger replayed from it. Never mutated once built: a new entry
/// makes a new state that shares the log, the booking order and the ledger's history with this one, so recording a
/// transaction dated on or after the last costs what the open positions cost, not what the log's length costs.
/// The state keeps frozen ledgers at multiples of <see cref="Interval"/> booked transactions, one every interval
/// near the end and thinner further back (<see cref="KeepsSnapshot"/>); a back-dated entry replays from the last of those
/// before its date.
/// A state loaded from a stored checkpoint (<see cref="FromCheckpoint"/>) holds only the entries after it:
/// <see cref="IsComplete"/> is false, <see cref="Entries"/>, <see cref="BookingOrder"/> and
/// <see cref="FindByIdempotencyKey"/> see that suffix alone, and it books only transactions dated on or after the
/// checkpoint's last trade date (<see cref="Covers"/>). The ledger itself is whole.
/// </summary>
public sealed class LedgerState
{
    /// <summary>
    /// Transactions between in-memory snapshots and between stored checkpoints, unless <see cref="LedgerCheckpointOptions"/>
    /// says otherwise (tests do, to exercise checkpoints with short logs). Chosen by measurement
    /// (bench/Portfolio.Bench -- writes): replaying 1,000 transactions takes about a millisecond, less than reading them.
    /// </summary>
    public const int CheckpointInterval = 1_000;

    private readonly ChunkedList<LedgerEntry> entries;
    private readonly ChunkedList<Transaction> booking;
    private readonly ChunkedList<Snapshot> snapshots;
    private readonly ChunkedList<string> blockHashes;
    private readonly ImmutableDictionary<string, LedgerEntry> byKey;
    private readonly Base start;
    private readonly int interval;

    /// <summary>
    /// How many of the newest intervals keep a snapshot each. Further back the spacing doubles with every doubling of the
    /// distance from the end, so a full replay freezes a copy of the ledger O(log n) times, not n / interval times.
    /// </summary>
    private const int DenseSnapshots = 2;

    private readonly record struct Snapshot(int Booked, AccountLedger Ledger);

    /// <summary>The checkpoint a state starts from: entries 1 to <see cref="Sequence"/> are booked in it and not held. Sequence 0: the whole log is held.</summary>
    private readonly record struct Base(long Sequence, string Hash, DateOnly? LastTradeDate)
    {
        public static readonly Base None = new(0, LogPrefixHash.Empty, null);
    }

    private LedgerState(
        string accountId, ChunkedList<LedgerEntry> entries, ChunkedList<Transaction> booking, AccountLedger ledger,
        ChunkedList<Snapshot> snapshots, ChunkedList<string> blockHashes, ImmutableDictionary<string, LedgerEntry> byKey, Base start, int interval)
    {
        this.start = start;
        this.interval = interval;
        AccountId = accountId;
        this.entries = entries;
        this.booking = booking;
        Ledger = ledger;
        this.snapshots = snapshots;
        this.blockHashes = blockHashes;
        this.byKey = byKey;
    }

    public string AccountId { get; }
    /// <summary>Transactions between this state's snapshots and between the log's stamped prefix hashes (<see cref="CheckpointInterval"/> by default).</summary>
    public int Interval => interval;
    /// <summary>The sequence of the last entry; 0 for an empty log.</summary>
    public long Version => entries.Count == 0 ? start.Sequence : entries[^1].Sequence;
    /// <summary>Whether the state holds the whole log; false when it was loaded from a checkpoint and holds the entries after it.</summary>
    public bool IsComplete => start.Sequence == 0;
    /// <summary>In sequence (recording) order; from the checkpoint on when not <see cref="IsComplete"/>.</summary>
    public IReadOnlyList<LedgerEntry> Entries => entries;
    public AccountLedger Ledger { get; }

    /// <summary>The transactions in booking order: trade date, then recording order.</summary>
    public IReadOnlyList<Transaction> BookingOrder() => booking;

    public LedgerEntry? FindByIdempotencyKey(string key) => byKey.GetValueOrDefault(key);

    /// <summary>Whether a transaction of this date can be booked into this state: always for a complete one, else on or after the checkpoint's last trade date.</summary>
    public bool Covers(DateOnly tradeDate) => IsComplete || start.LastTradeDate is not { } last || tradeDate >= last;

    /// <summary>
    /// The hash of the log up to <paramref name="sequence"/>, a multiple of <see cref="Interval"/> not before
    /// the checkpoint this state starts from (see <see cref="LogPrefixHash"/>).
    /// </summary>
    public string PrefixHash(long sequence) =>
        sequence == start.Sequence ? start.Hash : blockHashes[checked((int)((sequence - start.Sequence) / interval)) - 1];

    private string LastBlockHash(ChunkedList<string> hashes) => hashes.Count == 0 ? start.Hash : hashes[^1];

    public static LedgerState Empty(string accountId, AccountSettings settings, int interval = CheckpointInterval) =>
        new(accountId, new(), new(), new AccountLedger(settings), new(), new(), ImmutableDictionary<string, LedgerEntry>.Empty, Base.None, Positive(interval));

    private static int Positive(int interval) =>
        interval > 0 ? interval : throw new ArgumentOutOfRangeException(nameof(interval), interval, "the checkpoint interval is a positive number of transactions");

    /// <summary>
    /// The state of a log from a stored checkpoint and the entries after it alone: <paramref name="checkpoint"/> is the
    /// ledger of entries 1 to <paramref name="sequence"/> (a multiple of <paramref name="interval"/>), whose log
    /// prefix hash is <paramref name="prefixHash"/>; <paramref name="suffix"/> are the entries after it, none dated before
    /// the checkpoint's last trade date (the caller checked both).
    /// </summary>
    public static LedgerState FromCheckpoint(
        string accountId, AccountLedger checkpoint, long sequence, string prefixHash, IReadOnlyList<LedgerEntry> suffix,
        int interval = CheckpointInterval)
    {
        if (sequence <= 0 || sequence % Positive(interval) != 0)
            throw new ArgumentOutOfRangeException(nameof(sequence), sequence, "a checkpoint sits at a positive multiple of the interval");
        if (suffix.Count > 0 && suffix[0].Sequence != sequence + 1)
            throw new ArgumentException($"the suffix starts at {suffix[0].Sequence}, not {sequence + 1}", nameof(suffix));
        return Build(accountId, suffix, new LedgerReplay(checkpoint), 0, interval, checkpoint,
            new Base(sequence, prefixHash, checkpoint.LastTradeDate));
    }

    /// <summary>Replays the whole log. Throws <see cref="LedgerRuleViolation"/> if any transaction in it is refused.</summary>
    public static LedgerState Replay(string accountId, AccountSettings settings, IReadOnlyList<LedgerEntry> entries, int interval = CheckpointInterval) =>
        Build(accountId, entries, new LedgerReplay(settings), 0, Positive(interval));

    /// <summary>
    /// The state of the whole log from a checkpoint: <paramref name="checkpoint"/> is the ledger of entries 1 to
    /// <paramref name="checkpointSequence"/>, and no later entry is dated before its last trade date (the caller checked
    /// both, with the prefix hash and <see cref="LedgerRuleViolation"/>-free dates); only the later entries are booked.
    /// <paramref name="blockHashes"/>: <see cref="BlockHashes"/> of <paramref name="entries"/> at this interval, when the
    /// caller has already worked them out to check the checkpoint (a cold load would otherwise hash the whole log twice).
    /// </summary>
    public static LedgerState Resume(
        string accountId, IReadOnlyList<LedgerEntry> entries, AccountLedger checkpoint, long checkpointSequence, int interval = CheckpointInterval,
        IReadOnlyList<string>? blockHashes = null) =>
        Build(accountId, entries, new LedgerReplay(checkpoint), checked((int)checkpointSequence), Positive(interval), checkpoint, knownHashes: blockHashes);

    /// <summary>
    /// The log prefix hash at the end of each whole <paramref name="interval"/> of <paramref name="log"/> (sequence order),
    /// chained from <paramref name="previous"/>, the hash of what precedes the log (<see cref="LogPrefixHash.Empty"/> for a whole log).
    /// </summary>
    public static List<string> BlockHashes(IReadOnlyList<LedgerEntry> log, string previous, int interval)
    {
        var hashes = new List<string>(log.Count / interval);
        for (var end = interval; end <= log.Count; end += interval)
            hashes.Add(previous = LogPrefixHash.Extend(previous, log, end - interval, interval));
        return hashes;
    }

    private static LedgerState Build(
        string accountId, IReadOnlyList<LedgerEntry> log, LedgerReplay replay, int booked, int interval, AccountLedger? start = null, Base from = default,
        IReadOnlyList<string>? knownHashes = null)
    {
        var entries = new ChunkedList<LedgerEntry>();
        var keys = ImmutableDictionary.CreateBuilder<string, LedgerEntry>(StringComparer.Ordinal);
        from = from == default ? Base.None : from;
        for (var i = 0; i < log.Count; i++)
        {
            entries.Add(log[i]);
            if (log[i].IdempotencyKey is { } key) keys[key] = log[i];
        }
        var blockHashes = new ChunkedList<string>();
        foreach (var hash in knownHashes ?? BlockHashes(log, from.Hash, interval)) blockHashes.Add(hash);

        // Entries before the checkpoint were booked in it; they come first in booking order because none later is dated earlier.
        var ordered = new ChunkedList<Transaction>();
        foreach (var transaction in InBookingOrder(log, 0, booked)) ordered.Add(transaction);
        var snapshots = new ChunkedList<Snapshot>();
        if (start is not null) snapshots.Add(new Snapshot(booked, start));
        foreach (var transaction in InBookingOrder(log, booked, log.Count))
        {
            replay.Book(transaction);
            ordered.Add(transaction);
            if (KeepsSnapshot(ordered.Count, log.Count, interval)) snapshots.Add(new Snapshot(ordered.Count, replay.Snapshot()));
        }
        var ledger = replay.Finish();
        return new LedgerState(accountId, entries, ordered, ledger, snapshots, blockHashes, keys.ToImmutable(), from, interval);
    }

    /// <summary>The transactions of log[from .. to) in booking order; as they are when already in date order, as a log recorded forward is, without sorting.</summary>
    private static IEnumerable<Transaction> InBookingOrder(IReadOnlyList<LedgerEntry> log, int from, int to)
    {
        for (var i = from + 1; i < to; i++)
            if (log[i].Transaction.TradeDate < log[i - 1].Transaction.TradeDate)
                return TransactionOrder.InBookingOrder(Enumerable.Range(from, to - from).Select(j => log[j].Transaction));
        return Enumerable.Range(from, to - from).Select(j => log[j].Transaction);
    }

    /// <summary>This state with entries read from the store after <see cref="Version"/> (in sequence order).</summary>
    public LedgerState With(IReadOnlyList<LedgerEntry> newEntries)
    {
        var state = this;
        foreach (var entry in newEntries) state = state.With(entry, out _);
        return state;
    }

    /// <summary>
    /// This state with one more entry, and what booking it did. An entry dated on or after the last booked date is booked
    /// onto the current ledger; a back-dated one is booked in its place, replaying what follows it from the last snapshot
    /// before it. A back-dated transaction that would invalidate a later one is refused naming that later transaction.
    /// </summary>
    public LedgerState With(LedgerEntry entry, out BookingResult booked)
    {
        var transaction = entry.Transaction;
        if (entry.Sequence != Version + 1)
            throw new ArgumentException($"entry {entry.Sequence} does not follow version {Version}", nameof(entry));
        if (!Covers(transaction.TradeDate))
            throw new InvalidOperationException(
                $"{transaction.TradeDate:yyyy-MM-dd} is before the checkpoint this state was loaded from: book it into the complete log");

        var nextEntries = entries.Copy();
        nextEntries.Add(entry);
        var nextHashes = blockHashes;
        if (nextEntries.Count % interval == 0)
        {
            nextHashes = blockHashes.Copy();
            entry = Stamp(nextEntries, nextHashes);
        }
        var nextKeys = entry.IdempotencyKey is { } key ? byKey.SetItem(key, entry) : byKey;

        if (Ledger.LastTradeDate is not { } last || transaction.TradeDate >= last)
        {
            var replay = new LedgerReplay(Ledger);
            booked = replay.BookAndDescribe(transaction);
            var nextBooking = booking.Copy();
            nextBooking.Add(transaction);
            var ledger = replay.Finish();
            var nextSnapshots = snapshots;
            if (nextBooking.Count % interval == 0)
            {
                nextSnapshots = SnapshotsKeptFor(nextBooking.Count);
                nextSnapshots.Add(new Snapshot(nextBooking.Count, ledger));
            }
            return new LedgerState(AccountId, nextEntries, nextBooking, ledger, nextSnapshots, nextHashes, nextKeys, start, interval);
        }
        return BackDated(entry, nextEntries, nextHashes, nextKeys, out booked);
    }

    /// <summary>
    /// The last of <paramref name="log"/>, which ends a block, with its <see cref="LedgerEntry.PrefixHash"/> set (in the
    /// list too), after adding that hash to <paramref name="hashes"/>.
    /// </summary>
    private LedgerEntry Stamp(ChunkedList<LedgerEntry> log, ChunkedList<string> hashes)
    {
        var hash = LogPrefixHash.Extend(LastBlockHash(hashes), log, log.Count - interval, interval);
        hashes.Add(hash);
        var stamped = log[^1] with { PrefixHash = hash };
        log.Set(log.Count - 1, stamped);
        return stamped;
    }

    /// <summary>
    /// This state with a batch of entries (an import) booked in one pass: one copy of the log and one replay of the
    /// ledger for the whole batch, instead of one per entry. The entries must be in date order, none before the last
    /// booked date (<see cref="AcceptsBatch"/>). An entry the rules refuse is left out (the ledger is unchanged by a refused
    /// transaction) and reported to <paramref name="refused"/> with its index; the others get consecutive sequences after
    /// <see cref="Version"/>, whatever sequences they carried.
    /// </summary>
    public LedgerState WithBatch(
        IReadOnlyList<LedgerEntry> candidates, Action<int, LedgerRuleViolation> refused, out List<(LedgerEntry Entry, BookingResult Booking)> booked,
        Action<Transaction, AccountLedger>? afterEach = null)
    {
        if (!AcceptsBatch(candidates.Select(c => c.Transaction.TradeDate)))
            throw new ArgumentException("a batch must be in date order and dated on or after the last booked transaction", nameof(candidates));
        booked = [];
        var nextEntries = entries.Copy();
        var nextBooking = booking.Copy();
        var nextSnapshots = snapshots.Copy();
        var nextHashes = blockHashes.Copy();
        var atMost = booking.Count + candidates.Count;
        var keys = byKey.ToBuilder();
        var replay = new LedgerReplay(Ledger);
        for (var i = 0; i < candidates.Count; i++)
        {
            var entry = candidates[i] with { Sequence = Version + booked.Count + 1 };
            if (TryBook(replay, entry.Transaction, i, refused) is not { } result) continue;
            afterEach?.Invoke(entry.Transaction, replay.Current);
            nextEntries.Add(entry);
            if (nextEntries.Count % interval == 0) entry = Stamp(nextEntries, nextHashes);
            booked.Add((entry, result));
            if (entry.IdempotencyKey is { } key) keys[key] = entry;
            nextBooking.Add(entry.Transaction);
            if (KeepsSnapshot(nextBooking.Count, atMost, interval)) nextSnapshots.Add(new Snapshot(nextBooking.Count, replay.Snapshot()));
        }
        return new LedgerState(AccountId, nextEntries, nextBooking, replay.Finish(), nextSnapshots, nextHashes, keys.ToImmutable(), start, interval);
    }

    // A helper rather than try/catch around the loop's body: a local assigned in a try and read after it is a compile
    // error in Stryker's mutants that drop the catch's continue, and Stryker then leaves the whole method unmutated.
    private static BookingResult? TryBook(LedgerReplay replay, Transaction transaction, int index, Action<int, LedgerRuleViolation> refused)
    {
        try { return replay.BookAndDescribe(transaction); }
        catch (LedgerRuleViolation violation)
        {
            refused(index, violation);
            return null;
        }
    }

    /// <summary>Whether transactions of these dates can be booked by <see cref="WithBatch"/>: in date order, none before the last booked date.</summary>
    public bool AcceptsBatch(IEnumerable<DateOnly> dates)
    {
        var previous = Ledger.LastTradeDate ?? DateOnly.MinValue;
        foreach (var date in dates)
        {
            if (date < previous) return false;
            previous = date;
        }
        return true;
    }

    private LedgerState BackDated(
        LedgerEntry entry, ChunkedList<LedgerEntry> nextEntries, ChunkedList<string> nextHashes,
        ImmutableDictionary<string, LedgerEntry> nextKeys, out BookingResult booked)
    {
        var transaction = entry.Transaction;
        // The new transaction goes after every booked one dated on or before it (booking order is stable by date).
        var place = UpperBound(transaction.TradeDate);
        var kept = new ChunkedList<Snapshot>();
        for (var i = 0; i < snapshots.Count && snapshots[i].Booked <= place; i++) kept.Add(snapshots[i]);
        var from = kept.Count == 0 ? 0 : kept[^1].Booked;
        var replay = kept.Count == 0 ? new LedgerReplay(Ledger.Settings) : new LedgerReplay(kept[^1].Ledger);

        var nextBooking = new ChunkedList<Transaction>();
        for (var i = 0; i < from; i++) nextBooking.Add(booking[i]);
        booked = BookingResult.Empty;
        for (var i = from; i <= booking.Count; i++)
        {
            var next = i == place ? transaction : booking[i < place ? i : i - 1];
            if (i == place) booked = replay.BookAndDescribe(next);
            else
            {
                try { replay.Book(next); }
                catch (LedgerRuleViolation violation)
                {
                    throw new LedgerRuleViolation("tradeDate",
                        $"recording this on {transaction.TradeDate:yyyy-MM-dd} would invalidate transaction '{next.Id}' " +
                        $"of {next.TradeDate:yyyy-MM-dd}: {violation.Field} {violation.Reason}");
                }
            }
            nextBooking.Add(next);
            if (KeepsSnapshot(nextBooking.Count, booking.Count + 1, interval)) kept.Add(new Snapshot(nextBooking.Count, replay.Snapshot()));
        }
        return new LedgerState(AccountId, nextEntries, nextBooking, replay.Finish(), kept, nextHashes, nextKeys, start, interval);
    }

    /// <summary>
    /// Whether a replay that will book <paramref name="count"/> transactions freezes the ledger after the first
    /// <paramref name="booked"/>: at every multiple of the interval among the last <see cref="DenseSnapshots"/> intervals;
    /// further back at every multiple of the largest power of two intervals not above 1 / <see cref="DenseSnapshots"/> of
    /// the distance from the end. A transaction back-dated to any place then replays from a snapshot no further before it
    /// than the suffix it must replay anyway (plus one interval; about 0.6 of it, measured), and a full replay of n
    /// transactions freezes about <see cref="DenseSnapshots"/> · log2(n / interval) copies (15 for 200,000, not 200).
    /// </summary>
    internal static bool KeepsSnapshot(int booked, int count, int interval)
    {
        if (booked <= 0 || booked % interval != 0) return false;
        var distance = Math.Max(0, count - booked) / interval;
        if (distance < DenseSnapshots) return true;
        var spacing = 1 << BitOperations.Log2((uint)(distance / DenseSnapshots));
        return booked / interval % spacing == 0;
    }

    /// <summary>
    /// This state's snapshots that a state of <paramref name="count"/> booked transactions keeps (<see cref="KeepsSnapshot"/>;
    /// a kept snapshot stays kept while it only gets further from the end), so that an account written to for months in
    /// the cache holds as few frozen ledgers as one just replayed, not one per interval. A partial state's first snapshot
    /// is the checkpoint it starts from, which nothing else can replace.
    /// </summary>
    private ChunkedList<Snapshot> SnapshotsKeptFor(int count)
    {
        var kept = new ChunkedList<Snapshot>();
        for (var i = 0; i < snapshots.Count; i++)
            if ((i == 0 && !IsComplete) || KeepsSnapshot(snapshots[i].Booked, count, interval)) kept.Add(snapshots[i]);
        return kept;
    }

    /// <summary>
    /// The newest frozen ledger that is a checkpoint of the log at a sequence after <paramref name="after"/>: the ledger of
    /// entries 1 to that sequence exactly, which holds when the transactions booked after it are the entries recorded after
    /// it. Null when there is none. A batch (an import) seldom ends on a multiple of the interval, so its writer stores this
    /// one instead (<see cref="LedgerCheckpoints.SaveNewestInBackground"/>).
    /// </summary>
    public (long Sequence, AccountLedger Ledger)? NewestCheckpointAfter(long after)
    {
        for (var i = snapshots.Count - 1; i >= 0; i--)
        {
            var (booked, ledger) = snapshots[i];
            // Booked 0 is the checkpoint a partial state starts from: stored already.
            if (booked == 0 || entries[booked - 1].Sequence <= after) return null;
            if (BookedAfterAreRecordedAfter(booked)) return (entries[booked - 1].Sequence, ledger);
        }
        return null;
    }

    /// <summary>Whether the transactions booked after the first <paramref name="booked"/> are the entries recorded after them (ids are unique in a log).</summary>
    private bool BookedAfterAreRecordedAfter(int booked)
    {
        var recorded = new HashSet<string>(entries.Count - booked, StringComparer.Ordinal);
        for (var i = booked; i < entries.Count; i++) recorded.Add(entries[i].Transaction.Id);
        for (var i = booked; i < booking.Count; i++)
            if (!recorded.Contains(booking[i].Id)) return false;
        return true;
    }

    /// <summary>How many snapshots this state holds (for tests).</summary>
    internal int SnapshotCount => snapshots.Count;

    /// <summary>How many booked transactions this state would replay from its last snapshot at or before <paramref name="place"/> (for tests).</summary>
    internal int SnapshotAtOrBefore(int place)
    {
        var last = 0;
        for (var i = 0; i < snapshots.Count && snapshots[i].Booked <= place; i++) last = snapshots[i].Booked;
        return last;
    }

    /// <summary>How many booked transactions are dated on or before <paramref name="date"/> (booking order is by date).</summary>
    private int UpperBound(DateOnly date)
    {
        int low = 0, high = booking.Count;
        while (low < high)
        {
            var mid = low + (high - low) / 2;
            if (booking[mid].TradeDate <= date) low = mid + 1;
            else high = mid;
        }
        return low;
    }
}
