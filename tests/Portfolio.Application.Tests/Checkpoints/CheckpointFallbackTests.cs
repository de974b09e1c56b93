using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portfolio.Application.Accounts;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.Checkpoints;

/// <summary>
/// A stored checkpoint is a cache: one that cannot be read, that disagrees with itself, or that the entries after it do
/// not book onto is ignored (with a warning) and the load falls back to the checkpoint before it; one that cannot be
/// written costs a longer replay, not the write. Checkpoints every 20 entries, so a log of 45 crosses two.
/// </summary>
public class CheckpointFallbackTests
{
    private const int Interval = 20;
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static Harness ShortIntervalHarness(CapturedLogs? logs = null) => Harness.WithCheckpointInterval(Interval, services =>
    {
        if (logs is not null) services.AddSingleton<ILoggerProvider>(logs);
    });

    /// <summary>A log of 45 entries stored as the write path stores it, and a true checkpoint at 20 holding one more dollar than its log gives (so a load shows whether it used it).</summary>
    private static async Task<(Account Account, List<LedgerEntry> Entries, LedgerState Full)> StoredLogAsync(Harness app)
    {
        var account = await app.AccountAsync(LedgerLogs.Taxable(LotMethod.Fifo));
        var entries = LedgerLogs.Generate(account.Id, account.Settings, 2 * Interval + 5, seed: 7);
        var written = LedgerState.Empty(account.Id, account.Settings, Interval).With(entries);
        Assert.Equal(AppendStatus.Appended, await app.Get<ILedgerStore>().TryAppendAllAsync(written.Entries.ToList(), Ct));
        await SaveAsync(app, account, entries, Interval, saved => saved with { Cash = saved.Cash + 1m });
        return (account, entries, LedgerState.Replay(account.Id, account.Settings, entries));
    }

    private static Task SaveAsync(Harness app, Account account, List<LedgerEntry> entries, int sequence,
        Func<Domain.Ledger.SavedLedger, Domain.Ledger.SavedLedger> change, string? state = null, DateOnly? lastTradeDate = null)
    {
        var prefix = LedgerState.Replay(account.Id, account.Settings, entries.Take(sequence).ToList(), Interval);
        var saved = change(prefix.Ledger.Save());
        var info = new LedgerCheckpointInfo(account.Id, sequence, prefix.PrefixHash(sequence), lastTradeDate ?? saved.LastTradeDate, LedgerCheckpointJson.Format);
        return app.Get<ILedgerCheckpointStore>().SaveAsync(new LedgerCheckpoint(info, state ?? Common.StorageJson.Serialize(saved)), Ct);
    }

    private static async Task<LedgerState> ColdLoadAsync(Harness app, Account account) =>
        await new LedgerReader(app.Get<ILedgerStore>(), app.Get<LedgerCheckpoints>()).LoadLedgerAsync(account, Ct);

    private static async Task<LedgerState> ColdWholeLoadAsync(Harness app, Account account) =>
        await new LedgerReader(app.Get<ILedgerStore>(), app.Get<LedgerCheckpoints>()).LoadAsync(account, Ct);

