using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Portfolio.Application.Ledger;
using Portfolio.Domain.Ledger;

namespace Portfolio.Storage.Sqlite.Tests;

/// <summary>
/// Fixtures/portfolio-main-v2-ledger.db.gz was written by main at 9d26026 (schema version 2, before ledger rows carried
/// prefix hashes) with Fixtures/generate-main-v2-ledger.cs.txt: account acc_long (FIFO, 1,203 transactions and main's
/// own checkpoint at 1,000) and acc_short (HIFO, 40 transactions). The expected lines below are what that program
/// printed from main's replay of the same logs. After the in-place migration the new code must answer the same numbers,
/// and a cold load of acc_long must use main's checkpoint, reading only the log from it on.
/// </summary>
public sealed class SqliteLedgerMigrationTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"portfolio-ledger-migration-{Guid.NewGuid():N}.db");
    private SqliteDatabase _database = null!;

    private const string LongSummary = """
        acc_long: cash 169245.92567442 fees 89.2 last 2023-02-19 realized 4830 pieces, proceeds 491701.3256744200 basis 508965.5520938324 disallowed 104468.7978629523 income 4967.99449
          AAA: 331.746767 shares, basis 5893.2782462236, 113 lots
          BBB: 329.687569 shares, basis 18101.3762905800, 15 lots
          CCC: 205.825037 shares, basis 6668.7857223163, 16 lots
        """;

    private const string ShortSummary = """
        acc_short: cash -14998.98897639 fees 0 last 2020-02-12 realized 10 pieces, proceeds 3442.82102361 basis 2885.6041767093 disallowed 94.4568273216 income 139.44304
          AAA: 161.4656 shares, basis 5664.2058866667, 7 lots
          BBB: 167.190947 shares, basis 9201.5398039456, 14 lots
          CCC: 49 shares, basis 2389.36, 4 lots
        """;

    public async Task InitializeAsync()
    {
        await using (var packed = new GZipStream(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", "portfolio-main-v2-ledger.db.gz")), CompressionMode.Decompress))
        await using (var file = File.Create(_path))
            await packed.CopyToAsync(file);
        _database = new SqliteDatabase(new SqliteConnectionStringBuilder { DataSource = _path }.ToString());
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_database_written_by_main_migrates_in_place_and_loads_the_same_ledgers_from_its_checkpoint()
    {
        Assert.Equal(2L, await ScalarAsync("PRAGMA user_version;"));

        await new SqliteSchema(_database).EnsureCreatedAsync(Ct);
        await new SqliteSchema(_database).EnsureCreatedAsync(Ct); // a second start changes nothing

        Assert.Equal(SqliteSchema.CurrentVersion, (int)(long)(await ScalarAsync("PRAGMA user_version;"))!);
        var store = new SqliteLedgerStore(_database);
        var log = await store.ReadAsync("acc_long", 0, Ct);
        Assert.Equal(1_203, log.Count);
        // Entry 1,000 now carries the hash of entries 1 to 1,000, worked out from the log itself; no other entry has one.
        Assert.Equal([1_000L], log.Where(e => e.PrefixHash is not null).Select(e => e.Sequence));
        Assert.Equal(LogPrefixHash.Extend(LogPrefixHash.Empty, log, 0, 1_000), log[999].PrefixHash);
        Assert.All(await store.ReadAsync("acc_short", 0, Ct), e => Assert.Null(e.PrefixHash));

        var accounts = new SqliteAccountStore(_database);
        var longAccount = (await accounts.GetAsync("owner_main", "acc_long", Ct))!;
        var shortAccount = (await accounts.GetAsync("owner_main", "acc_short", Ct))!;
        var reader = new LedgerReader(store, new LedgerCheckpoints(NullLogger<LedgerCheckpoints>.Instance, new SqliteLedgerCheckpointStore(_database)));

        var cold = await reader.LoadLedgerAsync(longAccount, Ct);
        Assert.False(cold.IsComplete); // resumed from main's checkpoint at 1,000
        Assert.Equal(203, cold.Entries.Count);
        Assert.Equal(1_203, cold.Version);
        Assert.Equal(LongSummary, Summary("acc_long", cold.Ledger));
        Assert.Equal(LongSummary, Summary("acc_long", (await reader.LoadAsync(longAccount, Ct)).Ledger));
        Assert.Equal(LongSummary, Summary("acc_long", LedgerState.Replay("acc_long", longAccount.Settings, log).Ledger));
        Assert.Equal(ShortSummary, Summary("acc_short", (await reader.LoadLedgerAsync(shortAccount, Ct)).Ledger));
    }

    /// <summary>The generator's printout of a ledger, line for line.</summary>
    private static string Summary(string id, AccountLedger ledger)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"{id}: cash {ledger.Cash} fees {ledger.FeesPaid} last {ledger.LastTradeDate:yyyy-MM-dd} realized {ledger.Realized.Count} pieces, proceeds {ledger.Realized.Sum(r => r.Proceeds)} basis {ledger.Realized.Sum(r => r.CostBasis)} disallowed {ledger.Realized.Sum(r => r.WashSaleDisallowed)} income {ledger.Income.Sum(i => i.Amount)}");
        foreach (var p in ledger.Positions.OrderBy(p => p.Symbol, StringComparer.Ordinal))
            text.Append('\n').Append(CultureInfo.InvariantCulture, $"  {p.Symbol}: {p.Quantity} shares, basis {p.CostBasis}, {p.Lots.Count} lots");
        return text.ToString();
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await _database.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }
}
