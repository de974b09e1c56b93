using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Domain.Transactions;
using Portfolio.Application.Accounts;
using Portfolio.Domain.Accounts;

namespace Portfolio.Storage.Sqlite.Tests;

/// <summary>
/// The store's change number is the witness views are answered on without a query: it must stay put while nothing is
/// committed, and move with every commit, through any port, by this provider's connections or another's.
/// </summary>
public sealed class SqliteStoreChangesTests : IAsyncLifetime
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"portfolio-changes-{Guid.NewGuid():N}.db");
    private readonly CancellationToken ct = CancellationToken.None;
    private ServiceProvider services = null!;

    private IStoreChanges Changes => services.GetRequiredService<IStoreChanges>();

    public async Task InitializeAsync()
    {
        services = Provider();
        await services.GetRequiredService<SqliteSchema>().EnsureCreatedAsync(ct);
    }

    /// <summary>"Mode=ReadWrite" gives a connection string of its own, so a pool of its own: connections another process would have.</summary>
    private ServiceProvider Provider(string extra = "") =>
        new ServiceCollection().AddSqliteStorage($"Data Source={path}{extra}").BuildServiceProvider();

    private static Account NewAccount() => new(
        Id: "acc-" + Guid.NewGuid().ToString("N"), OwnerId: "owner-1", Name: "Brokerage",
        Settings: new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true, AllowsFractionalShares: true),
        CreatedAt: new DateTimeOffset(2024, 3, 10, 14, 30, 0, TimeSpan.Zero), Targets: null, Symbols: [], CreateRequestHash: "sha256:test");

    [Fact]
    public async Task The_number_stays_put_while_only_reads_happen()
    {
        var account = NewAccount();
        Assert.True(await services.GetRequiredService<IAccountStore>().TryCreateAsync(account, ct));
        var before = await Changes.VersionAsync(ct);

        await services.GetRequiredService<IAccountStore>().GetAsync(account.OwnerId, account.Id, ct);
        await services.GetRequiredService<ILedgerStore>().ReadAsync(account.Id, 0, ct);
        await services.GetRequiredService<IPriceStore>().GetLatestAsync("AAPL", ct);
        var after = await Changes.VersionAsync(ct);

        Assert.NotNull(before);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Every_commit_through_any_port_moves_the_number()
    {
        var account = NewAccount();
        var seen = new List<long?> { await Changes.VersionAsync(ct) };

        Assert.True(await services.GetRequiredService<IAccountStore>().TryCreateAsync(account, ct));
        seen.Add(await Changes.VersionAsync(ct));
        await services.GetRequiredService<ILedgerStore>().TryAppendAsync(
            new LedgerEntry(account.Id, 1, new Deposit("tx-1", new DateOnly(2024, 5, 1), 100m), DateTimeOffset.UnixEpoch), ct);
        seen.Add(await Changes.VersionAsync(ct));
        await services.GetRequiredService<IPriceStore>().SaveAsync(
            [new Quote("AAPL", 150m, new DateTimeOffset(2024, 5, 1, 20, 0, 0, TimeSpan.Zero), "test", QuoteKind.EndOfDay)], ct);
        seen.Add(await Changes.VersionAsync(ct));

        Assert.DoesNotContain(null, seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task A_commit_through_another_pool_of_connections_moves_the_number()
    {
        var before = await Changes.VersionAsync(ct);
        await using (var other = Provider(";Mode=ReadWrite"))
            Assert.True(await other.GetRequiredService<IAccountStore>().TryCreateAsync(NewAccount(), ct));
        var after = await Changes.VersionAsync(ct);

        Assert.NotNull(before);
        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task After_the_provider_is_disposed_there_is_no_witness_and_no_connection_is_reopened()
    {
        var changes = Changes;
        Assert.NotNull(await changes.VersionAsync(ct));

        await services.DisposeAsync();

        Assert.Null(await changes.VersionAsync(ct));
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
    }
}
