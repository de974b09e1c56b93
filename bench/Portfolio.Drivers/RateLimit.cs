using System.Diagnostics;
using System.Globalization;

namespace Portfolio.Drivers;

/// <summary>
/// Per-user rate limits under abuse: a "calm" user reads its positions at a steady pace well within its limit, alone
/// and then while a "hammer" user sends reads at several times its own limit, in alternating rounds (so both
/// conditions see the same machine load). Checks: the hammer gets 429s, each with <c>Retry-After</c> and a problem
/// body; the calm user gets no 429 and only 200s; the calm user's p99 under abuse stays within 2× its p99 alone
/// (a hard check in the full run; reported in --short, whose few samples make p99 the worst one or two).
/// </summary>
public static class RateLimit
{
    public static async Task<int> RunAsync(Options options)
    {
        var limit = options.Int("--limit", 100, 20);                  // reads per second per user (and the burst)
        var calmRate = options.Int("--calm-rate", 40, 10);            // the calm user's reads per second
        var hammerRate = options.Int("--hammer-rate", 500, 500);      // the hammer's reads per second, over 4 connections
        var rounds = options.Int("--rounds", 4, 2);
        var seconds = options.Int("--seconds", 6, 2);                 // per condition per round
        var checks = new Checks();
        Console.WriteLine($"plan: limit {limit} reads/s per user; calm user {calmRate} reads/s; hammer {hammerRate} reads/s ({hammerRate / (double)limit:F1}x its limit); {rounds} rounds of {seconds} s alone + {seconds} s under abuse");

        await using var server = await ServerProcess.StartNewAsync("ratelimit",
            $"--RateLimits:Reads:TokenLimit={limit}", $"--RateLimits:Reads:TokensPerPeriod={limit}", "--RateLimits:Reads:PeriodSeconds=1");
        using var calm = Api.Client(server.BaseAddress, server.Token("calm-user"), maxConnections: 4);
        using var hammer = Api.Client(server.BaseAddress, server.Token("hammer-user"), maxConnections: 8);
        var account = await SeedAsync(calm, "calm", checks);
        var hammerPath = $"/api/accounts/{await SeedAsync(hammer, "hammer", checks)}/positions";
        var path = $"/api/accounts/{account}/positions";
        await PaceAsync(calm, path, calmRate, TimeSpan.FromSeconds(1), null); // warm-up

        var alone = new List<long>();
        var abused = new List<long>();
        var hammerStatuses = new Dictionary<int, int>();
        var calmStatuses = new Dictionary<int, int>();
        var refusalsWithoutRetryAfter = 0;
        var refusalsWithoutProblem = 0;
        for (var round = 0; round < rounds; round++)
        {
            alone.AddRange(await PaceAsync(calm, path, calmRate, TimeSpan.FromSeconds(seconds), calmStatuses));

            using var stop = new CancellationTokenSource();
            var hammering = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                var statuses = new Dictionary<int, int>();
                var interval = TimeSpan.FromSeconds(4.0 / hammerRate);
                var clock = Stopwatch.StartNew();
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    using var response = await hammer.GetAsync(hammerPath, HttpCompletionOption.ResponseContentRead);
                    var status = (int)response.StatusCode;
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                    if (status == 429)
                    {
                        if (!response.Headers.TryGetValues("Retry-After", out var after) || !int.TryParse(after.Single(), out var s) || s < 1)
                            Interlocked.Increment(ref refusalsWithoutRetryAfter);
                        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                            Interlocked.Increment(ref refusalsWithoutProblem);
                    }
                    var wait = interval * (i + 1) - clock.Elapsed;
                    if (wait > TimeSpan.Zero) await Task.Delay(wait);
                }
                return statuses;
            })).ToList();
            abused.AddRange(await PaceAsync(calm, path, calmRate, TimeSpan.FromSeconds(seconds), calmStatuses));
            await stop.CancelAsync();
            foreach (var statuses in await Task.WhenAll(hammering))
                foreach (var (status, count) in statuses) hammerStatuses[status] = hammerStatuses.GetValueOrDefault(status) + count;
        }

        var aloneSorted = alone.Order().ToArray();
        var abusedSorted = abused.Order().ToArray();
        var p99Alone = Stats.Ms(Stats.Percentile(aloneSorted, 99));
        var p99Abused = Stats.Ms(Stats.Percentile(abusedSorted, 99));
        var ratio = p99Abused / p99Alone;
        var hammerTotal = hammerStatuses.Values.Sum();
        var hammer429 = hammerStatuses.GetValueOrDefault(429);
        Console.WriteLine($"hammer: {hammerTotal} requests, {Describe(hammerStatuses)}; {hammer429 * 100.0 / Math.Max(1, hammerTotal):F1} % refused");
        Console.WriteLine($"calm user alone:        {alone.Count} reads, {Stats.Latencies(aloneSorted)}");
        Console.WriteLine($"calm user under abuse:  {abused.Count} reads, {Stats.Latencies(abusedSorted)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"calm user p99 under abuse / alone: {p99Abused:F2} ms / {p99Alone:F2} ms = {ratio:F2}x (goal <= 2x)"));

        checks.Require(hammer429 > 0, "the hammer user got no 429");
        checks.Require(refusalsWithoutRetryAfter == 0, $"{refusalsWithoutRetryAfter} 429s without a Retry-After of at least 1 s");
        checks.Require(refusalsWithoutProblem == 0, $"{refusalsWithoutProblem} 429s without a problem body");
        checks.Require(hammerStatuses.Keys.All(s => s is 200 or 429), $"the hammer saw only 200 and 429: {Describe(hammerStatuses)}");
        checks.Require(calmStatuses.Keys.All(s => s == 200), $"the calm user saw only 200: {Describe(calmStatuses)}");
        if (options.Short) Console.WriteLine($"(--short: the p99 ratio is reported, not checked: {abused.Count} samples)");
        else checks.Require(ratio <= 2.0, $"calm user's p99 under abuse {ratio:F2}x its p99 alone (goal <= 2x)");
        return checks.Report("ratelimit");
    }

    /// <summary>An account of 20 positions (a deposit and 20 buys), the same for both users.</summary>
    private static async Task<string> SeedAsync(HttpClient client, string name, Checks checks)
    {
        var account = await client.CreateAccountAsync(name);
        var writes = new List<object> { new { type = "deposit", tradeDate = "2025-01-02", amount = 100_000m } };
        writes.AddRange(Enumerable.Range(0, 20).Select(i => (object)new { type = "buy", tradeDate = "2025-01-03", symbol = $"S{i:D3}", quantity = 10m, price = 20m + i, fee = 0m }));
        foreach (var body in writes)
        {
            var reply = await client.PostReplyAsync($"/api/accounts/{account}/transactions", body);
            checks.Require(reply.Status == 201, $"seeding {name}: {reply}");
        }
        return account;
    }

    /// <summary>Sequential GETs at a fixed rate for a while; the latency of each (ticks), and its status counted.</summary>
    private static async Task<List<long>> PaceAsync(HttpClient client, string path, int rate, TimeSpan duration, Dictionary<int, int>? statuses)
    {
        var latencies = new List<long>();
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        var clock = Stopwatch.StartNew();
        for (var i = 0; clock.Elapsed < duration; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
            latencies.Add(Stopwatch.GetTimestamp() - started);
            if (statuses is not null) statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
            var wait = interval * (i + 1) - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
        }
        return latencies;
    }

    private static string Describe(Dictionary<int, int> statuses) =>
        string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Value} x {s.Key}"));
}
