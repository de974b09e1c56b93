using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portfolio.Application;
using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.Transactions;
using Portfolio.Application.Valuation;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;
using Portfolio.Storage.Sqlite;

namespace Portfolio.Drivers;

/// <summary>
/// In process, on the server's composition (application services over SQLite, fsync on every commit): accounts holding
/// --sizes transactions (taxable, FIFO, wash sales on; seeded straight into the ledger table), then --writes writes into
/// each through TransactionService, one at a time, dated on the last trade date: p50/p99 per size and the ratio of the
/// largest size to the smallest, measured in the same run. Also the in-memory decide step alone (LedgerState.With), a
/// back-dated deposit, and cold loads (a new LedgerReader, as after a restart): a full replay of the log against a load
/// from the newest checkpoint that reads only the log after it, right after seeding and again after the writes; and
/// cold writes (a new reader each), at the end and back-dated about 500 entries.
/// </summary>
public static class WriteLatency
{
    private static readonly string[] Symbols = Enumerable.Range(0, 20).Select(i => "W" + i.ToString("D2", CultureInfo.InvariantCulture)).ToArray();
    private static readonly Caller Owner = new("bench");

    public static async Task<int> RunAsync(Options options)
    {
        var sizes = (options.Text("--sizes") ?? (options.Short ? "1000,100,2000" : "2000,100,10000,100000"))
            .Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var writes = options.Int("--writes", 400, 60);
        var backDated = options.Int("--back-dated", 30, 5);
        var loads = options.Int("--loads", 5, 3);
        var checks = new Checks();
        Console.WriteLine($"plan: accounts of {string.Join(", ", sizes.Select(s => s.ToString("N0", CultureInfo.InvariantCulture)))} transactions; " +
                          $"{writes} writes each through TransactionService over SQLite; {backDated} back-dated deposits; {loads} cold loads each way");

        var directory = Path.Combine(Path.GetTempPath(), $"portfolio-writes-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var database = Path.Combine(directory, "portfolio.db");
        var results = new List<(int Size, long[] Writes, long[] Decide)>();
        try
        {
            await using var services = Compose(database);
            await services.GetRequiredService<SqliteSchema>().EnsureCreatedAsync(CancellationToken.None);
            foreach (var size in sizes)
            {
                var settings = new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true, AllowsFractionalShares: true, MarginAllowance: 1_000_000_000_000m);
                var account = (await services.GetRequiredService<AccountService>().CreateAsync(Owner,
                    new CreateAccountRequest($"size {size}", settings, null, "h"), CancellationToken.None)).Account;
                var generator = new LogGenerator(settings, seed: size);
                var seeding = Stopwatch.StartNew();
                await SeedAsync(database, account.Id, generator, size);
                Console.WriteLine($"\n== {size:N0} transactions: seeded in {seeding.Elapsed.TotalSeconds:F1} s");

                // Cold loads: a new reader each time (as after a restart); a full replay, then from the stored checkpoint.
                var ledgerStore = services.GetRequiredService<ILedgerStore>();
                var checkpointStore = services.GetRequiredService<ILedgerCheckpointStore>();
                var logger = services.GetRequiredService<ILogger<LedgerCheckpoints>>();
                var full = new long[loads];
                LedgerState? state = null;
                for (var i = 0; i < loads; i++)
                {
                    var sw = Stopwatch.StartNew();
                    state = await new LedgerReader(ledgerStore, new LedgerCheckpoints(logger)).LoadAsync(account, CancellationToken.None);
                    full[i] = sw.ElapsedTicks;
                }
                // The checkpoints the write path would have stored on the way (the newest two), from the seeded log.
                var seeded = await ledgerStore.ReadAsync(account.Id, 0, CancellationToken.None);
                var last = size / LedgerState.CheckpointInterval * LedgerState.CheckpointInterval;
                for (var at = Math.Max(LedgerState.CheckpointInterval, last - LedgerState.CheckpointInterval); at <= last; at += LedgerState.CheckpointInterval)
                    await new LedgerCheckpoints(logger, checkpointStore).SaveIfDueAsync(
                        at == size ? state! : LedgerState.Replay(account.Id, settings, seeded.Take(at).ToList()), CancellationToken.None);
                var (compactBytes, fullBytes) = last == 0 ? (0, 0) : (
                    (await checkpointStore.ReadAsync(account.Id, last, CancellationToken.None))!.State.Length,
                    LedgerCheckpointJson.Serialize(LedgerState.Replay(account.Id, settings, seeded.Take(last).ToList()).Ledger).Length);
                var (resumed, fromCheckpoint) = await ColdLoadsAsync(ledgerStore, checkpointStore, logger, account, loads);
                checks.Require(SameOpenState(state!.Ledger, fromCheckpoint.Ledger), $"{size}: the checkpoint load equals the full replay");
                Console.WriteLine($"cold load, full replay: median {Stats.Ms(Median(full)):F1} ms; from the newest checkpoint" +
                                  (last == 0 ? " (none: under 1,000 entries)" : $" (reads {fromCheckpoint.Entries.Count:N0} entries after it)") +
                                  $": median {Stats.Ms(Median(resumed)):F1} ms (open lots {state.Ledger.OpenLots.Count():N0}, realized pieces {state.Ledger.Realized.Count:N0})");
                if (last > 0)
                    Console.WriteLine($"checkpoint at {last:N0}: {compactBytes:N0} characters stored (compact; with the whole realized history {fullBytes:N0})");

                // The decide step alone, in memory: book one more transaction onto the loaded state.
                var decide = new long[writes];
                for (var i = 0; i < writes; i++)
                {
                    var entry = new LedgerEntry(account.Id, state.Version + 1, generator.Next($"d{i}", state.Ledger), DateTimeOffset.UtcNow);
                    var sw = Stopwatch.StartNew();
                    state.With(entry, out _);
                    decide[i] = sw.ElapsedTicks;
                }

                // Writes through the service: the reader's cached state is warm, as on a running server.
                var service = services.GetRequiredService<TransactionService>();
                var reader = services.GetRequiredService<LedgerReader>();
                var latencies = new long[writes];
                for (var i = 0; i < writes; i++)
                {
                    var current = await reader.LoadLedgerAsync(account, CancellationToken.None);
                    var transaction = generator.Next("", current.Ledger);
                    var sw = Stopwatch.StartNew();
                    await service.RecordAsync(Owner, new RecordTransactionRequest(account.Id, transaction, $"w{size}-{i}", "h"), CancellationToken.None);
                    latencies[i] = sw.ElapsedTicks;
                }
                var back = new long[backDated];
                for (var i = 0; i < backDated; i++)
                {
                    var date = await DateOfEntryBackAsync(ledgerStore, reader, account, 500);
                    var sw = Stopwatch.StartNew();
                    await service.RecordAsync(Owner, new RecordTransactionRequest(account.Id, new Deposit("", date, 10m), $"b{size}-{i}", "h"), CancellationToken.None);
                    back[i] = sw.ElapsedTicks;
                }
                await services.GetRequiredService<LedgerCheckpoints>().LastSave;

                // Cold again, after the writes stored their checkpoints: loads, then one write each through a new reader.
                var (resumedAfter, loadedAfter) = await ColdLoadsAsync(ledgerStore, checkpointStore, logger, account, loads);
                var coldWrites = new long[loads];
                var coldBack = new long[loads];
                for (var i = 0; i < loads; i++)
                {
                    var cold = new TransactionService(services.GetRequiredService<IAccountStore>(), ledgerStore,
                        new LedgerReader(ledgerStore, new LedgerCheckpoints(logger, checkpointStore)), TimeProvider.System,
                        services.GetRequiredService<ILogger<TransactionService>>());
                    var transaction = generator.Next("", (await reader.LoadLedgerAsync(account, CancellationToken.None)).Ledger);
                    var sw = Stopwatch.StartNew();
                    await cold.RecordAsync(Owner, new RecordTransactionRequest(account.Id, transaction, $"c{size}-{i}", "h"), CancellationToken.None);
                    coldWrites[i] = sw.ElapsedTicks;
                    var date = await DateOfEntryBackAsync(ledgerStore, reader, account, 500);
                    cold = new TransactionService(services.GetRequiredService<IAccountStore>(), ledgerStore,
                        new LedgerReader(ledgerStore, new LedgerCheckpoints(logger, checkpointStore)), TimeProvider.System,
                        services.GetRequiredService<ILogger<TransactionService>>());
                    sw.Restart();
                    await cold.RecordAsync(Owner, new RecordTransactionRequest(account.Id, new Deposit("", date, 10m), $"cb{size}-{i}", "h"), CancellationToken.None);
                    coldBack[i] = sw.ElapsedTicks;
                }
                var stored = await ledgerStore.ReadAsync(account.Id, 0, CancellationToken.None);
                var after = await new LedgerReader(ledgerStore, new LedgerCheckpoints(logger)).LoadAsync(account, CancellationToken.None);
                checks.Require(stored.Count == size + writes + backDated + 2 * loads, $"{size}: every write stored once ({stored.Count})");
                checks.Require(SameOpenState(LedgerState.Replay(account.Id, settings, stored.Take((int)loadedAfter.Version).ToList()).Ledger, loadedAfter.Ledger),
                    $"{size}: the checkpoint load after the writes equals a full replay");
                checks.Require(ReplayFingerprint(LedgerState.Replay(account.Id, settings, stored).Ledger) == ReplayFingerprint(after.Ledger),
                    $"{size}: the state built write by write equals a full replay of the stored log");

                Array.Sort(latencies);
                Array.Sort(decide);
                Array.Sort(back);
                results.Add((size, latencies, decide));
                Console.WriteLine($"write (TransactionService → SQLite, fsync): {Stats.Latencies(latencies)}");
                Console.WriteLine($"decide only (LedgerState.With):             {Stats.Latencies(decide)}");
                Console.WriteLine($"back-dated deposit (~500 entries back):     {Stats.Latencies(back)}");
                Console.WriteLine($"cold load after the writes, from the newest checkpoint (reads {loadedAfter.Entries.Count:N0} entries after it{(loadedAfter.IsComplete ? ": none fits, whole log" : "")}): median {Stats.Ms(Median(resumedAfter)):F1} ms");
                Console.WriteLine($"cold write (new reader), dated last:        median {Stats.Ms(Median(coldWrites)):F1} ms; back-dated ~500 entries: median {Stats.Ms(Median(coldBack)):F1} ms");
            }

            if (results.Count > 1)
            {
                // The first size warms the JIT up; the ratio compares the smallest and the largest.
                var (first, last) = (results.MinBy(r => r.Size), results.MaxBy(r => r.Size));
                Console.WriteLine($"\nratio {last.Size:N0} / {first.Size:N0} transactions, same run: " +
                                  $"write p50 {Ratio(last.Writes, first.Writes, 50)}, p99 {Ratio(last.Writes, first.Writes, 99)}; " +
                                  $"decide p50 {Ratio(last.Decide, first.Decide, 50)}, p99 {Ratio(last.Decide, first.Decide, 99)} (goal: write within 2×)");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
        return checks.Report("write-latency");
    }

    private static string Ratio(long[] a, long[] b, double p) =>
        Stats.F((double)Stats.Percentile(a, p) / Math.Max(1, Stats.Percentile(b, p)), "F2") + "×";

    private static long Median(long[] values) => values.Order().ElementAt(values.Length / 2);

    private static async Task<(long[] Ticks, LedgerState State)> ColdLoadsAsync(
        ILedgerStore ledgerStore, ILedgerCheckpointStore checkpointStore, ILogger<LedgerCheckpoints> logger, Account account, int loads)
    {
        var ticks = new long[loads];
        LedgerState? state = null;
        for (var i = 0; i < loads; i++)
        {
            var sw = Stopwatch.StartNew();
            state = await new LedgerReader(ledgerStore, new LedgerCheckpoints(logger, checkpointStore)).LoadLedgerAsync(account, CancellationToken.None);
            ticks[i] = sw.ElapsedTicks;
        }
        return (ticks, state!);
    }

    /// <summary>The trade date of the entry <paramref name="back"/> entries before the last (read outside the timing).</summary>
    private static async Task<DateOnly> DateOfEntryBackAsync(ILedgerStore store, LedgerReader reader, Account account, int back)
    {
        var version = (await reader.LoadLedgerAsync(account, CancellationToken.None)).Version;
        var tail = await store.ReadAsync(account.Id, Math.Max(0, version - back - 1), CancellationToken.None);
        return tail[0].Transaction.TradeDate;
    }

    /// <summary>The same cash, lots and realized pieces (those a checkpoint load holds: from its RealizedFrom on).</summary>
    private static bool SameOpenState(AccountLedger expected, AccountLedger actual) =>
        expected.Cash == actual.Cash && expected.TransactionCount == actual.TransactionCount
        && expected.Realized.Skip(actual.RealizedFrom).SequenceEqual(actual.Realized)
        && OpenLots(expected) == OpenLots(actual);

    private static string OpenLots(AccountLedger ledger) =>
        string.Join(',', ledger.OpenLots.OrderBy(l => l.Id, StringComparer.Ordinal).Select(l => $"{l.Id}:{l.Quantity}:{l.CostBasis}:{l.AcquiredOn}"));

    private static string ReplayFingerprint(AccountLedger ledger) => string.Join('|',
        ledger.Cash, ledger.FeesPaid, ledger.TransactionCount, ledger.Realized.Count, ledger.Realized.Sum(r => r.Gain), ledger.Realized.Sum(r => r.WashSaleDisallowed),
        string.Join(',', ledger.OpenLots.OrderBy(l => l.Id, StringComparer.Ordinal).Select(l => $"{l.Id}:{l.Quantity}:{l.CostBasis}:{l.AcquiredOn}")));

    /// <summary>Straight into the ledger table in one transaction (seeding is not what is measured), in the adapter's format.</summary>
    private static async Task SeedAsync(string database, string accountId, LogGenerator generator, int count)
    {
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO ledger (account_id, seq, idempotency_key, request_hash, recorded_at, type, json, prefix_hash) VALUES ($a, $s, NULL, NULL, $r, $t, $j, $p);";
        var (account, seq, recorded, type, json) = (insert.Parameters.Add("$a", SqliteType.Text), insert.Parameters.Add("$s", SqliteType.Integer),
            insert.Parameters.Add("$r", SqliteType.Text), insert.Parameters.Add("$t", SqliteType.Text), insert.Parameters.Add("$j", SqliteType.Text));
        var prefix = insert.Parameters.Add("$p", SqliteType.Text);
        // Every CheckpointInterval-th row carries the log's prefix hash, as the write path stores it.
        var block = new List<LedgerEntry>(LedgerState.CheckpointInterval);
        var hash = LogPrefixHash.Empty;
        var replay = new LedgerReplay(generator.Settings);
        var ledger = replay.Snapshot();
        for (var i = 1; i <= count; i++)
        {
            var tx = generator.Next($"seed-{i}", ledger);
            replay.Book(tx);
            ledger = replay.Snapshot();
            account.Value = accountId;
            seq.Value = i;
            recorded.Value = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
            type.Value = TransactionJson.TypeName(tx);
            json.Value = TransactionJson.Serialize(tx);
            block.Add(new LedgerEntry(accountId, i, tx, default));
            prefix.Value = DBNull.Value;
            if (i % LedgerState.CheckpointInterval == 0)
            {
                prefix.Value = hash = LogPrefixHash.Extend(hash, block, 0, block.Count);
                block.Clear();
            }
            await insert.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    private static ServiceProvider Compose(string databasePath)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new PricePolicy(UsMarketCalendar.Instance.IsOpen, PriceFreshness.IsStale));
        services.AddPortfolioApplication();
        services.AddSqliteStorage($"Data Source={databasePath}");
        services.AddSingleton<IRevaluationScheduler, NoScheduler>();
        return services.BuildServiceProvider();
    }

    private sealed class NoScheduler : IRevaluationScheduler
    {
        public Task RequestAsync(CancellationToken ct) => Task.CompletedTask;
    }

    /// <summary>
    /// Buys and sales of 20 symbols at wandering prices (losses, rebought within 30 days, are washed), a deposit now and
    /// then; a new trade date every 10 transactions from 1990, so 100,000 transactions end before today.
    /// </summary>
    private sealed class LogGenerator(AccountSettings settings, int seed)
    {
        private readonly Random random = new(seed);
        private readonly decimal[] prices = Symbols.Select(_ => 40m).ToArray();
        private int issued;

        public AccountSettings Settings => settings;

        public Transaction Next(string id, AccountLedger ledger)
        {
            var date = new DateOnly(1990, 1, 2).AddDays(issued++ / 10);
            if (ledger.LastTradeDate is { } last && date < last) date = last;
            var k = random.Next(Symbols.Length);
            prices[k] = Math.Max(1m, prices[k] + random.Next(-200, 201) / 100m);
            var position = ledger.PositionOf(Symbols[k]);
            var roll = random.Next(100);
            if (roll < 5) return new Deposit(id, date, random.Next(100, 10_000));
            if (roll < 50 && position is not null)
                return new Sell(id, date, Symbols[k], Math.Min(position.Quantity, random.Next(1, 30)), prices[k], 0);
            return new Buy(id, date, Symbols[k], random.Next(1, 30), prices[k], 1);
        }
    }
}
