using System.Diagnostics;
using System.Globalization;

namespace Portfolio.Drivers;

/// <summary>
/// Read latency under load: one account of 500 positions (500 buys through the API), prices pushed for all of them,
/// then 50 concurrent clients for --seconds against GET positions, taking turns in six slices with a bare Kestrel app
/// serving the same bytes (<see cref="KestrelBaseline"/>), then against GET performance. Any non-200 fails.
/// </summary>
public static class HttpLoad
{
    public static async Task<int> RunAsync(Options options)
    {
        var positions = options.Int("--positions", 500, 100);
        var clients = options.Int("--clients", 50, 50);
        var seconds = options.Int("--seconds", 30, 2);
        var warmup = options.Int("--warmup-seconds", 3, 1);
        var checks = new Checks();
        Console.WriteLine($"plan: {positions} positions, {clients} clients, {warmup} s warm-up + {seconds} s per route; goal p99 < 5 ms");
        Console.WriteLine($"note: the load generator and the server share this machine's {Environment.ProcessorCount} cores");

        await using var server = await ServerProcess.StartNewAsync("http-load");
        using var setup = Api.Client(server.BaseAddress, server.Token("load-user"));
        using var admin = Api.Client(server.BaseAddress, server.Token("load-admin", admin: true));
        var account = await setup.CreateAccountAsync("load");

        var seeding = Stopwatch.StartNew();
        var deposit = await setup.PostReplyAsync($"/api/accounts/{account}/transactions", new { type = "deposit", tradeDate = "2025-01-02", amount = 100_000_000m }, "deposit");
        checks.Require(deposit.Status == 201, $"deposit: {deposit}");
        var start = new DateOnly(2025, 1, 2);
        for (var i = 0; i < positions; i++)
        {
            var buy = new { type = "buy", tradeDate = start.AddDays(i / 3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), symbol = Symbol(i), quantity = 10m + i % 7, price = 20m + i % 50, fee = 1m };
            var reply = await setup.PostReplyAsync($"/api/accounts/{account}/transactions", buy, $"buy-{i}");
            if (reply.Status != 201) { checks.Fail($"buy {i}: {reply}"); break; }
        }
        Console.WriteLine($"setup: {positions} sequential buys in {seeding.Elapsed.TotalSeconds:F1} s ({positions / seeding.Elapsed.TotalSeconds:F0} writes/s, each replays the growing ledger)");

        var quotes = Enumerable.Range(0, positions).Select(i => new { symbol = Symbol(i), price = (20m + i % 50) * 1.1m, asOf = DateTimeOffset.UtcNow.AddMinutes(-1), source = "drivers" }).ToArray();
        var push = await admin.PostReplyAsync("/api/prices", new { quotes });
        checks.Require(push.Status == 200, $"price push: {push}");
        Console.WriteLine($"prices: pushed {positions} quotes: {push.Status} storedCount={push.Json?["storedCount"]}");

        var positionsReply = await setup.GetReplyAsync($"/api/accounts/{account}/positions");
        checks.Require(positionsReply.Status == 200 && positionsReply.Json!["positions"]!.AsArray().Count == positions,
            $"positions lists {positions} positions: {positionsReply}");
        checks.Require(positionsReply.Json?["unpricedSymbols"]?.AsArray().Count == 0, "every position is priced");
        Console.WriteLine($"response sizes: positions {positionsReply.Body.Length / 1024} KiB, performance {(await setup.GetReplyAsync($"/api/accounts/{account}/performance")).Body.Length / 1024} KiB");

        using var load = Api.Client(server.BaseAddress, server.Token("load-user"), maxConnections: Math.Max(50, clients), timeout: TimeSpan.FromSeconds(30));
        var positionsBytes = await setup.GetByteArrayAsync($"/api/accounts/{account}/positions");
        await using var baseline = await KestrelBaseline.StartAsync(positionsBytes);
        using var bare = Api.Client(baseline.BaseAddress, server.Token("load-user"), maxConnections: Math.Max(50, clients), timeout: TimeSpan.FromSeconds(30));
        Console.WriteLine($"baseline: bare Kestrel (own process) at {baseline.BaseAddress} serving the same {positionsBytes.Length:N0} bytes from memory");
        foreach (var route in new[] { "positions", "performance" })
        {
            var path = $"/api/accounts/{account}/{route}";
            await RunPhaseAsync(load, path, clients, TimeSpan.FromSeconds(warmup), null);
            // One client alone: the service time of a request when nothing queues in front of it.
            var alone = await RunPhaseAsync(load, path, 1, TimeSpan.FromSeconds(Math.Max(1, seconds / 6)), checks);
            Console.WriteLine($"GET {route}, 1 client: {alone.Latencies.Length} requests = {alone.Latencies.Length / alone.Elapsed.TotalSeconds:F0} req/s; {Stats.Latencies(alone.Latencies)}; errors {alone.Errors}");
            checks.Require(alone.Errors == 0, $"GET {route} (1 client): {alone.Errors} non-200 answers or failures");
            // Positions and the baseline take turns in slices, so that a change in the machine's load (it is shared) falls
            // on both alike instead of on whichever ran second.
            var againstBaseline = route == "positions";
            if (againstBaseline) await RunPhaseAsync(bare, "/", clients, TimeSpan.FromSeconds(warmup), null);
            var slices = againstBaseline ? Slices : 1;
            Phase? result = null, baselinePhase = null;
            for (var slice = 0; slice < slices; slice++)
            {
                result = Phase.Sum(result, await RunPhaseAsync(load, path, clients, TimeSpan.FromSeconds((double)seconds / slices), checks));
                if (againstBaseline)
                    baselinePhase = Phase.Sum(baselinePhase, await RunPhaseAsync(bare, "/", clients, TimeSpan.FromSeconds((double)seconds / slices), checks));
            }
            var sorted = result!.Latencies;
            Console.WriteLine($"GET {route}: {sorted.Length} requests in {result.Elapsed.TotalSeconds:F1} s = {sorted.Length / result.Elapsed.TotalSeconds:F0} req/s; " +
                              $"{Stats.Latencies(sorted)}; errors {result.Errors}" + (slices > 1 ? $" ({slices} slices of {seconds / (double)slices:F1} s, taking turns with the baseline)" : ""));
            var p99 = Stats.Ms(Stats.Percentile(sorted, 99));
            Console.WriteLine($"  goal p99 < 5 ms: {(p99 < 5 ? "met" : $"NOT met ({p99:F1} ms)")}; with {clients} clients always waiting, mean latency ≈ {clients}/throughput = {1000.0 * clients * result.Elapsed.TotalSeconds / Math.Max(1, sorted.Length):F1} ms (Little's law)");
            foreach (var e in result.ErrorSamples) Console.WriteLine("  error: " + e);
            checks.Require(result.Errors == 0, $"GET {route}: {result.Errors} non-200 answers or failures");
            if (baselinePhase is not null)
            {
                Console.WriteLine($"baseline (same bytes, bare Kestrel): {baselinePhase.Latencies.Length} requests in {baselinePhase.Elapsed.TotalSeconds:F1} s = " +
                                  $"{baselinePhase.Latencies.Length / baselinePhase.Elapsed.TotalSeconds:F0} req/s; {Stats.Latencies(baselinePhase.Latencies)}; errors {baselinePhase.Errors}");
                checks.Require(baselinePhase.Errors == 0, $"baseline: {baselinePhase.Errors} non-200 answers or failures");
                CompareWithBaseline(baselinePhase, result);
            }
        }
        var errors = server.LogLines(l => l.Contains("fail:", StringComparison.Ordinal) || l.StartsWith("ERR", StringComparison.Ordinal));
        checks.Require(errors.Count == 0, $"server logged {errors.Count} errors, first: {errors.FirstOrDefault()}");
        return checks.Report("http-load");
    }

