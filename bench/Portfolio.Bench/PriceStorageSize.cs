using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Storage.Sqlite;

namespace Portfolio.Bench;

/// <summary>
/// `price-size`: a year of 10-minute quotes (every trading day of 2025, 09:30 to the close: 39 a full day) for S symbols,
/// saved one cycle at a time as the price cycle does, into two SQLite files: one keeping every quote, one pruned to the
/// last D days after each day. Prints bytes per symbol-year of each, and times reading a year of daily closes against
/// deriving them from a year of quotes (what GET performance did), both on the file that kept every quote.
/// </summary>
public static class PriceStorageSize
{
    public static int Run(Args args)
    {
        var symbols = Enumerable.Range(1, args.Int("symbols", 20)).Select(i => $"SYM{i:D3}").ToList();
        var retentionDays = args.Int("retention-days", 7);
        var runs = args.Int("runs", 5);
        var dir = Path.Combine(Path.GetTempPath(), $"portfolio-price-size-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            var slots = Slots(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31));
            var days = slots.Select(s => MarketClock.MarketDate(s)).Distinct().Count();
            Console.WriteLine($"price-size: {symbols.Count} symbols, {days} trading days of 2025, {slots.Count:N0} quotes a symbol (39 a full day), {retentionDays}-day retention");

            var (kept, keptStore) = Write(Path.Combine(dir, "kept.db"), symbols, slots, retention: null).GetAwaiter().GetResult();
            var (pruned, _) = Write(Path.Combine(dir, "pruned.db"), symbols, slots, TimeSpan.FromDays(retentionDays)).GetAwaiter().GetResult();
            Report("every quote kept", kept, symbols.Count);
            Report($"{retentionDays}-day retention", pruned, symbols.Count);

            var (closesMs, historyMs) = TimeReads(keptStore, symbols, runs).GetAwaiter().GetResult();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  a year of daily closes of {symbols.Count} symbols: median {closesMs:F1} ms; derived from a year of quotes: median {historyMs:F1} ms ({historyMs / closesMs:F0}x), {runs} runs each"));
            var migration = TimeMigration(Path.Combine(dir, "kept.db")).GetAwaiter().GetResult();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  migrating the kept file from schema 0 (backfilling {kept.CloseRows:N0} closes from {kept.HistoryRows:N0} quotes): {migration.TotalSeconds:F2} s"));
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private sealed record Size(long FileBytes, long UsedBytes, long HistoryRows, long CloseRows);

    private static void Report(string label, Size size, int symbols) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label,-20} file {size.FileBytes,12:N0} bytes = {size.FileBytes / symbols,10:N0} per symbol-year (pages in use {size.UsedBytes / symbols:N0}); {size.HistoryRows:N0} quotes, {size.CloseRows:N0} closes"));

    /// <summary>Every 10 minutes of every regular session of the range, in New York trading hours.</summary>
    private static List<DateTimeOffset> Slots(DateOnly from, DateOnly to)
    {
        var calendar = UsMarketCalendar.Instance;
        var slots = new List<DateTimeOffset>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            if (!calendar.IsTradingDay(day)) continue;
            for (var t = calendar.SessionOpen(day); t < calendar.SessionClose(day); t = t.AddMinutes(10)) slots.Add(t);
        }
        return slots;
    }

