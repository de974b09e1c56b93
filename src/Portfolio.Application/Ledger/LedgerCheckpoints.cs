using System.Text.Json;
using Microsoft.Extensions.Logging;
using Portfolio.Application.Accounts;
using Portfolio.Application.Ports;

namespace Portfolio.Application.Ledger;

/// <summary>
/// Writes a checkpoint every <see cref="Interval"/> entries and resumes a cold account from the newest one that still
/// fits its log. Without a checkpoint store (a host that registers none) it does nothing.
/// </summary>
public sealed class LedgerCheckpoints(ILogger<LedgerCheckpoints> logger, ILedgerCheckpointStore? store = null, LedgerCheckpointOptions? options = null)
{
    private Task lastSave = Task.CompletedTask;

    /// <summary>Transactions between checkpoints (<see cref="LedgerState.CheckpointInterval"/> unless the options say otherwise); the states this builds use it too.</summary>
    public int Interval { get; } = options?.Interval ?? LedgerState.CheckpointInterval;

    /// <summary>The checkpoint save started last by <see cref="SaveInBackgroundIfDue"/> (tests and shutdown wait for it).</summary>
    public Task LastSave => Volatile.Read(ref lastSave);

    /// <summary>
    /// Starts <see cref="SaveIfDueAsync"/> off the caller's path: serializing the state costs what its history costs, and a
    /// write should pay only for itself. The state is immutable, so it can be read on another thread.
    /// </summary>
    public void SaveInBackgroundIfDue(LedgerState state)
    {
        if (store is null || state.Version == 0 || state.Version % Interval != 0) return;
        Volatile.Write(ref lastSave, Task.Run(() => SaveIfDueAsync(state, CancellationToken.None)));
    }

    /// <summary>Best effort: a checkpoint that cannot be written costs a longer replay on a cold load, nothing else.</summary>
    public async Task SaveIfDueAsync(LedgerState state, CancellationToken ct)
    {
        if (store is null || state.Version == 0 || state.Version % Interval != 0) return;
        await SaveAsync(state, state.Version, state.Ledger, ct);
    }

    /// <summary>
    /// For a state a batch (an import) built from the state at <paramref name="before"/>: stores, in the background, the
    /// newest checkpoint the batch passed (<see cref="LedgerState.NewestCheckpointAfter"/>). A batch seldom ends on a
    /// multiple of the interval, and without this an account built by one import had no checkpoint until a single write
    /// happened to land on one, so every cold load replayed its whole log.
    /// </summary>
    public void SaveNewestInBackground(LedgerState state, long before)
    {
        if (store is null || state.NewestCheckpointAfter(before) is not var (sequence, ledger)) return;
        Volatile.Write(ref lastSave, Task.Run(() => SaveAsync(state, sequence, ledger, CancellationToken.None)));
    }