    /// <summary>How many turns positions and the baseline take within --seconds each.</summary>
    private const int Slices = 6;

    /// <summary>Throughput and p99 as ratios to the baseline measured in the same run (the machine is shared and noisy).</summary>
    private static void CompareWithBaseline(Phase baseline, Phase route)
    {
        var throughput = route.Latencies.Length / route.Elapsed.TotalSeconds / (baseline.Latencies.Length / baseline.Elapsed.TotalSeconds);
        var p99 = Stats.Ms(Stats.Percentile(route.Latencies, 99)) / Stats.Ms(Stats.Percentile(baseline.Latencies, 99));
        Console.WriteLine($"  positions against the baseline: throughput {throughput:P0} (goal >= 50 %: {(throughput >= 0.5 ? "met" : "NOT met")}), " +
                          $"p99 {p99:F2}x (goal <= 2x: {(p99 <= 2 ? "met" : "NOT met")})");
    }

    public static string Symbol(int i) => "L" + i.ToString("D4", CultureInfo.InvariantCulture);

    private sealed record Phase(long[] Latencies, TimeSpan Elapsed, int Errors, IReadOnlyList<string> ErrorSamples)
    {
        /// <summary>Two slices of one phase as one: their requests, latencies (sorted) and errors, and the time they ran.</summary>
        public static Phase Sum(Phase? first, Phase second)
        {
            if (first is null) return second;
            var latencies = first.Latencies.Concat(second.Latencies).ToArray();
            Array.Sort(latencies);
            return new Phase(latencies, first.Elapsed + second.Elapsed, first.Errors + second.Errors, [.. first.ErrorSamples.Concat(second.ErrorSamples).Take(5)]);
        }
    }

    /// <summary>clients loops, each bounded by the duration and by 2 million requests, one Stopwatch reading per request.</summary>
    private static async Task<Phase> RunPhaseAsync(HttpClient client, string path, int clients, TimeSpan duration, Checks? checks)
    {
        const int MaxPerClient = 2_000_000;
        var errors = 0;
        var samples = new List<string>();
        var perClient = new List<long>[clients];
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var latencies = perClient[c] = new List<long>(16_384);
            var buffer = new byte[64 * 1024];
            while (clock.Elapsed < duration && latencies.Count < MaxPerClient)
            {
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
                    await using var body = await response.Content.ReadAsStreamAsync();
                    while (await body.ReadAsync(buffer) > 0) { }
                    if ((int)response.StatusCode != 200)
                    {
                        Interlocked.Increment(ref errors);
                        lock (samples) if (samples.Count < 5) samples.Add($"{(int)response.StatusCode} on {path}");
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    Interlocked.Increment(ref errors);
                    lock (samples) if (samples.Count < 5) samples.Add($"{e.GetType().Name}: {e.Message}");
                }
                latencies.Add(Stopwatch.GetTimestamp() - t0);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed;
        var all = perClient.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new Phase(all, elapsed, errors, samples);
    }
}
