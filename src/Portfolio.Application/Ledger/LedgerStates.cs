using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Portfolio.Application.Accounts;
using Portfolio.Application.Ports;
using Portfolio.Domain.Ledger;

namespace Portfolio.Application.Ledger;

/// <summary>
/// Each account's compact ledger state stored at its latest version (<see cref="ILedgerStateStore"/>), so that a
/// revaluation reads one row per account instead of its log. Written after every write, in the background and coalesced
/// (the newest state of each account, a page at a time), and by the revaluation for an account it found without one.
/// Best effort: a state that could not be stored costs a replay of the log. Without a store (a host that registers
/// none) it does nothing.
/// </summary>
public sealed class LedgerStates(ILogger<LedgerStates> logger, ILedgerStateStore? store = null)
{
    /// <summary>States written at once by one background save.</summary>
    public const int Batch = 500;

    private readonly ConcurrentDictionary<string, LedgerState> pending = new(StringComparer.Ordinal);
    // The version stored for each account as far as this process knows: saves of what is stored already are skipped.
    private readonly ConcurrentDictionary<string, long> stored = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private Task draining = Task.CompletedTask;
    private bool running;

    public bool IsEnabled => store is not null;

    /// <summary>The background save running now, or the last one (tests and shutdown wait for it).</summary>
    public Task LastSave { get { lock (gate) return draining; } }

    /// <summary>Queues the state of a write for storing, replacing an older one of the same account not yet stored.</summary>
    public void SaveInBackground(LedgerState state)
    {
        if (store is null) return;
        pending.AddOrUpdate(state.AccountId, state, (_, queued) => queued.Version >= state.Version ? queued : state);
        lock (gate)
        {
            if (running) return;
            running = true;
            draining = Task.Run(DrainAsync);
        }
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            var batch = new List<(string, long, AccountLedger)>(Batch);
            foreach (var accountId in pending.Keys)
            {
                if (pending.TryRemove(accountId, out var state)) batch.Add((state.AccountId, state.Version, state.Ledger));
                if (batch.Count == Batch) break;
            }
            if (batch.Count > 0) await SaveAsync(batch, CancellationToken.None);
            // Under the lock, as SaveInBackground checks `running`: a state queued after this check starts a new drain.
            lock (gate)
                if (pending.IsEmpty)
                {
                    running = false;
                    return;
                }
        }
    }

    /// <summary>Stores these ledgers (each the account's ledger at that version) unless this process knows them stored. Best effort.</summary>
    public async Task SaveAsync(IReadOnlyList<(string AccountId, long Version, AccountLedger Ledger)> ledgers, CancellationToken ct)
    {
        if (store is null) return;
        var rows = new List<StoredLedgerState>(ledgers.Count);
        try
        {
            foreach (var (accountId, version, ledger) in ledgers)
                if (!IsStored(accountId, version))
                    rows.Add(new StoredLedgerState(accountId, version, LedgerCheckpointJson.Format, LedgerCheckpointJson.SerializeCompact(ledger)));
            if (rows.Count == 0) return;
            await store.SaveManyAsync(rows, ct);
            foreach (var row in rows) Known(row.AccountId, row.Version);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not store the ledger states of {Count} accounts", rows.Count);
        }
    }

    /// <summary>Whether this process knows the account's state of <paramref name="version"/> (or a later one) stored.</summary>
    public bool IsStored(string accountId, long version) => stored.TryGetValue(accountId, out var known) && known >= version;

    /// <summary>
    /// The stored ledgers of these accounts, with their versions; an account without a readable state is absent. The
    /// caller checks each version against the log: a state is the account's ledger only if no entry follows it.
    /// </summary>
    public async Task<Dictionary<string, (long Version, AccountLedger Ledger)>> ReadAsync(IReadOnlyList<Account> accounts, CancellationToken ct)
    {
        var ledgers = new Dictionary<string, (long, AccountLedger)>(StringComparer.Ordinal);
        if (store is null || accounts.Count == 0) return ledgers;
        var byId = new Dictionary<string, Account>(accounts.Count, StringComparer.Ordinal);
        foreach (var account in accounts) byId[account.Id] = account;
        foreach (var (accountId, row) in await store.ReadManyAsync(byId.Keys, ct))
        {
            if (!LedgerCheckpointJson.Reads(row.Format) || row.Version <= 0) continue;
            if (!byId.TryGetValue(accountId, out var account)) continue;
            Known(accountId, row.Version);
            try
            {
                ledgers[accountId] = (row.Version, LedgerCheckpointJson.Deserialize(account.Settings, row.Utf8State.Span, checked((int)row.Version)));
            }
            catch (JsonException e)
            {
                logger.LogWarning(e, "Ignoring the unreadable ledger state of account {AccountId} at {Version}", accountId, row.Version);
            }
        }
        return ledgers;
    }

    private void Known(string accountId, long version) =>
        stored.AddOrUpdate(accountId, version, (_, known) => Math.Max(known, version));
}
