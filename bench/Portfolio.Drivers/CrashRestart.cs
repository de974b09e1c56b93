using System.Diagnostics;
using System.Text.Json;

namespace Portfolio.Drivers;

/// <summary>
/// Streams --writes deposits, buys and sells (each with its Idempotency-Key) from several clients while the server is
/// killed with SIGKILL at random points of the stream and restarted on the same data folder, --kills times. A journal
/// keeps every write's outcome; at the end every acknowledged write is stored exactly once and answers 200 to a retry,
/// refused ones are absent, unacknowledged ones are absent or answer 200, and holdings reconcile (nothing half-applied).
/// </summary>
public static class CrashRestart
{
    private static readonly string[] Symbols = ["KKK", "LLL", "MMM"];

    public static async Task<int> RunAsync(Options options)
    {
        var writes = options.Int("--writes", 10_000, 400);
        var kills = options.Int("--kills", 20, 3);
        var clients = options.Int("--clients", 8, 6);
        var accountCount = options.Int("--accounts", 4, 3);
        var seed = options.Int("--seed", 4242, 4242);
        var checks = new Checks();
        Console.WriteLine($"plan: {writes} writes (20% deposits, 50% buys, 30% sells) from {clients} clients on {accountCount} accounts, {kills} SIGKILLs at random points; seed {seed}");

        await using var server = await ServerProcess.StartNewAsync("crash");
        using var client = Api.Client(server.BaseAddress, server.Token("crash-user"), maxConnections: clients + 4, timeout: TimeSpan.FromSeconds(10));
        var accounts = new List<string>();
        for (var a = 0; a < accountCount; a++) accounts.Add(await client.CreateAccountAsync($"crash-{a}", a % 2 == 0 ? "fifo" : "hifo"));

        var random = new Random(seed);
        var ops = Enumerable.Range(0, writes)
            .Select(i => WriteOp.Random(random, accounts[random.Next(accounts.Count)], $"c-{seed}-{i}", Symbols, "2025-06-02", depositPercent: 20, sellPercent: 30))
            .ToArray();
        // Kill points: positions in the stream of started writes, spread over its first 95%.
        var killAt = Enumerable.Range(0, kills).Select(_ => random.Next(writes / 50 + 1, Math.Max(writes / 50 + 2, writes * 95 / 100))).Order().ToArray();

        var stats = new RetryStats();
        var next = -1;
        var started = 0;
        var clock = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < ops.Length)
            {
                Interlocked.Increment(ref started);
                await Writes.SendAsync(client, ops[i], stats, maxAttempts: 2_000, maxTime: TimeSpan.FromSeconds(120));
            }
        })).ToArray();
        var allWritten = Task.WhenAll(writers);

        var restarts = new List<TimeSpan>();
        var killsDone = 0;
        var inFlightAtKill = new List<int>();
        foreach (var point in killAt)
        {
            while (Volatile.Read(ref started) < point && !allWritten.IsCompleted && clock.Elapsed < TimeSpan.FromMinutes(10))
                await Task.Delay(2);
            if (allWritten.IsCompleted) break;
            await Task.Delay(random.Next(0, 20)); // land anywhere inside a request, not only between them
            await server.KillAsync();
            killsDone++;
            inFlightAtKill.Add(Volatile.Read(ref started) - ops.Count(o => o.Outcome != Outcome.Pending));
            restarts.Add(await server.StartAsync());
        }
        await allWritten;
        var elapsed = clock.Elapsed;
        Console.WriteLine($"stream: {writes} writes in {elapsed.TotalSeconds:F1} s with {killsDone} kills (restart to healthy: " +
                          $"mean {(restarts.Count == 0 ? 0 : restarts.Average(r => r.TotalSeconds)):F2} s, max {(restarts.Count == 0 ? 0 : restarts.Max(r => r.TotalSeconds)):F2} s; " +
                          $"~{(inFlightAtKill.Count == 0 ? 0 : inFlightAtKill.Average()):F1} writes in flight at each kill)");
        Console.WriteLine($"outcomes: {ops.Count(o => o.Outcome == Outcome.Acked)} acknowledged, {ops.Count(o => o.Outcome == Outcome.Refused)} refused (422), " +
                          $"{ops.Count(o => o.Outcome == Outcome.GaveUp)} gave up; acknowledged only on a retry after a kill: {ops.Count(o => o.Outcome == Outcome.Acked && o.Status == 200)}");
        Console.WriteLine($"http: {stats}");
        foreach (var s in stats.Samples) Console.WriteLine("  sample: " + s);
        checks.Require(killsDone == kills, $"{killsDone} of {kills} kills happened before the stream ended");
        checks.Require(stats.ServerErrors == 0, $"{stats.ServerErrors} 5xx answers");
        checks.Require(stats.Unexpected == 0, $"{stats.Unexpected} unexpected answers");
        Writes.RequireAcknowledged(ops, minBuyShare: 0.9, checks);

        var verify = Stopwatch.StartNew();
        var summary = await Writes.VerifyAsync(client, accounts, ops, new Dictionary<string, HashSet<string>>(), new Dictionary<string, decimal>(), replayAll: true, checks);
        Console.WriteLine($"verified in {verify.Elapsed.TotalSeconds:F1} s: {summary.Transactions} stored = {summary.Acked} acknowledged + {summary.AppliedUnacknowledged} applied-unacknowledged " +
                          $"(found by retrying their keys); {summary.NotApplied} unacknowledged not applied; {summary.Replayed} acknowledged writes retried → 200 same id");
        var errors = server.LogLines(l => l.Contains("fail:", StringComparison.Ordinal));
        checks.Require(errors.Count == 0, $"server logged {errors.Count} failures, first: {errors.FirstOrDefault()}");
        var code = checks.Report("crash-restart");
        if (code != 0)
        {
            server.Keep = true;
            var journal = Path.Combine(server.DataDirectory, "journal.jsonl");
            await File.WriteAllLinesAsync(journal, ops.Select(o => JsonSerializer.Serialize(new { o.AccountId, o.Key, o.Type, o.Symbol, o.Quantity, o.Price, o.Amount, Outcome = o.Outcome.ToString(), o.Status, o.Attempts, o.TransactionId, o.Detail })));
            Console.WriteLine($"journal: {journal}");
        }
        return code;
    }
}
