using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Ports;

namespace Portfolio.Application.Ledger;

/// <summary>
/// Loads replayed ledgers, keeping the last state of up to <see cref="Capacity"/> accounts in memory. Every load asks
/// the store for entries after the cached version, so a write from another process (another Functions instance) is
/// never missed. Past capacity an arbitrary tenth of the entries is dropped: they are rebuilt from the store on demand,
/// from the account's newest stored checkpoint (<see cref="LedgerCheckpoints"/>).
/// </summary>
public sealed class LedgerReader(ILedgerStore store, LedgerCheckpoints checkpoints, LedgerStates? states = null)
{
    /// <summary>About 8 KB an account of ten positions: 100,000 accounts fit in under a gigabyte.</summary>
    public const int Capacity = 120_000;
    private readonly BoundedMap<LedgerState> cache = new(Capacity);

    /// <summary>The account's state holding its whole log (<see cref="LedgerState.IsComplete"/>), for reads that walk the log.</summary>
    public async Task<LedgerState> LoadAsync(Account account, CancellationToken ct)
    {
        var cached = cache.GetValueOrDefault(account.Id);
        // A state loaded from a checkpoint lacks the entries before it: the whole log is read once, then kept.
        if (cached is { IsComplete: false }) cached = null;
        var newer = await store.ReadAsync(account.Id, cached?.Version ?? 0, ct);
        if (cached is not null && newer.Count == 0) return cached;
        var state = await AccountStateException.GuardAsync(account.Id,
            async () => cached is null ? await checkpoints.LoadAsync(account, newer, ct) : cached.With(newer));
        Remember(state);
        return state;
    }

    /// <summary>
    /// The account's state for the write path and for reads of open positions and lots: a cold account is loaded from
    /// its newest usable checkpoint, reading only the entries after it, so the cost grows with that suffix, not with the
    /// log. The state may not be <see cref="LedgerState.IsComplete"/>: its ledger's realized history may start at
    /// <see cref="Domain.Ledger.AccountLedger.RealizedFrom"/>, and a transaction it does not
    /// <see cref="LedgerState.Covers"/> needs <see cref="LoadAsync(Account, CancellationToken)"/>.
    /// </summary>
    public async Task<LedgerState> LoadLedgerAsync(Account account, CancellationToken ct)
    {
        var cached = cache.GetValueOrDefault(account.Id);
        if (cached is null)
        {
            var resumed = await AccountStateException.GuardAsync(account.Id, () => checkpoints.LoadFromNewestAsync(account, store, ct));
            if (resumed is null) return await LoadAsync(account, ct);
            Remember(resumed);
            return resumed;
        }
        var newer = await store.ReadAsync(account.Id, cached.Version, ct);
        if (newer.Count == 0) return cached;
        // Another process back-dated a write past the checkpoint this state starts from: only the whole log books it.
        if (newer.Any(e => !cached.Covers(e.Transaction.TradeDate))) return await LoadAsync(account, ct);
        var state = AccountStateException.Guard(account.Id, () => cached.With(newer));
        Remember(state);
        return state;
    }

    /// <summary>
    /// A state that can book a transaction of <paramref name="tradeDate"/> (a back-dated write): from the newest stored
    /// checkpoint dated on or before it, reading the log from there, or else the whole log.
    /// </summary>
    public async Task<LedgerState> LoadCoveringAsync(Account account, DateOnly tradeDate, CancellationToken ct)
    {
        var cached = cache.GetValueOrDefault(account.Id);
        if (cached is not null && cached.Covers(tradeDate)) return await LoadLedgerAsync(account, ct);
        var resumed = await AccountStateException.GuardAsync(account.Id, () => checkpoints.LoadFromNewestAsync(account, store, ct, tradeDate));
        return resumed ?? await LoadAsync(account, ct);
    }

    /// <summary>Stores what derives from a state just written, in the background: a checkpoint when one is due, and the account's compact state.</summary>
    public void Checkpoint(LedgerState state)
    {
        checkpoints.SaveInBackgroundIfDue(state);
        states?.SaveInBackground(state);
    }

    /// <summary>As <see cref="Checkpoint(LedgerState)"/>, for a state a batch built from the one at <paramref name="before"/>: the newest checkpoint the batch passed.</summary>
    public void CheckpointBatch(LedgerState state, long before)
    {
        checkpoints.SaveNewestInBackground(state, before);
        states?.SaveInBackground(state);
    }

    /// <summary>The cached state of the account, if any (it may be behind the store: a caller reads the entries after its version).</summary>
    public LedgerState? Cached(string accountId) => cache.GetValueOrDefault(accountId);

    /// <summary>Loads many accounts with one store call for all their new entries (a revaluation page). An account whose log does not replay is absent.</summary>
    public async Task<IReadOnlyDictionary<string, LedgerState>> LoadAsync(IReadOnlyList<Account> accounts, CancellationToken ct)
    {
        var byId = accounts.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var cached = accounts.ToDictionary(a => a.Id, a => cache.GetValueOrDefault(a.Id), StringComparer.Ordinal);
        var newer = await store.ReadAsync(cached.ToDictionary(kv => kv.Key, kv => kv.Value?.Version ?? 0, StringComparer.Ordinal), ct);
        var result = new Dictionary<string, LedgerState>(StringComparer.Ordinal);
        foreach (var (accountId, state) in cached)
        {
            if (!newer.TryGetValue(accountId, out var entries))
                result[accountId] = state ?? LedgerState.Empty(accountId, byId[accountId].Settings, checkpoints.Interval);
            else if (await BookNewerAsync(byId[accountId], state, entries, ct) is { } booked) result[accountId] = booked;
        }
        return result;
    }

    /// <summary>
    /// The account's state with <paramref name="entries"/>, read from the store after the version of <paramref name="cached"/>
    /// (or all of them when it is null), and kept. Null when the log no longer replays: the caller loads that account alone
    /// and reports its error.
    /// </summary>
    public async Task<LedgerState?> BookNewerAsync(Account account, LedgerState? cached, IReadOnlyList<LedgerEntry> entries, CancellationToken ct)
    {
        LedgerState state;
        try
        {
            state = cached is null ? await checkpoints.LoadAsync(account, entries, ct)
                : entries.All(e => cached.Covers(e.Transaction.TradeDate)) ? cached.With(entries)
                : await LoadAsync(account, ct);
        }
        catch (Exception e) when (AccountStateException.IsCausedByState(e)) { return null; }
        Remember(state);
        return state;
    }

    /// <summary>Keeps a state built by a successful write, unless a newer one is already cached.</summary>
    public void Remember(LedgerState state)
    {
        cache.AddOrUpdate(state.AccountId, state, static (_, existing, added) => Newer(existing, added) ? existing : added);
    }

    public int CachedAccounts => cache.Count;

    /// <summary>Whether <paramref name="existing"/> is to be kept over <paramref name="state"/>: newer, or as new and as complete.</summary>
    private static bool Newer(LedgerState existing, LedgerState state) =>
        existing.Version > state.Version || (existing.Version == state.Version && (existing.IsComplete || !state.IsComplete));
}
