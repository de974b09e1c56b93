using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Domain.Transactions;
using Portfolio.Storage.Sqlite;

namespace Portfolio.Application.Tests.TransactionRules;

/// <summary>
/// A retry answers what its request realized. A cold account's state holds the log after its checkpoint only, whose
/// realized history starts there: a retry of a request booked up to the checkpoint (its last entry included) is answered
/// from the whole log, and one booked after it from the loaded state, without reading the log again.
/// </summary>
public class RetryAcrossCheckpointTests
{
    private const int Interval = 4;
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateOnly May1 = new(2024, 5, 1);

    [Fact]
    public async Task A_retried_sale_booked_as_the_checkpoints_last_entry_answers_the_lot_it_realized()
    {
        await using var app = Harness.WithCheckpointInterval(Interval);
        var account = await ColdAccountAsync(app);

        var retry = await app.RecordAsync(account, _ => new Sell("", May1.AddDays(3), "AAPL", 3, 120), key: "key-4");

        Assert.True(retry.Replayed);
        var realized = Assert.Single(retry.Realized);
        Assert.Equal(("tx-4", 3m, 360m, 300m), (realized.TransactionId, realized.Quantity, realized.Proceeds, realized.CostBasis));
    }

    [Fact]
    public async Task A_retried_sale_booked_after_the_checkpoint_is_answered_from_the_loaded_state_without_reading_the_log_again()
    {
        var counting = default(CountingLedgerStore);
        await using var app = Harness.WithCheckpointInterval(Interval, s => s.AddSingleton<ILedgerStore>(sp => counting = new CountingLedgerStore(ActivatorUtilities.CreateInstance<SqliteLedgerStore>(sp))));
        var account = await ColdAccountAsync(app);
        var readBefore = counting!.EntriesRead;

        var retry = await app.RecordAsync(account, _ => new Sell("", May1.AddDays(5), "AAPL", 2, 130), key: "key-6");

        Assert.True(retry.Replayed);
        var realized = Assert.Single(retry.Realized);
        Assert.Equal(("tx-6", 2m, 260m, 200m), (realized.TransactionId, realized.Quantity, realized.Proceeds, realized.CostBasis));
        Assert.Equal(readBefore, counting.EntriesRead);
    }

    /// <summary>
    /// Buys of 10 AAPL at 100 on 1, 2 and 3 May, a sale of 3 at 120 on 4 May (entry 4, the checkpoint's last), a buy on 5 May
    /// and a sale of 2 at 130 on 6 May (entry 6), each under key-i with request hash "hash-key-i" (as <see cref="Harness.RecordAsync"/>
    /// sends); stored with a checkpoint at entry 4 and loaded once from it, as a cold write would.
    /// </summary>
    private static async Task<Accounts.Account> ColdAccountAsync(Harness app)
    {
        var account = await app.AccountAsync();
        Transaction[] log =
        [
            new Buy("tx-1", May1, "AAPL", 10, 100), new Buy("tx-2", May1.AddDays(1), "AAPL", 10, 100), new Buy("tx-3", May1.AddDays(2), "AAPL", 10, 100),
            new Sell("tx-4", May1.AddDays(3), "AAPL", 3, 120), new Buy("tx-5", May1.AddDays(4), "AAPL", 10, 100), new Sell("tx-6", May1.AddDays(5), "AAPL", 2, 130),
        ];
        var state = LedgerState.Empty(account.Id, account.Settings, Interval);
        for (var i = 1; i <= log.Length; i++)
        {
            state = state.With(new LedgerEntry(account.Id, i, log[i - 1], DateTimeOffset.UnixEpoch, $"key-{i}", $"hash-key-{i}"), out _);
            if (i == Interval) await app.Get<LedgerCheckpoints>().SaveIfDueAsync(state, Ct);
        }
        Assert.Equal(AppendStatus.Appended, await app.Get<ILedgerStore>().TryAppendAllAsync(state.Entries.ToList(), Ct));
        var loaded = await app.Get<LedgerReader>().LoadLedgerAsync(account, Ct);
        Assert.Equal((false, 2), (loaded.IsComplete, loaded.Entries.Count));
        return account;
    }
}
