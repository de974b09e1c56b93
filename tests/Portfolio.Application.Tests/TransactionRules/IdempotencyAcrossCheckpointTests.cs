using Portfolio.Application.Common;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Application.Transactions;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.TransactionRules;

/// <summary>
/// A cold account loads from its newest checkpoint and holds only the log after it, so the keys booked before the
/// checkpoint are not in memory: a retry under one of them must still find the earlier entry in the store.
/// </summary>
public class IdempotencyAcrossCheckpointTests
{
    private const int Interval = 20;
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateOnly First = new(2024, 5, 1);

    [Fact]
    public async Task A_retry_under_a_key_booked_before_the_checkpoint_returns_the_earlier_entry_and_books_nothing()
    {
        await using var app = Harness.WithCheckpointInterval(Interval);
        var account = await ColdAccountWithKeyedLogAsync(app, entries: 25);

        // The retry of entry 20, the checkpoint's last: dated on the checkpoint's last trade date, so the write path may load
        // from that checkpoint (an earlier date would need the whole log), and the key is in the part it does not hold.
        var retry = await app.RecordAsync(account, _ => new Deposit("tx-retry", First.AddDays(Interval), 2_000m), key: $"key-{Interval}");

        Assert.True(retry.Replayed);
        Assert.Equal(Interval, retry.Entry.Sequence);
        Assert.Equal($"tx-{Interval}", retry.Entry.Transaction.Id);
        Assert.Equal(2_000m, ((Deposit)retry.Entry.Transaction).Amount);
        Assert.Equal(25, (await app.Get<ILedgerStore>().ReadAsync(account.Id, 0, Ct)).Count);
    }

    [Fact]
    public async Task A_different_request_under_a_key_booked_before_the_checkpoint_is_a_conflict_naming_the_key()
    {
        await using var app = Harness.WithCheckpointInterval(Interval);
        var account = await ColdAccountWithKeyedLogAsync(app, entries: 25);

        var conflict = await Assert.ThrowsAsync<ConflictException>(() => app.Get<TransactionService>().RecordAsync(app.Alice,
            new RecordTransactionRequest(account.Id, new Deposit("tx-other", First.AddDays(Interval), 1m), $"key-{Interval}", "another-hash"), Ct));

        Assert.Equal("Idempotency-Key", conflict.Field);
        Assert.Equal("this key was already used for a different request", conflict.Message);
        Assert.Equal(25, (await app.Get<ILedgerStore>().ReadAsync(account.Id, 0, Ct)).Count);
    }

    /// <summary>
    /// Deposits of 100 × i on 1 May + i under key-i (request hash "hash-key-i", as <see cref="Harness.RecordAsync"/>
    /// sends), written to the store with a checkpoint at entry 20, and never loaded by this process: the next write is a cold load.
    /// </summary>
    private static async Task<Accounts.Account> ColdAccountWithKeyedLogAsync(Harness app, int entries)
    {
        var account = await app.AccountAsync();
        var state = LedgerState.Empty(account.Id, account.Settings, Interval);
        for (var i = 1; i <= entries; i++)
        {
            state = state.With(new LedgerEntry(account.Id, i, new Deposit($"tx-{i}", First.AddDays(i), 100m * i), DateTimeOffset.UnixEpoch,
                $"key-{i}", $"hash-key-{i}"), out _);
            if (i == Interval) await app.Get<LedgerCheckpoints>().SaveIfDueAsync(state, Ct);
        }
        Assert.Equal(AppendStatus.Appended, await app.Get<ILedgerStore>().TryAppendAllAsync(state.Entries.ToList(), Ct));
        // What the write path loads: the state from the checkpoint on, which does not hold the keys booked before it.
        var loaded = await app.Get<LedgerReader>().LoadLedgerAsync(account, Ct);
        Assert.False(loaded.IsComplete);
        Assert.Equal(entries - Interval, loaded.Entries.Count);
        Assert.Null(loaded.FindByIdempotencyKey($"key-{Interval}"));
        return account;
    }
}
