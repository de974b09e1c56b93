using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portfolio.Application;
using Portfolio.Application.Accounts;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.Valuation;
using Portfolio.Functions.Revaluation;
using Portfolio.Storage.Sqlite;

namespace Portfolio.Functions.Tests;

/// <summary>
/// The revaluation orchestration run for real by the in-process Durable runtime (<see cref="DurableTaskTestHost"/>,
/// which replays the orchestrator as the Functions host does), over the real application services and a SQLite file.
/// Faults are injected at the account store (<see cref="FaultyAccountStore"/>).
/// </summary>
internal sealed class RevaluationHarness : IAsyncDisposable
{
    /// <summary>Short delays so that retries take milliseconds; the sizes are small so that a run has several generations.</summary>
    public static readonly RevaluationOptions Options = new()
    {
        PageSize = 2, PagesInFlight = 2, ParallelismPerPage = 2, PageAttempts = 2, RetryDelaySeconds = 0.2, SettleSeconds = 0,
    };

    private readonly string _directory = Directory.CreateTempSubdirectory("revaluation-").FullName;
    private readonly ServiceProvider _services;

    public DurableTaskTestHost Host { get; private set; } = null!;
    public DurableTaskClient Client => Host.Client;
    public FaultyAccountStore Faults { get; }
    public IAccountStore Accounts => _services.GetRequiredService<IAccountStore>();
    public ISnapshotStore Snapshots => _services.GetRequiredService<ISnapshotStore>();
    public string ConnectionString { get; }

    /// <summary>Called after each listing activity with the ids it listed (to delete an account between listing and revaluing).</summary>
    public Func<AccountPages, Task>? AfterListing { get; set; }

    /// <summary>When set, the listing activity throws (a store that cannot be read).</summary>
    public bool ListingFails { get; set; }

    public ConcurrentQueue<DateTimeOffset> ListingTimes { get; } = new();

    private RevaluationHarness()
    {
        ConnectionString = $"Data Source={Path.Combine(_directory, "portfolio.db")}";
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(TestData.MarketOpen))
            .AddSingleton(new PricePolicy(_ => true, (_, _) => false))
            .AddPortfolioApplication()
            .AddSqliteStorage(ConnectionString);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(Options));
        services.AddSingleton(sp => new FaultyAccountStore(ActivatorUtilities.CreateInstance<SqliteAccountStore>(sp)));
        services.AddSingleton<IAccountStore>(sp => sp.GetRequiredService<FaultyAccountStore>());
        _services = services.BuildServiceProvider();
        Faults = _services.GetRequiredService<FaultyAccountStore>();
    }

    public static async Task<RevaluationHarness> StartAsync(params string[] accountIds)
    {
        var harness = new RevaluationHarness();
        await harness._services.GetRequiredService<SqliteSchema>().EnsureCreatedAsync(CancellationToken.None);
        foreach (var id in accountIds)
            Assert.True(await harness.Accounts.TryCreateAsync(TestData.Account(id, owner: "owner-" + id), CancellationToken.None));
        var activities = ActivatorUtilities.CreateInstance<RevaluationActivities>(harness._services);
        harness.Host = await DurableTaskTestHost.StartAsync(tasks =>
        {
            tasks.AddOrchestratorFunc<RevaluationRun, RevaluationTally>(RevaluePortfolios.Name, (context, _) => RevaluePortfolios.Run(context));
            tasks.AddActivityFunc<AccountPagesRequest, AccountPages>(nameof(RevaluationActivities.ListAccountPages), async (_, request) =>
            {
                harness.ListingTimes.Enqueue(DateTimeOffset.UtcNow);
                if (harness.ListingFails) throw new InvalidOperationException("the account store is unavailable");
                var pages = await activities.ListAccountPages(request, CancellationToken.None);
                if (harness.AfterListing is { } after) await after(pages);
                return pages;
            });
            tasks.AddActivityFunc<AccountPage, RevaluationTally>(nameof(RevaluationActivities.RevalueAccountPage),
                (_, page) => activities.RevalueAccountPage(page, CancellationToken.None));
        });
        return harness;
    }

    /// <summary>Removes an account row, as if its owner deleted it (the store port has no delete).</summary>
    public async Task DeleteAccountAsync(string accountId)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM accounts WHERE id = $id;";
        command.Parameters.AddWithValue("$id", accountId);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>The ids of the accounts that have a snapshot for the market date of the harness's clock.</summary>
    public async Task<IReadOnlyList<string>> SnapshottedAsync(params string[] accountIds)
    {
        var date = DateOnly.FromDateTime(TestData.MarketOpen.UtcDateTime);
        var found = new List<string>();
        foreach (var id in accountIds)
            if ((await Snapshots.ListAsync(id, date, date, CancellationToken.None)).Count > 0) found.Add(id);
        return found;
    }

    public async Task<OrchestrationMetadata> WaitAsync(string instanceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The SQLite account store with injected faults: loading a failing account throws.</summary>
internal sealed class FaultyAccountStore(IAccountStore inner) : IAccountStore
{
    private readonly ConcurrentDictionary<string, int> _failuresLeft = new(StringComparer.Ordinal);

    /// <summary>How many times each account was loaded by id.</summary>
    public ConcurrentDictionary<string, int> Loads { get; } = new(StringComparer.Ordinal);

    public void FailOnce(string accountId) => _failuresLeft[accountId] = 1;

    public void AlwaysFail(string accountId) => _failuresLeft[accountId] = int.MaxValue;

    public Task<Account?> GetAsync(string ownerId, string accountId, CancellationToken ct)
    {
        Loads.AddOrUpdate(accountId, 1, (_, n) => n + 1);
        var left = _failuresLeft.GetValueOrDefault(accountId);
        if (left > 0)
        {
            if (left != int.MaxValue) _failuresLeft[accountId] = left - 1;
            throw new InvalidOperationException($"injected fault loading account {accountId}");
        }
        return inner.GetAsync(ownerId, accountId, ct);
    }

    public Task<IReadOnlyList<Account>> ListByOwnerAsync(string ownerId, CancellationToken ct) => inner.ListByOwnerAsync(ownerId, ct);

    public Task<bool> TryCreateAsync(Account account, CancellationToken ct) => inner.TryCreateAsync(account, ct);

    public Task<bool> TryReplaceAsync(Account account, CancellationToken ct) => inner.TryReplaceAsync(account, ct);

    public Task<Page<Account>> ListAllAsync(string? continuationToken, int pageSize, CancellationToken ct) =>
        inner.ListAllAsync(continuationToken, pageSize, ct);
}
