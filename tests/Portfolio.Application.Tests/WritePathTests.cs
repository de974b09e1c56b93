using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Common;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Domain;
using Portfolio.Domain.Transactions;
using Portfolio.Storage.Sqlite;

namespace Portfolio.Application.Tests;

public class WritePathTests
{
    private static readonly DateOnly May1 = new(2024, 5, 1);

    /// <summary>Before the first append it lets a competitor append the same sequence, as a concurrent writer would.</summary>
    private sealed class RacingLedgerStore(ILedgerStore inner, Func<LedgerEntry, LedgerEntry> competitor) : ILedgerStore
    {
        public int Appends;
        private bool raced;
        public Task<IReadOnlyList<LedgerEntry>> ReadAsync(string accountId, long afterSequence, CancellationToken ct) => inner.ReadAsync(accountId, afterSequence, ct);
        public Task<LedgerEntry?> FindByIdempotencyKeyAsync(string accountId, string key, CancellationToken ct) => inner.FindByIdempotencyKeyAsync(accountId, key, ct);

        public async Task<AppendStatus> TryAppendAsync(LedgerEntry entry, CancellationToken ct)
        {
            Interlocked.Increment(ref Appends);
            if (!raced && entry.Transaction is Sell)
            {
                raced = true;
                Assert.Equal(AppendStatus.Appended, await inner.TryAppendAsync(competitor(entry), ct));
            }
            return await inner.TryAppendAsync(entry, ct);
        }
    }

    private static Harness WithRace(Func<LedgerEntry, LedgerEntry> competitor, out Func<RacingLedgerStore> store)
    {
        RacingLedgerStore? racing = null;
        var app = new Harness(services => services.AddSingleton<ILedgerStore>(sp =>
            racing = new RacingLedgerStore(ActivatorUtilities.CreateInstance<SqliteLedgerStore>(sp), competitor)));
        store = () => racing!;
        return app;
    }

    private static LedgerEntry CompetingSale(LedgerEntry ours, decimal quantity) =>
        ours with { Transaction = new Sell("competitor", May1, "AAPL", quantity, 120), IdempotencyKey = null };

    [Fact]
    public async Task A_sale_that_loses_the_race_is_decided_again_and_refused_when_the_shares_are_gone()
    {
        await using var app = WithRace(ours => CompetingSale(ours, 6), out var store);
        var account = await app.AccountAsync();
        await app.RecordAsync(account, id => new Buy(id, May1, "AAPL", 10, 100));

        var refusal = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.RecordAsync(account, id => new Sell(id, May1, "AAPL", 6, 110)));
        Assert.Equal("quantity", refusal.Field);

        var stored = await app.Get<ILedgerStore>().ReadAsync(account.Id, 0, default);
        Assert.Equal(["Buy", "Sell"], stored.Select(e => e.Transaction.GetType().Name));
        Assert.Equal("competitor", stored[1].Transaction.Id);
        Assert.Equal(2, store().Appends); // the buy, then our sale once: refused on reload before a second append
    }

    [Fact]
    public async Task A_sale_that_loses_the_race_but_still_fits_is_appended_after_the_winner()
    {
        await using var app = WithRace(ours => CompetingSale(ours, 6), out _);
        var account = await app.AccountAsync();
        await app.RecordAsync(account, id => new Buy(id, May1, "AAPL", 10, 100));

        var result = await app.RecordAsync(account, id => new Sell(id, May1, "AAPL", 4, 110));
        Assert.Equal(3, result.Entry.Sequence);
        Assert.Equal(40m, result.Realized.Sum(r => r.Gain)); // 4 × (110 − 100), from the rest of the only lot
    }

    [Fact]
    public async Task Same_key_returns_the_original_and_another_body_under_it_conflicts()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync();
        var first = await app.RecordAsync(account, id => new Buy(id, May1, "AAPL", 10, 100), key: "k");
        var retry = await app.RecordAsync(account, id => new Buy(id, May1, "AAPL", 10, 100), key: "k");
        Assert.False(first.Replayed);
        Assert.True(retry.Replayed);
        Assert.Equal(first.Entry.Transaction.Id, retry.Entry.Transaction.Id);

        var service = app.Get<Transactions.TransactionService>();
        await Assert.ThrowsAsync<ConflictException>(() => service.RecordAsync(app.Alice,
            new Transactions.RecordTransactionRequest(account.Id, new Buy("", May1, "AAPL", 11, 100), "k", "another body"), default));
        Assert.Single(await app.Get<ILedgerStore>().ReadAsync(account.Id, 0, default));
    }

    [Fact]
    public async Task A_trade_date_after_today_in_New_York_is_refused()
    {
        await using var app = new Harness();
        app.Clock.SetUtcNow(new DateTimeOffset(2024, 6, 4, 2, 0, 0, TimeSpan.Zero)); // still 3 June, 22:00 in New York
        var account = await app.AccountAsync();
        var refusal = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.RecordAsync(account, id => new Deposit(id, new DateOnly(2024, 6, 4), 10)));
        Assert.Equal("tradeDate", refusal.Field);
        await app.RecordAsync(account, id => new Deposit(id, new DateOnly(2024, 6, 3), 10));
    }

    [Fact]
    public async Task Recording_keeps_the_accounts_held_symbols_for_the_price_cycle()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync();
        await app.RecordAsync(account, id => new Buy(id, May1, "MSFT", 1, 100));
        await app.RecordAsync(account, id => new Buy(id, May1, "AAPL", 1, 100));
        await app.RecordAsync(account, id => new Sell(id, May1, "MSFT", 1, 100));
        var symbols = await Accounts.HeldSymbols.CollectAsync(app.Get<IAccountStore>(), [" vti "], default);
        Assert.Equal(["AAPL", "VTI"], symbols);
    }
}
