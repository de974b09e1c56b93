using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Accounts;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Application.Revaluation;
using Portfolio.Application.Snapshots;
using Portfolio.Storage.Sqlite;

namespace Portfolio.Application.Tests.RevaluationRules;

/// <summary>
/// A revaluation that fails leaves nothing running behind it: the page still being written when a later page fails is
/// written to the end, and the page still being listed is listed to the end, before <see cref="RevaluationService.RevalueAllAsync"/> throws.
/// </summary>
public class InFlightWorkTests
{
    [Fact]
    public async Task A_revaluation_that_fails_on_a_page_returns_only_after_the_previous_page_is_written()
    {
        var snapshots = default(HeldSnapshots);
        var ledger = default(FailingLedgerReads);
        var pump = new Pump();
        await using var app = new Harness(s => s
            .AddSingleton<IAccountStore>(sp => new OneAccountPerPage(ActivatorUtilities.CreateInstance<SqliteAccountStore>(sp)))
            .AddSingleton<ISnapshotStore>(sp => snapshots = new HeldSnapshots(ActivatorUtilities.CreateInstance<SqliteSnapshotStore>(sp), pump))
            .AddSingleton<ILedgerStore>(sp => ledger = new FailingLedgerReads(ActivatorUtilities.CreateInstance<SqliteLedgerStore>(sp))));
        var ordered = new[] { (await app.AccountAsync()).Id, (await app.AccountAsync()).Id }.Order(StringComparer.Ordinal).ToList();
        _ = app.Get<ISnapshotStore>();
        _ = app.Get<ILedgerStore>();
        ledger!.FailsFor = ordered[1];

        // The service runs under a context this test drains itself, so it knows which of the service's own steps ran.
        var revalue = pump.Run(() => app.Get<RevaluationService>().RevalueAllAsync(parallelism: 1, CancellationToken.None));
        // Page 1 decided, its write held in the snapshot store, and the service waiting for page 2's inputs.
        pump.RunUntil(() => snapshots!.Entered.Task.IsCompleted);
        ledger.Gate.SetException(new IOException("page 2 cannot be read"));
        // The one step of the service that follows: it takes the failure and either waits for the write or returns.
        pump.RunOneStep();
        Assert.False(revalue.IsCompleted, "RevalueAllAsync returned while the previous page was still being written");

        snapshots!.Release.SetResult();
        var failure = await Assert.ThrowsAsync<IOException>(() => revalue);
        Assert.Equal("page 2 cannot be read", failure.Message);
        Assert.Equal([ordered[0]], snapshots.Written.Select(s => s.AccountId));
    }

    [Fact]
    public async Task A_revaluation_that_fails_on_a_page_returns_only_after_the_listing_of_the_next_page_has_finished()
    {
        var listing = default(HeldListing);
        var ledger = default(HeldLedgerReads);
        var pump = new Pump();
        await using var app = new Harness(s => s
            .AddSingleton<IAccountStore>(sp => listing = new HeldListing(new OneAccountPerPage(ActivatorUtilities.CreateInstance<SqliteAccountStore>(sp)), pump))
            .AddSingleton<ILedgerStore>(sp => ledger = new HeldLedgerReads(ActivatorUtilities.CreateInstance<SqliteLedgerStore>(sp), pump)));
        var ordered = new[] { (await app.AccountAsync()).Id, (await app.AccountAsync()).Id, (await app.AccountAsync()).Id }
            .Order(StringComparer.Ordinal).ToList();
        _ = app.Get<ILedgerStore>();
        listing!.Holds = "2"; // the listing of the third page
        ledger!.Hold(ordered[0]);
        ledger.Hold(ordered[1]);

        var revalue = pump.Run(() => app.Get<RevaluationService>().RevalueAllAsync(parallelism: 1, CancellationToken.None));
        // Pages 1 and 2 listed and their inputs being read (RevaluationService.ReadAhead = 2): the pipeline stops listing
        // there, with page 3's listing under way, and waits for page 1's inputs.
        pump.RunUntil(() => listing.Entered.Task.IsCompleted && ledger.Entered(ordered[1]));
        // Page 2's read ends now, on a thread of its own that runs its continuations inline: its task is complete before
        // page 1's read fails, so the service's finally passes it without waiting and comes to the listing.
        ledger.Release(ordered[1]);
        ledger.Fail(ordered[0], new IOException("page 1 cannot be read"));
        // The one step of the service that follows: it takes the failure and either waits for the listing or returns.
        pump.RunOneStep();
        Assert.False(revalue.IsCompleted, "RevalueAllAsync returned while the next page was still being listed");

        listing.Release.SetResult();
        var failure = await Assert.ThrowsAsync<IOException>(() => revalue);
        Assert.Equal("page 1 cannot be read", failure.Message);
        Assert.True(listing.Finished, "the listing of page 3 had not finished when RevalueAllAsync returned");
    }

