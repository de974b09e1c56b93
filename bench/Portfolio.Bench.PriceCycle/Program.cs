// Price-cycle benchmark: N symbols (default 5,000) against a loopback Polygon-format snapshot server that allows 50 requests
// per rolling second and answers 429 beyond it. The client is the production registration (AddPortfolioPricing) with batches of
// 100 and a 50-per-second rolling-window limiter. Usage: dotnet run -c Release -- [symbols] [cycles]
// Provider-faults mode (Faults.cs): dotnet run -c Release -- faults [--short] [--seed N]
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Pricing;

if (args.Length > 0 && args[0] == "faults") return await Faults.RunAsync(args[1..]);

var symbolCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
var cycles = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
const int Limit = 50;
const int Batch = 100;

// A clock inside regular market hours (so the cycle asks for real-time snapshots), ticking in real time.
var clock = new MarketHoursClock();
var limiter = new ServerRateWindow(Limit, TimeSpan.FromSeconds(1));

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
var app = builder.Build();
var cycleNumber = 0;
app.MapGet("/v2/snapshot/locale/us/markets/stocks/tickers", async (HttpContext ctx) =>
{
    if (!limiter.TryAdmit())
    {
        ctx.Response.StatusCode = 429;
        ctx.Response.Headers.RetryAfter = "1";
        await ctx.Response.WriteAsync("""{"status":"ERROR","request_id":"bench","error":"You've exceeded the maximum requests per second."}""");
        return;
    }
    var tickers = ctx.Request.Query["tickers"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
    var ns = (clock.GetUtcNow().ToUnixTimeMilliseconds() - 1000) * 1_000_000L;
    var sb = new StringBuilder(64 + tickers.Length * 120);
    sb.Append("{\"status\":\"OK\",\"request_id\":\"bench\",\"count\":").Append(tickers.Length).Append(",\"tickers\":[");
    for (var i = 0; i < tickers.Length; i++)
    {
        if (i > 0) sb.Append(',');
        var price = PriceOf(tickers[i], Volatile.Read(ref cycleNumber));
        sb.Append("{\"ticker\":\"").Append(tickers[i]).Append("\",\"updated\":").Append(ns)
          .Append(",\"lastTrade\":{\"p\":").Append(price.ToString(CultureInfo.InvariantCulture)).Append(",\"s\":100,\"t\":").Append(ns).Append(",\"x\":4}}");
    }
    sb.Append("]}");
    ctx.Response.ContentType = "application/json";
    await ctx.Response.WriteAsync(sb.ToString());
});
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Pricing:Providers:0"] = "Polygon",
    ["Pricing:Polygon:ApiKey"] = "bench-key",
    ["Pricing:Polygon:BaseAddress"] = address + "/",
    ["Pricing:Polygon:MaxBatchSize"] = Batch.ToString(CultureInfo.InvariantCulture),
    ["Pricing:Polygon:RequestsPerWindow"] = Limit.ToString(CultureInfo.InvariantCulture),
    ["Pricing:Polygon:RateWindow"] = "00:00:01",
    ["Pricing:Polygon:RateWindowMargin"] = "00:00:00",
    ["Pricing:Polygon:MaxConcurrency"] = "8",
    ["Pricing:Polygon:AttemptTimeout"] = "00:00:05",
    ["Pricing:Polygon:TotalTimeout"] = "00:01:00",
}).Build();
var store = new BenchPriceStore();
var services = new ServiceCollection();
services.AddSingleton<TimeProvider>(clock);
services.AddSingleton<IPriceStore>(store);
services.AddPortfolioPricing(configuration);
await using var sp = services.BuildServiceProvider();
var cycle = sp.GetRequiredService<PriceCycle>();
var symbols = Enumerable.Range(0, symbolCount).Select(i => "T" + i.ToString("D5", CultureInfo.InvariantCulture)).ToArray();

Console.WriteLine($"symbols={symbolCount} batch={Batch} server limit={Limit}/s rolling, cycles={cycles}, clock now={clock.GetUtcNow():O} (market open: {UsMarketCalendar.Instance.IsOpen(clock.GetUtcNow())})");
var total = Stopwatch.StartNew();
for (var c = 1; c <= cycles; c++)
{
    Volatile.Write(ref cycleNumber, c);
    var before = limiter.Snapshot();
    var sw = Stopwatch.StartNew();
    var report = await cycle.RunAsync(symbols, CancellationToken.None);
    sw.Stop();
    var after = limiter.Snapshot();
    Console.WriteLine($"cycle {c}: requested={report.Requested} stored={report.Stored} missing={report.MissingCount} rejected={report.RejectedCount} suspect={report.SuspectHeldCount} " +
                      $"requests={after.Requests - before.Requests} 429s={after.Rejected - before.Rejected} elapsed={sw.Elapsed.TotalMilliseconds:F0} ms " +
                      $"provider={string.Join(";", report.Providers.Select(p => $"{p.Provider}:{p.Status}:{p.Found}/{p.Asked}"))}");
}
total.Stop();
var final = limiter.Snapshot();
using var self = Process.GetCurrentProcess();
self.Refresh();
Console.WriteLine($"TOTAL requests={final.Requests} 429s={final.Rejected} max-requests-in-any-1s-window={final.MaxInWindow} (limit {Limit}) " +
                  $"elapsed={total.Elapsed.TotalMilliseconds:F0} ms stored-latest={store.LatestCount} history={store.HistoryCount}");