    [Fact]
    public async Task An_unreadable_checkpoint_is_ignored_with_a_warning_and_both_loads_use_the_one_before_it()
    {
        var logs = new CapturedLogs();
        await using var app = ShortIntervalHarness(logs);
        var (account, entries, full) = await StoredLogAsync(app);
        await SaveAsync(app, account, entries, 2 * Interval, saved => saved, state: "{\"cash\": ");

        var suffix = await ColdLoadAsync(app, account);
        var whole = await ColdWholeLoadAsync(app, account);

        Assert.Equal(entries.Count - Interval, suffix.Entries.Count); // from entry 21, not 41
        Assert.Equal(full.Ledger.Cash + 1m, suffix.Ledger.Cash);
        Assert.Equal(full.Ledger.Cash + 1m, whole.Ledger.Cash);
        Assert.True(whole.IsComplete);
        Assert.Equal(2, logs.AtLeast(LogLevel.Warning).Count(e => e.Message.StartsWith($"Ignoring the unreadable ledger checkpoint of account {account.Id} at 40", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_checkpoint_whose_last_trade_date_is_not_its_ledgers_is_ignored()
    {
        await using var app = ShortIntervalHarness();
        var (account, entries, full) = await StoredLogAsync(app);
        var lastBooked = LedgerState.Replay(account.Id, account.Settings, entries.Take(2 * Interval).ToList()).Ledger.LastTradeDate!.Value;
        // A day earlier than the ledger's: no entry after it is dated before it, so only the ledger's own date tells.
        await SaveAsync(app, account, entries, 2 * Interval, saved => saved with { Cash = saved.Cash + 1_000m }, lastTradeDate: lastBooked.AddDays(-1));

        var loaded = await ColdLoadAsync(app, account);

        Assert.Equal(full.Ledger.Cash + 1m, loaded.Ledger.Cash);
        Assert.Equal(entries.Count - Interval, loaded.Entries.Count);
    }

    [Fact]
    public async Task A_checkpoint_the_entries_after_it_do_not_book_onto_is_ignored_with_a_warning()
    {
        var logs = new CapturedLogs();
        await using var app = ShortIntervalHarness(logs);
        var (account, entries, full) = await StoredLogAsync(app);
        Assert.Contains(entries.Skip(2 * Interval), e => e.Transaction is Sell); // a sale after the checkpoint
        // A checkpoint holding no lots at all: the first sale after it has nothing to sell.
        await SaveAsync(app, account, entries, 2 * Interval, saved => saved with { Lots = [], PendingLosses = [] });

        var loaded = await ColdLoadAsync(app, account);

        Assert.Equal(full.Ledger.Cash + 1m, loaded.Ledger.Cash);
        Assert.Contains(logs.AtLeast(LogLevel.Warning), e => e.Message == $"Ignoring the ledger checkpoint of account {account.Id} at 40: the entries after it do not book onto it");
    }

    /// <summary>A checkpoint store whose writes fail (a full disk, a dropped connection).</summary>
    private sealed class UnwritableCheckpoints(Exception failure) : ILedgerCheckpointStore
    {
        public Task SaveAsync(LedgerCheckpoint checkpoint, CancellationToken ct) => Task.FromException(failure);
        public Task<IReadOnlyList<LedgerCheckpointInfo>> ListAsync(string accountId, CancellationToken ct) => Task.FromResult<IReadOnlyList<LedgerCheckpointInfo>>([]);
        public Task<LedgerCheckpoint?> ReadAsync(string accountId, long sequence, CancellationToken ct) => Task.FromResult<LedgerCheckpoint?>(null);
    }

    [Fact]
    public async Task A_checkpoint_that_cannot_be_stored_is_logged_and_the_write_goes_on_but_a_cancellation_is_not_swallowed()
    {
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var settings = LedgerLogs.Taxable(LotMethod.Fifo);
        var state = LedgerState.Empty("a", settings, Interval).With(LedgerLogs.Generate("a", settings, Interval, seed: 3));
        var options = new LedgerCheckpointOptions { Interval = Interval };

        await new LedgerCheckpoints(factory.CreateLogger<LedgerCheckpoints>(), new UnwritableCheckpoints(new IOException("disk full")), options)
            .SaveIfDueAsync(state, Ct);

        var warning = Assert.Single(logs.AtLeast(LogLevel.Warning));
        Assert.Equal("Could not store the ledger checkpoint of account a at 20", warning.Message);
        Assert.IsType<IOException>(warning.Exception);
        await Assert.ThrowsAsync<OperationCanceledException>(() =>
            new LedgerCheckpoints(factory.CreateLogger<LedgerCheckpoints>(), new UnwritableCheckpoints(new OperationCanceledException()), options).SaveIfDueAsync(state, Ct));
    }
}