    /// <summary>A synchronization context whose posted steps the test runs on its own thread, one at a time.</summary>
    private sealed class Pump : SynchronizationContext
    {
        private static readonly object WakeUp = new();
        private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> steps = new();

        public override void Post(SendOrPostCallback d, object? state) => steps.Add((d, state));
        public void Wake() => steps.Add((_ => { }, WakeUp));

        public Task Run(Func<Task> start) => Under(start);

        public void RunUntil(Func<bool> done) =>
            Under(() =>
            {
                while (!done()) Step();
                return Task.CompletedTask;
            });

        /// <summary>Runs posted steps until one of the service's (not a wake-up) has run.</summary>
        public void RunOneStep() => Under(() =>
        {
            while (!Step()) { }
            return Task.CompletedTask;
        });

        private bool Step()
        {
            var (callback, state) = steps.Take();
            callback(state);
            return state != WakeUp;
        }

        private Task Under(Func<Task> action)
        {
            var previous = Current;
            SetSynchronizationContext(this);
            try { return action(); }
            finally { SetSynchronizationContext(previous); }
        }
    }

    /// <summary>The accounts one per page, in id order, the last page without a continuation.</summary>
    private sealed class OneAccountPerPage(IAccountStore inner) : IAccountStore
    {
        public Task<Account?> GetAsync(string ownerId, string accountId, CancellationToken ct) => inner.GetAsync(ownerId, accountId, ct);
        public Task<IReadOnlyList<Account>> ListByOwnerAsync(string ownerId, CancellationToken ct) => inner.ListByOwnerAsync(ownerId, ct);
        public Task<bool> TryCreateAsync(Account account, CancellationToken ct) => inner.TryCreateAsync(account, ct);
        public Task<bool> TryReplaceAsync(Account account, CancellationToken ct) => inner.TryReplaceAsync(account, ct);

        public async Task<Page<Account>> ListAllAsync(string? continuationToken, int pageSize, CancellationToken ct)
        {
            var all = (await inner.ListAllAsync(null, 100, ct)).Items.OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
            var index = continuationToken is null ? 0 : int.Parse(continuationToken);
            return new Page<Account>([all[index]], index + 1 < all.Count ? (index + 1).ToString() : null);
        }
    }

    /// <summary>The SQLite snapshot store, whose batch write waits for <see cref="Release"/> after saying it started.</summary>
    private sealed class HeldSnapshots(ISnapshotStore inner, Pump pump) : ISnapshotStore
    {
        public readonly TaskCompletionSource Entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly ConcurrentQueue<DailySnapshot> Written = new();

        public Task SaveAsync(DailySnapshot snapshot, CancellationToken ct) => inner.SaveAsync(snapshot, ct);

        public async Task SaveManyAsync(IReadOnlyList<DailySnapshot> snapshots, CancellationToken ct)
        {
            Entered.TrySetResult();
            pump.Wake();
            await Release.Task;
            await inner.SaveManyAsync(snapshots, ct);
            foreach (var snapshot in snapshots) Written.Enqueue(snapshot);
        }

        public Task<IReadOnlyList<DailySnapshot>> ListAsync(string accountId, DateOnly from, DateOnly to, CancellationToken ct) => inner.ListAsync(accountId, from, to, ct);
    }

    /// <summary>The SQLite log, whose page read of <see cref="FailsFor"/> waits for <see cref="Gate"/> and fails with it.</summary>
    private sealed class FailingLedgerReads(ILedgerStore inner) : ILedgerStore
    {
        public readonly TaskCompletionSource Gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string? FailsFor;

        public Task<IReadOnlyList<LedgerEntry>> ReadAsync(string accountId, long afterSequence, CancellationToken ct) => inner.ReadAsync(accountId, afterSequence, ct);

