// Provider-faults mode: `dotnet run -c Release --project bench/Portfolio.Bench.PriceCycle -- faults [--short] [--seed N]`.
// A seeded loopback Polygon-format snapshot server answers each request with a normal body, a hang past the client's timeouts,
// HTTP 500, HTTP 429 (Retry-After 0/1), a garbage/truncated body, or a normal body with absurd prices for some tickers.
// The production registration (AddPortfolioPricing) runs N cycles over 200 symbols on a market-hours clock advanced 10 minutes
// per cycle, then 3 cycles of 500s. Checks: no exception escapes a cycle; every stored price is positive and a true price of that
// symbol; after the outage every latest quote is stale and still the last good price.
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

enum Fault { Normal, Hang, Http500, Http429, Garbage, Absurd }

static class Faults
{
    private const int SymbolCount = 200;
    private const int Batch = 100;
    private const int OutageCycles = 3;
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(string[] args)
    {
        var isShort = args.Contains("--short");
        var seedAt = Array.IndexOf(args, "--seed");
        var seed = seedAt >= 0 && seedAt + 1 < args.Length ? int.Parse(args[seedAt + 1], CultureInfo.InvariantCulture) : 20240611;
        var cycles = isShort ? 12 : 30;
        var attemptTimeout = isShort ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(1);
        var totalTimeout = attemptTimeout * 3;
        var hang = totalTimeout + TimeSpan.FromSeconds(1);

        var clock = new SteppedMarketClock();
        var rng = new Random(seed);
        var rngGate = new Lock();
        var injected = new long[Enum.GetValues<Fault>().Length];
        var absurdTickers = 0L;
        var cycleNumber = 0;
        var outage = false;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/v2/snapshot/locale/us/markets/stocks/tickers", async (HttpContext ctx) =>
        {
            var tickers = ctx.Request.Query["tickers"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
            var c = Volatile.Read(ref cycleNumber);
            Fault fault;
            int pick;
            double[] draws;
            lock (rngGate)
            {
                // cycle 1 is a clean baseline so that every symbol has a last good price before the faults start
                fault = Volatile.Read(ref outage) ? Fault.Http500 : c <= 1 ? Fault.Normal : Draw(rng.Next(100));
                pick = rng.Next(1000);
                draws = Enumerable.Range(0, tickers.Length * 3).Select(_ => rng.NextDouble()).ToArray();
            }
            Interlocked.Increment(ref injected[(int)fault]);
            switch (fault)
            {
                case Fault.Hang:
                    try { await Task.Delay(hang, ctx.RequestAborted); } catch (OperationCanceledException) { return; }
                    break; // the client gave up long ago; answer normally if it is somehow still there
                case Fault.Http500:
                    ctx.Response.StatusCode = 500;
                    await ctx.Response.WriteAsync("""{"status":"ERROR","request_id":"faults","error":"internal"}""");
                    return;
                case Fault.Http429:
                    ctx.Response.StatusCode = 429;
                    ctx.Response.Headers.RetryAfter = (pick % 2).ToString(CultureInfo.InvariantCulture);
                    await ctx.Response.WriteAsync("""{"status":"ERROR","request_id":"faults","error":"You've exceeded the maximum requests per second."}""");
                    return;
            }
            var ns = (clock.GetUtcNow().ToUnixTimeMilliseconds() - 1000) * 1_000_000L;
            var sb = new StringBuilder(64 + tickers.Length * 120);
            sb.Append("{\"status\":\"OK\",\"request_id\":\"faults\",\"count\":").Append(tickers.Length).Append(",\"tickers\":[");
            for (var i = 0; i < tickers.Length; i++)
            {
                if (i > 0) sb.Append(',');
                var truePrice = TruePrice(tickers[i], c);
                var price = truePrice.ToString(CultureInfo.InvariantCulture);
                if (fault == Fault.Absurd && draws[3 * i] < 0.15)
                {
                    Interlocked.Increment(ref absurdTickers);
                    price = (int)(draws[3 * i + 1] * 6) switch
                    {
                        0 => "0",
                        1 => (-truePrice).ToString(CultureInfo.InvariantCulture),
                        2 => "\"NaN\"",
                        3 => "\"Infinity\"",
                        4 => "1e30",
                        _ => Math.Round(truePrice * (50m + (decimal)draws[3 * i + 2] * 100m), 4).ToString(CultureInfo.InvariantCulture),
                    };
                }
                sb.Append("{\"ticker\":\"").Append(tickers[i]).Append("\",\"updated\":").Append(ns)
                  .Append(",\"lastTrade\":{\"p\":").Append(price).Append(",\"s\":100,\"t\":").Append(ns).Append(",\"x\":4}}");
            }
            sb.Append("]}");
            var body = sb.ToString();
            if (fault == Fault.Garbage)
                body = (pick % 3) switch
                {
                    0 => "<html><body>502 Bad Gateway</body></html>",
                    1 => body[..(body.Length / 2)],               // truncated JSON
                    _ => "{\"status\":\"OK\",\"tickers\":{\"oops\":", // broken structure
                };
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pricing:Providers:0"] = "Polygon",
            ["Pricing:Polygon:ApiKey"] = "faults-key",
            ["Pricing:Polygon:BaseAddress"] = address + "/",
            ["Pricing:Polygon:MaxBatchSize"] = Batch.ToString(CultureInfo.InvariantCulture),
            ["Pricing:Polygon:RequestsPerWindow"] = "1000",
            ["Pricing:Polygon:RateWindow"] = "00:00:01",
            ["Pricing:Polygon:MaxConcurrency"] = "4",
            ["Pricing:Polygon:AttemptTimeout"] = attemptTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["Pricing:Polygon:TotalTimeout"] = totalTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["Pricing:Polygon:MaxRetries"] = "2",
            ["Pricing:Polygon:RetryBaseDelay"] = "00:00:00.0100000",
            ["Pricing:Polygon:BreakerSamplingDuration"] = "00:00:05",
            ["Pricing:Polygon:BreakerBreakDuration"] = "00:00:01",
        }).Build();
        var store = new HistoryPriceStore();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<IPriceStore>(store);
        services.AddPortfolioPricing(configuration);
        await using var sp = services.BuildServiceProvider();
        var cycle = sp.GetRequiredService<PriceCycle>();
        var symbols = Enumerable.Range(0, SymbolCount).Select(i => "F" + i.ToString("D4", CultureInfo.InvariantCulture)).ToArray();

        var passed = 0;
        var failed = 0;
        var failures = new List<string>();
        void Check(bool ok, string what)
        {
            if (ok) { passed++; return; }
            failed++;
            if (failures.Count < 20) failures.Add(what);
        }

        Console.WriteLine($"faults: seed={seed} symbols={SymbolCount} cycles={cycles}+{OutageCycles} outage, attempt timeout={attemptTimeout.TotalSeconds}s total={totalTimeout.TotalSeconds}s hang={hang.TotalSeconds}s, clock={clock.GetUtcNow():O}");
        var total = Stopwatch.StartNew();
        async Task RunCycle(int c, string label)
        {
            if (c > 1) clock.Advance(Step);
            Volatile.Write(ref cycleNumber, c);
            var open = UsMarketCalendar.Instance.IsOpen(clock.GetUtcNow());
            Check(open, $"cycle {c}: clock {clock.GetUtcNow():O} is outside the regular session");
            var sw = Stopwatch.StartNew();
            try
            {
                var r = await cycle.RunAsync(symbols, CancellationToken.None);
                Console.WriteLine($"{label} {c,2}: stored={r.Stored} missing={r.MissingCount} rejected={r.RejectedCount} suspect-held={r.SuspectHeldCount} " +
                                  $"elapsed={sw.Elapsed.TotalMilliseconds:F0} ms provider={string.Join(";", r.Providers.Select(p => $"{p.Provider}:{p.Status}:{p.Found}/{p.Asked}{(p.Failed() ? ":" + p.FailureKind : "")}"))}");
                Check(true, "");
            }
            catch (Exception ex)
            {
                Console.WriteLine($"{label} {c,2}: EXCEPTION {ex.GetType().Name}: {ex.Message}");
                Check(false, $"cycle {c}: exception escaped: {ex.GetType().Name}: {ex.Message}");
            }
        }

        for (var c = 1; c <= cycles; c++) await RunCycle(c, "cycle");
        var beforeOutage = await store.GetLatestAsync(symbols, CancellationToken.None);
        Volatile.Write(ref outage, true);
        for (var c = cycles + 1; c <= cycles + OutageCycles; c++) await RunCycle(c, "outage");
        total.Stop();

        // (2) every stored price (history, which includes every latest) is positive and a true price of that symbol
        var history = store.History();
        var storedCount = 0;
        foreach (var s in symbols)
        {
            var truth = Enumerable.Range(1, cycles + OutageCycles).Select(c => TruePrice(s, c)).ToHashSet();
            var mine = history.GetValueOrDefault(s) ?? [];
            storedCount += mine.Count;
            var bad = mine.Where(q => q.Price <= 0m || !truth.Contains(q.Price)).ToList();
            Check(bad.Count == 0, $"{s}: stored non-true price(s) {string.Join(", ", bad.Select(q => q.Price.ToString(CultureInfo.InvariantCulture)))}");
        }
        // (3) after the outage: every latest quote is stale, unchanged since before the outage, and the newest stored quote
        var now = clock.GetUtcNow();
        var latest = await store.GetLatestAsync(symbols, CancellationToken.None);
        var staleCount = 0;
        foreach (var s in symbols)
        {
            if (!latest.TryGetValue(s, out var q)) { Check(false, $"{s}: no latest quote"); continue; }
            var stale = PriceFreshness.IsStale(q, now);
            if (stale) staleCount++;
            var newest = history[s].MaxBy(h => h.AsOf)!;
            Check(stale && beforeOutage.TryGetValue(s, out var b) && b == q && newest.Price == q.Price && q.Price > 0m,
                $"{s}: latest {q.Price} at {q.AsOf:O} stale={stale} (now {now:O}), before outage {beforeOutage.GetValueOrDefault(s)?.Price}, newest stored {newest.Price}");
        }

        await app.StopAsync();
        Console.WriteLine($"injected: {string.Join(" ", Enum.GetValues<Fault>().Select(f => $"{f}={injected[(int)f]}"))} (absurd tickers={absurdTickers}); " +
                          $"stored quotes={storedCount} latest={latest.Count} stale after outage={staleCount}/{SymbolCount}; elapsed={total.Elapsed.TotalSeconds:F1} s");
        foreach (var f in failures) Console.WriteLine("FAIL " + f);
        Console.WriteLine($"faults: {passed} checks passed, {failed} failed");
        return failed == 0 ? 0 : 1;
    }