    private async Task SaveAsync(LedgerState state, long sequence, Domain.Ledger.AccountLedger ledger, CancellationToken ct)
    {
        try
        {
            var info = new LedgerCheckpointInfo(state.AccountId, sequence, state.PrefixHash(sequence), ledger.LastTradeDate, LedgerCheckpointJson.Format);
            await store!.SaveAsync(new LedgerCheckpoint(info, LedgerCheckpointJson.SerializeCompact(ledger)), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not store the ledger checkpoint of account {AccountId} at {Sequence}", state.AccountId, sequence);
        }
    }

    /// <summary>
    /// The state of a whole log (all of an account's entries, in sequence order), from the newest checkpoint holding the
    /// whole realized history whose prefix hash matches the log and whose last trade date no later entry precedes; a
    /// full replay when there is none (the checkpoints written now are compact: they serve <see cref="LoadFromNewestAsync"/>).
    /// </summary>
    public async Task<LedgerState> LoadAsync(Account account, IReadOnlyList<LedgerEntry> entries, CancellationToken ct)
    {
        if (store is null || entries.Count < Interval)
            return LedgerState.Replay(account.Id, account.Settings, entries, Interval);

        var candidates = await store.ListAsync(account.Id, ct);
        if (candidates.Count == 0) return LedgerState.Replay(account.Id, account.Settings, entries, Interval);
        var hashes = LedgerState.BlockHashes(entries, LogPrefixHash.Empty, Interval);
        foreach (var info in candidates)
        {
            if (!Fits(info, entries, hashes)) continue;
            var checkpoint = await store.ReadAsync(account.Id, info.Sequence, ct);
            if (checkpoint is null) continue;
            var ledger = ReadableOrNull(account.Id, info.Sequence, () => LedgerCheckpointJson.Deserialize(account.Settings, checkpoint.State,
                entries.Take((int)info.Sequence).Select(e => e.Transaction.Id)));
            if (ledger is null) continue;
            // A compact checkpoint lacks the older realized history that a state of the whole log must hold.
            if (ledger.RealizedFrom != 0) continue;
            return LedgerState.Resume(account.Id, entries, ledger, info.Sequence, Interval, hashes);
        }
        return LedgerState.Replay(account.Id, account.Settings, entries, Interval);
    }

    /// <summary>
    /// The state of an account's log from its newest usable checkpoint, reading only the entries from the checkpoint's
    /// sequence on: the checkpoint's prefix hash is checked against the one stored on the log's entry at that sequence
    /// (<see cref="LedgerEntry.PrefixHash"/>), and no later entry may be dated before its last trade date (a back-dated
    /// write makes the checkpoints after its date unusable, so the load falls back to an older one). Null when no
    /// checkpoint fits: the caller replays the whole log. The state is not <see cref="LedgerState.IsComplete"/>.
    /// With <paramref name="covering"/>, only a checkpoint whose state can book a transaction of that date is used.
    /// </summary>
    public async Task<LedgerState?> LoadFromNewestAsync(Account account, ILedgerStore log, CancellationToken ct, DateOnly? covering = null)
    {
        if (store is null) return null;
        foreach (var info in await store.ListAsync(account.Id, ct))
        {
            if (covering is { } date && info.LastTradeDate > date) continue;
            if (!LedgerCheckpointJson.Reads(info.Format) || info.Sequence <= 0 || info.Sequence % Interval != 0)
                continue;
            var tail = await log.ReadAsync(account.Id, info.Sequence - 1, ct);
            if (tail.Count == 0 || tail[0].Sequence != info.Sequence || tail[0].PrefixHash != info.PrefixHash) continue;
            if (info.LastTradeDate is { } last && AnyDatedBefore(tail, last)) continue;
            var checkpoint = await store.ReadAsync(account.Id, info.Sequence, ct);
            if (checkpoint is null || checkpoint.Info.PrefixHash != info.PrefixHash) continue;
            var ledger = ReadableOrNull(account.Id, info.Sequence,
                // The ids booked before the checkpoint stay in the log: a new transaction's id is unique by construction
                // (a GUID, or derived from an idempotency key that the write path looks up in the store first).
                () => LedgerCheckpointJson.Deserialize(account.Settings, checkpoint.State, checked((int)info.Sequence)));
            if (ledger is null) continue;
            if (ledger.LastTradeDate != info.LastTradeDate) continue;
            try { return LedgerState.FromCheckpoint(account.Id, ledger, info.Sequence, info.PrefixHash, tail.Skip(1).ToList(), Interval); }
            catch (Exception e) when (e is Domain.LedgerRuleViolation or ArithmeticException)
            {
                // The log after it books from a full replay or not at all: either way the full replay says which.
                logger.LogWarning(e, "Ignoring the ledger checkpoint of account {AccountId} at {Sequence}: the entries after it do not book onto it", account.Id, info.Sequence);
            }
        }
        return null;
    }

    // A helper rather than try/catch in the loops: a local assigned in a try and read after it is a compile error in
    // Stryker's mutants that drop the catch's continue, and Stryker then leaves the whole method unmutated.
    private Domain.Ledger.AccountLedger? ReadableOrNull(string accountId, long sequence, Func<Domain.Ledger.AccountLedger> deserialize)
    {
        try { return deserialize(); }
        catch (JsonException e)
        {
            logger.LogWarning(e, "Ignoring the unreadable ledger checkpoint of account {AccountId} at {Sequence}", accountId, sequence);
            return null;
        }
    }

    private static bool AnyDatedBefore(IReadOnlyList<LedgerEntry> entries, DateOnly date)
    {
        for (var i = 1; i < entries.Count; i++)
            if (entries[i].Transaction.TradeDate < date) return true;
        return false;
    }

    private bool Fits(LedgerCheckpointInfo info, IReadOnlyList<LedgerEntry> entries, List<string> hashes)
    {
        if (!LedgerCheckpointJson.Reads(info.Format) || info.Sequence <= 0 || info.Sequence > entries.Count
            || info.Sequence % Interval != 0)
            return false;
        if (hashes[(int)(info.Sequence / Interval) - 1] != info.PrefixHash) return false;
        // A back-dated entry recorded after the checkpoint books before some of what it holds: it cannot be resumed.
        if (info.LastTradeDate is { } last)
            for (var i = (int)info.Sequence; i < entries.Count; i++)
                if (entries[i].Transaction.TradeDate < last) return false;
        return true;
    }
}