        public async Task<IReadOnlyDictionary<string, IReadOnlyList<LedgerEntry>>> ReadAsync(IReadOnlyDictionary<string, long> afterSequenceByAccount, CancellationToken ct)
        {
            if (FailsFor is not null && afterSequenceByAccount.ContainsKey(FailsFor)) await Gate.Task;
            return await inner.ReadAsync(afterSequenceByAccount, ct);
        }

        public Task<AppendStatus> TryAppendAsync(LedgerEntry entry, CancellationToken ct) => inner.TryAppendAsync(entry, ct);
        public Task<LedgerEntry?> FindByIdempotencyKeyAsync(string accountId, string idempotencyKey, CancellationToken ct) => inner.FindByIdempotencyKeyAsync(accountId, idempotencyKey, ct);
    }

    /// <summary>An account store whose listing from <see cref="Holds"/> says it started, then waits for <see cref="Release"/>.</summary>
    private sealed class HeldListing(IAccountStore inner, Pump pump) : IAccountStore
    {
        public readonly TaskCompletionSource Entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string? Holds;
        public volatile bool Finished;

        public Task<Account?> GetAsync(string ownerId, string accountId, CancellationToken ct) => inner.GetAsync(ownerId, accountId, ct);
        public Task<IReadOnlyList<Account>> ListByOwnerAsync(string ownerId, CancellationToken ct) => inner.ListByOwnerAsync(ownerId, ct);
        public Task<bool> TryCreateAsync(Account account, CancellationToken ct) => inner.TryCreateAsync(account, ct);
        public Task<bool> TryReplaceAsync(Account account, CancellationToken ct) => inner.TryReplaceAsync(account, ct);

        public async Task<Page<Account>> ListAllAsync(string? continuationToken, int pageSize, CancellationToken ct)
        {
            if (Holds is null || continuationToken != Holds) return await inner.ListAllAsync(continuationToken, pageSize, ct);
            Entered.TrySetResult();
            pump.Wake();
            await Release.Task;
            var page = await inner.ListAllAsync(continuationToken, pageSize, ct);
            Finished = true;
            return page;
        }
    }

    /// <summary>
    /// The SQLite log, whose page read of a held account says it started, then waits for the test to let it read
    /// (<see cref="Release"/>) or fail (<see cref="Fail"/>). Each is done on a new thread with no synchronization context,
    /// joined, so the read's continuations (the rest of the service's page read) run inline there and have run on return.
    /// </summary>
    private sealed class HeldLedgerReads(ILedgerStore inner, Pump pump) : ILedgerStore
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource> gates = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, bool> entered = new(StringComparer.Ordinal);

        // Without RunContinuationsAsynchronously: whoever completes the gate runs what waits for it.
        public void Hold(string accountId) => gates[accountId] = new TaskCompletionSource();
        public bool Entered(string accountId) => entered.ContainsKey(accountId);
        public void Release(string accountId) => OnPlainThread(() => gates[accountId].SetResult());
        public void Fail(string accountId, Exception e) => OnPlainThread(() => gates[accountId].SetException(e));

        private static void OnPlainThread(Action action)
        {
            var thread = new Thread(() => action());
            thread.Start();
            thread.Join();
        }

        public Task<IReadOnlyList<LedgerEntry>> ReadAsync(string accountId, long afterSequence, CancellationToken ct) => inner.ReadAsync(accountId, afterSequence, ct);

        public async Task<IReadOnlyDictionary<string, IReadOnlyList<LedgerEntry>>> ReadAsync(IReadOnlyDictionary<string, long> afterSequenceByAccount, CancellationToken ct)
        {
            foreach (var accountId in afterSequenceByAccount.Keys)
                if (gates.TryGetValue(accountId, out var gate))
                {
                    entered[accountId] = true;
                    pump.Wake();
                    await gate.Task;
                }
            return await inner.ReadAsync(afterSequenceByAccount, ct);
        }

        public Task<AppendStatus> TryAppendAsync(LedgerEntry entry, CancellationToken ct) => inner.TryAppendAsync(entry, ct);
        public Task<LedgerEntry?> FindByIdempotencyKeyAsync(string accountId, string idempotencyKey, CancellationToken ct) => inner.FindByIdempotencyKeyAsync(accountId, idempotencyKey, ct);
    }
}