    private static bool Failed(this ProviderOutcome p) => p.Status == ProviderStatus.Failed;

    private static Fault Draw(int roll) => roll switch
    {
        < 40 => Fault.Normal,
        < 50 => Fault.Hang,
        < 65 => Fault.Http500,
        < 75 => Fault.Http429,
        < 85 => Fault.Garbage,
        _ => Fault.Absurd,
    };

    /// <summary>Deterministic per symbol and cycle: 100 .. 149.99 plus a small drift (well under the 50% suspect jump).</summary>
    public static decimal TruePrice(string ticker, int cycle)
    {
        var h = 0;
        foreach (var ch in ticker) h = unchecked(h * 31 + ch);
        var basePrice = 100m + (Math.Abs(h) % 5000) / 100m;
        return Math.Round(basePrice * (1m + ((cycle * 7 + Math.Abs(h)) % 11 - 5) * 0.001m), 4);
    }
}

/// <summary>Starts 5 minutes into a full (not early-close) trading session; real time ticks, and <see cref="Advance"/> jumps ahead.</summary>
sealed class SteppedMarketClock : TimeProvider
{
    private readonly DateTimeOffset _start;
    private readonly long _t0 = Stopwatch.GetTimestamp();
    private long _offsetTicks;

    public SteppedMarketClock()
    {
        var cal = UsMarketCalendar.Instance;
        var day = cal.ExchangeDate(DateTimeOffset.UtcNow);
        while (!cal.IsTradingDay(day) || cal.IsEarlyClose(day)) day = day.AddDays(1);
        _start = cal.SessionOpen(day).AddMinutes(5);
    }

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => _start + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks)) + Stopwatch.GetElapsedTime(_t0);
}

/// <summary>In-memory store that keeps the full history (the default benchmark's store only counts it).</summary>
sealed class HistoryPriceStore : IPriceStore
{
    private readonly Dictionary<string, Quote> _latest = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<Quote>> _history = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    public Task SaveAsync(IReadOnlyList<Quote> quotes, CancellationToken ct)
    {
        lock (_gate)
            foreach (var q in quotes)
            {
                if (!_history.TryGetValue(q.Symbol, out var list)) _history[q.Symbol] = list = [];
                list.Add(q);
                if (!_latest.TryGetValue(q.Symbol, out var cur) || q.AsOf > cur.AsOf) _latest[q.Symbol] = q;
            }
        return Task.CompletedTask;
    }

    public Dictionary<string, List<Quote>> History() { lock (_gate) return _history.ToDictionary(kv => kv.Key, kv => kv.Value.ToList(), StringComparer.OrdinalIgnoreCase); }

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
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<Quote>>(_history.TryGetValue(symbol, out var l) ? l.Where(q => q.AsOf >= from && q.AsOf < to).OrderBy(q => q.AsOf).ToList() : []);
    }
}
