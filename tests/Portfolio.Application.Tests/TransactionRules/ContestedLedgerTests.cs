using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Application.Transactions;
using Portfolio.Domain.Transactions;
using Portfolio.Storage.Sqlite;

namespace Portfolio.Application.Tests.TransactionRules;

/// <summary>
/// A write whose append loses the race to other writers reloads and tries again, and gives up with a conflict after
/// <see cref="TransactionService.MaxAttempts"/> appends; the refresh of the held symbols after a booked write is best effort.
/// </summary>
public class ContestedLedgerTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task A_write_that_loses_every_append_race_gives_up_after_MaxAttempts_appends_with_a_conflict_naming_the_account()
    {
        var ledger = default(LosingLedgerStore);
        await using var app = new Harness(s => s.AddSingleton<ILedgerStore>(sp => ledger = new LosingLedgerStore(ActivatorUtilities.CreateInstance<SqliteLedgerStore>(sp))));
        var account = await app.AccountAsync();
        _ = app.Get<ILedgerStore>();
        ledger!.Losing = int.MaxValue;

        var conflict = await Assert.ThrowsAsync<ConflictException>(() => app.RecordAsync(account, id => new Deposit(id, new DateOnly(2024, 5, 1), 100m)));

        Assert.Equal("account", conflict.Field);
        Assert.Equal($"account '{account.Id}' is being written by many clients at once; retry", conflict.Message);
        Assert.Equal(TransactionService.MaxAttempts, ledger.Appends);
        Assert.Empty(await ledger.ReadAsync(account.Id, 0, Ct));
    }

    [Fact]
    public async Task A_write_that_loses_three_append_races_is_booked_once_on_its_fourth_append()
    {
        var ledger = default(LosingLedgerStore);
        await using var app = new Harness(s => s.AddSingleton<ILedgerStore>(sp => ledger = new LosingLedgerStore(ActivatorUtilities.CreateInstance<SqliteLedgerStore>(sp))));
        var account = await app.AccountAsync();
        _ = app.Get<ILedgerStore>();
        ledger!.Losing = 3;

        var booked = await app.RecordAsync(account, id => new Deposit(id, new DateOnly(2024, 5, 1), 100m));

        Assert.Equal((1L, false), (booked.Entry.Sequence, booked.Replayed));
        Assert.Equal(4, ledger.Appends);
        Assert.Equal([booked.Entry.Transaction.Id], (await ledger.ReadAsync(account.Id, 0, Ct)).Select(e => e.Transaction.Id));
    }

    [Fact]
    public async Task A_booked_write_whose_held_symbols_cannot_be_refreshed_is_answered_and_the_failure_logged_as_a_warning()
    {
        var logs = new CapturedLogs();
        var accounts = default(FailingReplaceAccountStore);
        await using var app = new Harness(s =>
        {
            s.AddSingleton<ILoggerProvider>(logs);
            s.AddSingleton<IAccountStore>(sp => accounts = new FailingReplaceAccountStore(ActivatorUtilities.CreateInstance<SqliteAccountStore>(sp)));
        });
        var account = await app.AccountAsync();
        _ = app.Get<IAccountStore>();
        accounts!.Failing = true;

        var booked = await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 5, 1), "AAPL", 2, 180m));

        Assert.Equal(1L, booked.Entry.Sequence);
        Assert.Single(await app.Get<ILedgerStore>().ReadAsync(account.Id, 0, Ct));
        var warning = Assert.Single(logs.AtLeast(LogLevel.Warning));
        Assert.Equal((LogLevel.Warning, $"Could not refresh the held symbols of account {account.Id}"), (warning.Level, warning.Message));
        Assert.Equal(FailingReplaceAccountStore.Failure, warning.Exception?.Message);
        Assert.Empty((await accounts.GetAsync(account.OwnerId, account.Id, Ct))!.HeldSymbols);
    }

    /// <summary>The real store, answering <see cref="AppendStatus.SequenceTaken"/> without writing to the first <see cref="Losing"/> appends.</summary>
    private sealed class LosingLedgerStore(ILedgerStore inner) : ILedgerStore
    {
        public int Losing;
        public int Appends;

        public Task<IReadOnlyList<LedgerEntry>> ReadAsync(string accountId, long afterSequence, CancellationToken ct) => inner.ReadAsync(accountId, afterSequence, ct);

        public Task<AppendStatus> TryAppendAsync(LedgerEntry entry, CancellationToken ct)
        {
            // A writer that never gives up would loop for ever: it fails here instead, and its test with it.
            if (++Appends > TransactionService.MaxAttempts + 10) throw new InvalidOperationException("the writer did not give up");
            return Appends <= Losing ? Task.FromResult(AppendStatus.SequenceTaken) : inner.TryAppendAsync(entry, ct);
        }

        public Task<LedgerEntry?> FindByIdempotencyKeyAsync(string accountId, string idempotencyKey, CancellationToken ct) =>
            inner.FindByIdempotencyKeyAsync(accountId, idempotencyKey, ct);
    }

    /// <summary>The real store, whose replaces fail (an unreachable database) while <see cref="Failing"/>.</summary>
    private sealed class FailingReplaceAccountStore(IAccountStore inner) : IAccountStore
    {
        public const string Failure = "the account store is unreachable";
        public bool Failing;

        public Task<Account?> GetAsync(string ownerId, string accountId, CancellationToken ct) => inner.GetAsync(ownerId, accountId, ct);
        public Task<IReadOnlyList<Account>> ListByOwnerAsync(string ownerId, CancellationToken ct) => inner.ListByOwnerAsync(ownerId, ct);
        public Task<bool> TryCreateAsync(Account account, CancellationToken ct) => inner.TryCreateAsync(account, ct);
        public Task<bool> TryReplaceAsync(Account account, CancellationToken ct) =>
            Failing ? throw new InvalidOperationException(Failure) : inner.TryReplaceAsync(account, ct);
        public Task<Page<Account>> ListAllAsync(string? continuationToken, int pageSize, CancellationToken ct) => inner.ListAllAsync(continuationToken, pageSize, ct);
    }
}
