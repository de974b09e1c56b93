using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Ports;
using Portfolio.Application.Targets;
using Portfolio.Domain.Rebalancing;
using Portfolio.Storage.Sqlite;

namespace Portfolio.Application.Tests.TargetsRules;

/// <summary>Saving targets under optimistic concurrency: a bounded number of writes, then a conflict that changes nothing.</summary>
public class TargetRuleTests
{
    private static TargetAllocation AllAapl => new(new Dictionary<string, decimal> { ["AAPL"] = 100 });

    [Fact]
    public async Task Targets_that_lose_every_race_are_a_conflict_after_ten_writes_and_change_nothing()
    {
        LosingAccounts? store = null;
        await using var app = new Harness(s => s.AddSingleton<IAccountStore>(sp => store = new LosingAccounts(ActivatorUtilities.CreateInstance<SqliteAccountStore>(sp))));
        var account = await app.AccountAsync();
        store!.Losing = true;

        var conflict = await Assert.ThrowsAsync<ConflictException>(() => app.Get<TargetService>().SetAsync(app.Alice, account.Id, AllAapl, default));

        Assert.Equal(("account", "the account changed while its targets were being saved; retry"), (conflict.Field, conflict.Message));
        Assert.Equal(10, store.Replaces);
        Assert.Null((await app.Get<IAccountStore>().GetAsync("alice", account.Id, default))!.Targets);
    }

    [Fact]
    public async Task Targets_that_lose_nine_races_are_saved_on_the_tenth_write()
    {
        LosingAccounts? store = null;
        await using var app = new Harness(s => s.AddSingleton<IAccountStore>(sp => store = new LosingAccounts(ActivatorUtilities.CreateInstance<SqliteAccountStore>(sp))));
        var account = await app.AccountAsync();
        store!.Losing = true;
        store.LosesBeforeWinning = 9;

        var saved = await app.Get<TargetService>().SetAsync(app.Alice, account.Id, AllAapl, default);

        Assert.Equal(10, store.Replaces);
        Assert.Equal(100m, saved.Targets!.TargetPercents["AAPL"]);
        Assert.Equal(100m, (await app.Get<IAccountStore>().GetAsync("alice", account.Id, default))!.Targets!.TargetPercents["AAPL"]);
    }

    /// <summary>The SQLite account store, whose conditional replaces lose (another writer got in first) while <see cref="Losing"/>.</summary>
    private sealed class LosingAccounts(IAccountStore inner) : IAccountStore
    {
        public bool Losing;
        public int LosesBeforeWinning = int.MaxValue;
        public int Replaces;

        public Task<Account?> GetAsync(string ownerId, string accountId, CancellationToken ct) => inner.GetAsync(ownerId, accountId, ct);
        public Task<IReadOnlyList<Account>> ListByOwnerAsync(string ownerId, CancellationToken ct) => inner.ListByOwnerAsync(ownerId, ct);
        public Task<bool> TryCreateAsync(Account account, CancellationToken ct) => inner.TryCreateAsync(account, ct);
        public Task<Page<Account>> ListAllAsync(string? continuationToken, int pageSize, CancellationToken ct) => inner.ListAllAsync(continuationToken, pageSize, ct);

        public Task<bool> TryReplaceAsync(Account account, CancellationToken ct)
        {
            if (!Losing) return inner.TryReplaceAsync(account, ct);
            // A retry loop that never gives up fails here instead of spinning.
            if (++Replaces > 50) throw new InvalidOperationException("more than 50 replaces");
            return Replaces > LosesBeforeWinning ? inner.TryReplaceAsync(account, ct) : Task.FromResult(false);
        }
    }
}
