using Microsoft.Data.Sqlite;
using Portfolio.Application.Prices;

namespace Portfolio.Storage.Sqlite.Tests;

/// <summary>
/// Fixtures/portfolio-main-v0.db was written by the code before schema versions (main at 0245140, Fixtures/README.md): the
/// same quotes must come back after the in-place migration, and the closes must be those worked out below by hand.
/// </summary>
public sealed class SqliteMigrationTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"portfolio-migration-{Guid.NewGuid():N}.db");
    private SqliteDatabase _database = null!;

    public Task InitializeAsync()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "portfolio-main-v0.db"), _path);
        _database = new SqliteDatabase(new SqliteConnectionStringBuilder { DataSource = _path }.ToString());
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
        return Task.CompletedTask;
    }

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static Quote Quote(string symbol, decimal price, string utc, string source, QuoteKind kind = QuoteKind.RealTime) =>
        new(symbol, price, Utc(utc), source, kind);

    private static DailyClose Close(string symbol, string date, decimal price, string utc, string source) =>
        new(symbol, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), price, Utc(utc), source);

    // What the generator stored (10 quotes, the AAPL 19:50 polygon quote corrected from 173.50 to 173.55 afterwards).
    private static readonly Quote[] AaplHistory =
    [
        Quote("AAPL", 170.10m, "2024-03-08T15:00:00Z", "polygon"),
        Quote("AAPL", 171.30m, "2024-03-08T20:50:00Z", "finnhub"),
        Quote("AAPL", 171.25m, "2024-03-08T20:50:00Z", "polygon"),
        Quote("AAPL", 171.40m, "2024-03-09T01:00:00Z", "stooq", QuoteKind.EndOfDay),
        Quote("AAPL", 172.00m, "2024-03-11T13:40:00Z", "polygon"),
        Quote("AAPL", 173.55m, "2024-03-11T19:50:00Z", "polygon"),
    ];

    private static readonly DailyClose[] ExpectedCloses =
    [
        // 01:00 UTC on Saturday 9 March is 20:00 on Friday 8 March in New York (EST, UTC−5): Friday's close.
        Close("AAPL", "2024-03-08", 171.40m, "2024-03-09T01:00:00Z", "stooq"),
        // Daylight saving time from 10 March: 19:50 UTC is 15:50 in New York; the corrected price.
        Close("AAPL", "2024-03-11", 173.55m, "2024-03-11T19:50:00Z", "polygon"),
        Close("BND", "2024-03-11", 72.345678m, "2024-03-11T19:50:00Z", "finnhub"),
        // 04:00 UTC on 1 March is 23:00 on 29 February in New York.
        Close("VTI", "2024-02-29", 251.10m, "2024-03-01T04:00:00Z", "stooq"),
        Close("VTI", "2024-03-01", 252.20m, "2024-03-01T20:50:00Z", "polygon"),
    ];

    [Fact]
    public async Task A_database_written_before_schema_versions_migrates_in_place_and_answers_the_same_prices()
    {
        Assert.Equal(0L, await ScalarAsync("PRAGMA user_version;"));

        await new SqliteSchema(_database).EnsureCreatedAsync(Ct);

        var store = new SqlitePriceStore(_database);
        Assert.Equal(SqliteSchema.CurrentVersion, (int)(long)(await ScalarAsync("PRAGMA user_version;"))!);
        var latest = await store.GetLatestAsync(["AAPL", "BND", "VTI"], Ct);
        // Main kept the first 19:50 price as the latest (a correction at an equal instant did not replace it): unchanged.
        Assert.Equal(Quote("AAPL", 173.50m, "2024-03-11T19:50:00Z", "polygon"), latest["AAPL"]);
        Assert.Equal(Quote("BND", 72.345678m, "2024-03-11T19:50:00Z", "finnhub"), latest["BND"]);
        Assert.Equal(Quote("VTI", 252.20m, "2024-03-01T20:50:00Z", "polygon"), latest["VTI"]);
        Assert.Equal(AaplHistory, await store.GetHistoryAsync("AAPL", Utc("2024-03-01T00:00:00Z"), Utc("2024-04-01T00:00:00Z"), Ct));
        Assert.Equal(ExpectedCloses, await AllClosesAsync(store));
        var changes = await store.GetCloseChangesAsync(["AAPL"], 0, Ct);
        Assert.Equal(new CloseChanges(1, new DateOnly(2024, 3, 8)), changes);
    }

    [Fact]
    public async Task Migrating_twice_changes_nothing_and_later_saves_take_the_next_version()
    {
        var schema = new SqliteSchema(_database);
        await schema.EnsureCreatedAsync(Ct);
        await schema.EnsureCreatedAsync(Ct);

        var store = new SqlitePriceStore(_database);
        Assert.Equal(ExpectedCloses, await AllClosesAsync(store));
        Assert.Equal(new CloseChanges(1, null), await store.GetCloseChangesAsync(["AAPL", "BND", "VTI"], 1, Ct));

        await store.SaveAsync([Quote("BND", 72.40m, "2024-03-11T20:00:00Z", "finnhub")], Ct);
        Assert.Equal(new CloseChanges(2, new DateOnly(2024, 3, 11)), await store.GetCloseChangesAsync(["BND"], 1, Ct));
        Assert.Equal(new CloseChanges(2, null), await store.GetCloseChangesAsync(["AAPL", "VTI"], 1, Ct));
    }

    [Fact]
    public async Task A_database_of_a_newer_schema_is_refused_untouched()
    {
        await new SqliteSchema(_database).EnsureCreatedAsync(Ct);
        await ScalarAsync($"PRAGMA user_version = {SqliteSchema.CurrentVersion + 1};");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new SqliteSchema(_database).EnsureCreatedAsync(Ct));

        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
        Assert.Equal((long)SqliteSchema.CurrentVersion + 1, await ScalarAsync("PRAGMA user_version;"));
    }

    private static async Task<List<DailyClose>> AllClosesAsync(SqlitePriceStore store) =>
        (await store.GetDailyClosesAsync(["AAPL", "BND", "VTI"], new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31), Ct))
        .OrderBy(kv => kv.Key, StringComparer.Ordinal).SelectMany(kv => kv.Value).ToList();

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await _database.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }
}
