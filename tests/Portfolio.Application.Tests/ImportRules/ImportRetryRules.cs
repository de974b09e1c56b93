using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Common;
using Portfolio.Application.Imports;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Application.Transactions;
using Portfolio.Domain.Accounts;
using Portfolio.Storage.Sqlite;

namespace Portfolio.Application.Tests.ImportRules;

/// <summary>
/// An import whose append loses the race to another writer reloads and decides again, up to
/// <see cref="TransactionService.MaxAttempts"/> appends (200), then gives up with a conflict naming the account.
/// </summary>
public class ImportRetryRules
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private const string Content = "date,type,symbol,quantity,price,amount\n2024-05-01,buy,AAPL,1,100,\n";

    private static async Task<(Harness App, LosingLedgerStore Ledger, Accounts.Account Account)> ContestedAsync(int losing)
    {
        var ledger = default(LosingLedgerStore);
        var app = new Harness(s => s.AddSingleton<ILedgerStore>(sp => ledger = new LosingLedgerStore(ActivatorUtilities.CreateInstance<SqliteLedgerStore>(sp))));
        var account = await app.AccountAsync(new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: false));
        _ = app.Get<ILedgerStore>();
        ledger!.Losing = losing;
        return (app, ledger, account);
    }

    [Fact]
    public async Task An_import_that_loses_199_append_races_is_booked_on_its_200th_append()
    {
        var (app, ledger, account) = await ContestedAsync(TransactionService.MaxAttempts - 1);
        await using var disposed = app;

        var result = await app.Get<ImportService>().ImportAsync(app.Alice, new ImportRequest(account.Id, "csv", Content, false, false), Ct);

        Assert.Equal(1, result.Booked);
        Assert.Equal(200, ledger.Appends);
        Assert.Single(await ledger.ReadAsync(account.Id, 0, Ct));
    }

    [Fact]
    public async Task An_import_that_loses_every_append_race_gives_up_after_200_appends_with_a_conflict_naming_the_account()
    {
        var (app, ledger, account) = await ContestedAsync(int.MaxValue);
        await using var disposed = app;

        var conflict = await Assert.ThrowsAsync<ConflictException>(() =>
            app.Get<ImportService>().ImportAsync(app.Alice, new ImportRequest(account.Id, "csv", Content, false, false), Ct));

        Assert.Equal(("account", $"account '{account.Id}' is being written by many clients at once; retry"), (conflict.Field, conflict.Message));
        Assert.Equal(200, ledger.Appends);
        Assert.Empty(await ledger.ReadAsync(account.Id, 0, Ct));
    }

    /// <summary>The real store, answering <see cref="AppendStatus.SequenceTaken"/> without writing to the first <see cref="Losing"/> appends.</summary>
    private sealed class LosingLedgerStore(ILedgerStore inner) : ILedgerStore
    {
        public int Losing;
        public int Appends;

        public Task<IReadOnlyList<LedgerEntry>> ReadAsync(string accountId, long afterSequence, CancellationToken ct) => inner.ReadAsync(accountId, afterSequence, ct);

        public Task<AppendStatus> TryAppendAsync(LedgerEntry entry, CancellationToken ct)
        {
            // An import that never gives up would loop for ever: it fails here instead, and its test with it.
            if (++Appends > TransactionService.MaxAttempts + 10) throw new InvalidOperationException("the import did not give up");
            return Appends <= Losing ? Task.FromResult(AppendStatus.SequenceTaken) : inner.TryAppendAsync(entry, ct);
        }

        public Task<AppendStatus> TryAppendAllAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken ct) =>
            entries.Count == 1 ? TryAppendAsync(entries[0], ct) : throw new InvalidOperationException("one row a file here");

        public Task<LedgerEntry?> FindByIdempotencyKeyAsync(string accountId, string idempotencyKey, CancellationToken ct) =>
            inner.FindByIdempotencyKeyAsync(accountId, idempotencyKey, ct);
    }
}
