using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.Transactions;
using Portfolio.Application.Valuation;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;
using Portfolio.Storage.Sqlite;

namespace Portfolio.Application.Tests;

/// <summary>The application services over a fresh SQLite file, with a fake clock (Monday 3 June 2024, 14:00 New York).</summary>
public sealed class Harness : IAsyncDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"portfolio-app-{Guid.NewGuid():N}.db");
    private readonly ServiceProvider services;

    public Harness(Action<IServiceCollection>? replace = null)
    {
        var collection = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(Clock)
            .AddSingleton(new PricePolicy(UsMarketCalendar.Instance.IsOpen, PriceFreshness.IsStale))
            .AddSingleton(new QuoteValidator())
            .AddSingleton<PriceIngestion>()
            .AddSingleton<IRevaluationScheduler>(Revaluations)
            .AddSqliteStorage(new SqliteConnectionStringBuilder { DataSource = path }.ToString())
            .AddPortfolioApplication();
        replace?.Invoke(collection);
        services = collection.BuildServiceProvider();
        services.GetRequiredService<SqliteSchema>().EnsureCreatedAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>
    /// A harness whose ledgers checkpoint every <paramref name="interval"/> transactions (production keeps
    /// <see cref="Ledger.LedgerState.CheckpointInterval"/>), so that logs of a few dozen entries cross checkpoints.
    /// </summary>
    public static Harness WithCheckpointInterval(int interval, Action<IServiceCollection>? replace = null) => new(services =>
    {
        services.AddSingleton(new Ledger.LedgerCheckpointOptions { Interval = interval });
        replace?.Invoke(services);
    });

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2024, 6, 3, 18, 0, 0, TimeSpan.Zero));
    public CountingScheduler Revaluations { get; } = new();
    public Caller Alice { get; } = new("alice");
    public T Get<T>() where T : notnull => services.GetRequiredService<T>();

    public async Task<Account> AccountAsync(AccountSettings? settings = null) =>
        (await Get<AccountService>().CreateAsync(Alice,
            new CreateAccountRequest("Test", settings ?? new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: false), null, "h"),
            CancellationToken.None)).Account;

    public Task<RecordTransactionResult> RecordAsync(Account account, Func<string, Transaction> build, string? key = null) =>
        Get<TransactionService>().RecordAsync(Alice, new RecordTransactionRequest(account.Id, build(""), key, "hash-" + key), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        // The compact ledger states of the last writes are stored in the background: not into a file deleted meanwhile.
        await Get<Ledger.LedgerStates>().LastSave;
        // This file's pool only: clearing every pool would close connections that tests running alongside are opening.
        await using (var connection = await Get<SqliteDatabase>().OpenAsync(CancellationToken.None)) SqliteConnection.ClearPool(connection);
        await services.DisposeAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
    }

    public sealed class CountingScheduler : IRevaluationScheduler
    {
        public int Requests;
        public Task RequestAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref Requests);
            return Task.CompletedTask;
        }
    }
}
