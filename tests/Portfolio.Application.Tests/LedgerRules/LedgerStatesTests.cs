using Microsoft.Extensions.Logging;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.LedgerRules;

/// <summary>
/// The compact ledger states stored after writes: saved in the background by one drain at a time, a page of at most
/// <see cref="LedgerStates.Batch"/> rows per store call, the newest queued state of each account only; a state this
/// process knows stored (or an older one) is not stored again; a store failure is a warning, never the writer's error.
/// </summary>
public class LedgerStatesTests
{
    private static readonly AccountSettings Usd = new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: false);

    [Fact]
    public async Task States_queued_while_a_save_runs_are_left_to_that_save_which_stores_the_newest_of_each_account_whichever_was_queued_last()
    {
        var store = new RecordingStateStore { Holding = true };
        var states = new LedgerStates(Logger(new CapturedLogs()), store);

        states.SaveInBackground(State("acc_y", 1));
        await store.Entered.Task;
        var running = states.LastSave;
        states.SaveInBackground(State("acc_x", 3));
        states.SaveInBackground(State("acc_x", 2));
        Assert.Same(running, states.LastSave);
        store.Release.SetResult();
        await running;

        Assert.Equal([["acc_y@1"], ["acc_x@3"]], store.Calls);
    }

    [Fact]
    public async Task A_background_save_stores_at_most_Batch_states_per_store_call()
    {
        var store = new RecordingStateStore { Holding = true };
        var states = new LedgerStates(Logger(new CapturedLogs()), store);

        states.SaveInBackground(State("acc_first", 1));
        await store.Entered.Task;
        for (var i = 0; i <= LedgerStates.Batch; i++) states.SaveInBackground(State($"acc_{i:D4}", 1));
        store.Release.SetResult();
        await states.LastSave;

        Assert.Equal([1, LedgerStates.Batch, 1], store.Calls.Select(c => c.Count));
        Assert.Equal(LedgerStates.Batch + 2, store.Calls.SelectMany(c => c).Distinct().Count());
    }

    [Fact]
    public async Task A_state_known_stored_is_not_stored_again_nor_one_older_than_it()
    {
        var store = new RecordingStateStore();
        var states = new LedgerStates(Logger(new CapturedLogs()), store);
        var ledger = State("acc_x", 1).Ledger;

        await states.SaveAsync([("acc_x", 5, ledger)], default);
        await states.SaveAsync([("acc_x", 5, ledger)], default);
        await states.SaveAsync([("acc_x", 7, ledger)], default);
        await states.SaveAsync([("acc_x", 7, ledger)], default);
        await states.SaveAsync([("acc_x", 6, ledger)], default);

        Assert.Equal([["acc_x@5"], ["acc_x@7"]], store.Calls);
        Assert.Equal((true, false), (states.IsStored("acc_x", 7), states.IsStored("acc_x", 8)));
    }

    [Fact]
    public async Task A_failing_state_store_is_logged_as_a_warning_and_the_state_stored_at_the_next_save()
    {
        var logs = new CapturedLogs();
        var store = new RecordingStateStore { Failing = true };
        var states = new LedgerStates(Logger(logs), store);
        var ledger = State("acc_x", 1).Ledger;

        await states.SaveAsync([("acc_x", 1, ledger)], default);
        store.Failing = false;
        await states.SaveAsync([("acc_x", 1, ledger)], default);

        var warning = Assert.Single(logs.AtLeast(LogLevel.Warning));
        Assert.Equal((LogLevel.Warning, "Could not store the ledger states of 1 accounts"), (warning.Level, warning.Message));
        Assert.Equal(RecordingStateStore.Failure, warning.Exception?.Message);
        Assert.Equal([["acc_x@1"]], store.Calls);
    }

    private static ILogger<LedgerStates> Logger(CapturedLogs logs) => new LoggerFactory([logs]).CreateLogger<LedgerStates>();

    /// <summary>The account's state after <paramref name="version"/> deposits of 1.</summary>
    private static LedgerState State(string accountId, int version)
    {
        var state = LedgerState.Empty(accountId, Usd);
        for (var i = 1; i <= version; i++)
            state = state.With(new LedgerEntry(accountId, i, new Deposit($"tx-{i}", new DateOnly(2024, 5, i), 1m), DateTimeOffset.UnixEpoch), out _);
        return state;
    }

    /// <summary>Records each call's rows as "account@version"; the first call waits for <see cref="Release"/> when holding.</summary>
    private sealed class RecordingStateStore : ILedgerStateStore
    {
        public const string Failure = "the state store is unreachable";
        public readonly TaskCompletionSource Entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly List<List<string>> Calls = [];
        public bool Holding;
        public bool Failing;

        public async Task SaveManyAsync(IReadOnlyList<StoredLedgerState> states, CancellationToken ct)
        {
            if (Failing) throw new InvalidOperationException(Failure);
            if (Holding && Entered.TrySetResult()) await Release.Task;
            lock (Calls) Calls.Add(states.Select(s => $"{s.AccountId}@{s.Version}").ToList());
        }

        public Task<IReadOnlyDictionary<string, StoredLedgerState>> ReadManyAsync(IReadOnlyCollection<string> accountIds, CancellationToken ct) =>
            Task.FromResult<IReadOnlyDictionary<string, StoredLedgerState>>(new Dictionary<string, StoredLedgerState>());
    }
}