Console.WriteLine($"peak working set={self.PeakWorkingSet64 / (1024.0 * 1024):F1} MiB, managed heap now={GC.GetTotalMemory(false) / (1024.0 * 1024):F1} MiB, " +
                  $"allocated total={GC.GetTotalAllocatedBytes() / (1024.0 * 1024):F1} MiB (server and client in one process)");
await app.StopAsync();
return final.Rejected == 0 && final.MaxInWindow <= Limit ? 0 : 1;

static decimal PriceOf(string ticker, int cycle)
{
    var h = 0;
    foreach (var ch in ticker) h = unchecked(h * 31 + ch);
    var basePrice = 10m + (Math.Abs(h) % 100_000) / 100m;          // 10.00 .. 1009.99
    return Math.Round(basePrice * (1m + (cycle % 3 - 1) * 0.004m), 4); // ±0.4% between cycles
}

/// <summary>Server-side limiter: admits at most <c>limit</c> requests in any rolling window; records the busiest window seen.</summary>
sealed class ServerRateWindow(int limit, TimeSpan window)
{
    private readonly Queue<long> _admitted = new();
    private readonly Lock _gate = new();
    private long _requests, _rejected;
    private int _max;

    public bool TryAdmit()
    {
        lock (_gate)
        {
            _requests++;
            var now = Stopwatch.GetTimestamp();
            while (_admitted.Count > 0 && Stopwatch.GetElapsedTime(_admitted.Peek(), now) >= window) _admitted.Dequeue();
            if (_admitted.Count >= limit) { _rejected++; return false; }
            _admitted.Enqueue(now);
            _max = Math.Max(_max, _admitted.Count);
            return true;
        }
    }

    public (long Requests, long Rejected, int MaxInWindow) Snapshot() { lock (_gate) return (_requests, _rejected, _max); }
}

/// <summary>Real elapsed time, starting from the next weekday trading session at 11:00 New York.</summary>
sealed class MarketHoursClock : TimeProvider
{
    private readonly DateTimeOffset _start;
    private readonly long _t0 = Stopwatch.GetTimestamp();

    public MarketHoursClock()
    {
        var cal = UsMarketCalendar.Instance;
        var day = cal.ExchangeDate(DateTimeOffset.UtcNow);
        while (!cal.IsTradingDay(day)) day = day.AddDays(1);
        _start = cal.SessionOpen(day).AddMinutes(90);
    }

    public override DateTimeOffset GetUtcNow() => _start + Stopwatch.GetElapsedTime(_t0);
}

sealed class BenchPriceStore : IPriceStore
{
    private readonly Dictionary<string, Quote> _latest = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();
    public long HistoryCount { get; private set; }
    public int LatestCount { get { lock (_gate) return _latest.Count; } }

    public Task SaveAsync(IReadOnlyList<Quote> quotes, CancellationToken ct)
    {
        lock (_gate)
            foreach (var q in quotes)
            {
                HistoryCount++; // history is counted, not kept, so memory reflects the cycle rather than the fake store
                if (!_latest.TryGetValue(q.Symbol, out var cur) || q.AsOf > cur.AsOf) _latest[q.Symbol] = q;
            }
        return Task.CompletedTask;
    }

    public Task<Quote?> GetLatestAsync(string symbol, CancellationToken ct) { lock (_gate) return Task.FromResult(_latest.GetValueOrDefault(symbol)); }

    public Task<IReadOnlyDictionary<string, Quote>> GetLatestAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        lock (_gate)
        {
            var d = new Dictionary<string, Quote>(StringComparer.OrdinalIgnoreCase);
            foreach (var s in symbols) if (_latest.TryGetValue(s, out var q)) d[s] = q;
            return Task.FromResult<IReadOnlyDictionary<string, Quote>>(d);
        }
    }

    public Task<IReadOnlyList<Quote>> GetHistoryAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
        => Task.FromResult<IReadOnlyList<Quote>>([]);
}