    private static async Task<(Size, IPriceStore)> Write(string path, List<string> symbols, List<DateTimeOffset> slots, TimeSpan? retention)
    {
        var database = new SqliteDatabase($"Data Source={path}");
        await new SqliteSchema(database).EnsureCreatedAsync(CancellationToken.None);
        var store = new SqlitePriceStore(database);
        var random = new Random(7);
        var prices = symbols.ToDictionary(s => s, _ => 100m);
        DateOnly? day = null;
        foreach (var slot in slots)
        {
            var date = MarketClock.MarketDate(slot);
            if (retention is { } window && day is { } previous && date != previous)
                await store.PruneHistoryAsync(slot - window, CancellationToken.None);
            day = date;
            var quotes = symbols.Select(s =>
            {
                prices[s] = Math.Round(prices[s] * (1m + (decimal)(random.NextDouble() - 0.5) / 100m), 2);
                return new Quote(s, prices[s], slot, "polygon", QuoteKind.RealTime);
            }).ToList();
            await store.SaveAsync(quotes, CancellationToken.None);
        }
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await Scalar(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        var pageSize = await Scalar(connection, "PRAGMA page_size;");
        var used = (await Scalar(connection, "PRAGMA page_count;") - await Scalar(connection, "PRAGMA freelist_count;")) * pageSize;
        var size = new Size(new FileInfo(path).Length, used,
            await Scalar(connection, "SELECT COUNT(*) FROM price_history;"), await Scalar(connection, "SELECT COUNT(*) FROM daily_closes;"));
        return (size, store);
    }

    /// <summary>Turns the file back into a schema-0 database (as main wrote it) and times the start that migrates it.</summary>
    private static async Task<TimeSpan> TimeMigration(string path)
    {
        var database = new SqliteDatabase($"Data Source={path}");
        await using (var connection = await database.OpenAsync(CancellationToken.None))
            await Scalar(connection, "DROP TABLE daily_closes; DROP TABLE close_version; PRAGMA user_version = 0; SELECT 0;");
        var watch = Stopwatch.StartNew();
        await new SqliteSchema(database).EnsureCreatedAsync(CancellationToken.None);
        return watch.Elapsed;
    }

    private static async Task<long> Scalar(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Alternating runs (the machine is shared): closes from their table, and the same closes derived from history.</summary>
    private static async Task<(double ClosesMs, double HistoryMs)> TimeReads(IPriceStore store, List<string> symbols, int runs)
    {
        var (from, to) = (new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31));
        var stored = await store.GetDailyClosesAsync(symbols, from, to, CancellationToken.None);
        var derived = await DeriveAsync(store, symbols, from, to);
        // The two must agree before their speed means anything.
        if (!symbols.All(s => stored[s].SequenceEqual(derived[s])))
            throw new InvalidOperationException("stored closes differ from the closes derived from history");
        var closes = new List<double>();
        var history = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await store.GetDailyClosesAsync(symbols, from, to, CancellationToken.None);
            closes.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            await DeriveAsync(store, symbols, from, to);
            history.Add(watch.Elapsed.TotalMilliseconds);
        }
        return (Median(closes), Median(history));
    }

    /// <summary>IPriceStore's default GetDailyClosesAsync, the way every store answered before closes were kept.</summary>
    private static Task<IReadOnlyDictionary<string, IReadOnlyList<DailyClose>>> DeriveAsync(IPriceStore store, List<string> symbols, DateOnly from, DateOnly to) =>
        ((IPriceStore)new HistoryOnly(store)).GetDailyClosesAsync(symbols, from, to, CancellationToken.None);

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private sealed class HistoryOnly(IPriceStore inner) : IPriceStore
    {
        public Task SaveAsync(IReadOnlyList<Quote> quotes, CancellationToken ct) => inner.SaveAsync(quotes, ct);
        public Task<Quote?> GetLatestAsync(string symbol, CancellationToken ct) => inner.GetLatestAsync(symbol, ct);
        public Task<IReadOnlyDictionary<string, Quote>> GetLatestAsync(IReadOnlyCollection<string> symbols, CancellationToken ct) => inner.GetLatestAsync(symbols, ct);
        public Task<IReadOnlyList<Quote>> GetHistoryAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) => inner.GetHistoryAsync(symbol, from, to, ct);
        public Task<IReadOnlyDictionary<string, IReadOnlyList<Quote>>> GetHistoryAsync(IReadOnlyCollection<string> symbols, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
            inner.GetHistoryAsync(symbols, from, to, ct);
    }
}
