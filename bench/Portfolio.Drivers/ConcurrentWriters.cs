using System.Diagnostics;

namespace Portfolio.Drivers;

/// <summary>
/// 200 concurrent clients post random buys and sells (one Idempotency-Key per logical request, retried with the same key
/// on timeouts, 409 and 5xx) to 10 accounts for --seconds; then checks that every acknowledged write is stored exactly
/// once and that positions, lots, realized quantities and cash reconcile with what was acknowledged.
/// </summary>
public static class ConcurrentWriters
{
    private static readonly string[] Symbols = ["AAA", "BBB", "CCC", "DDD"];
    private static readonly string[] LotMethods = ["fifo", "lifo", "hifo", "average"];
    private static readonly string[] Dates = ["2025-06-02", "2025-06-03", "2025-06-04", "2025-06-05"];
    private const string Today = "2025-06-06";
    private const decimal SetupCash = 1_000_000m;

    public static async Task<int> RunAsync(Options options)
    {
        var clients = options.Int("--clients", 200, 50);
        var accountCount = options.Int("--accounts", 10, 10);
        var seconds = options.Int("--seconds", 30, 4);
        var seed = options.Int("--seed", 20261123, 20261123);
        var checks = new Checks();
        Console.WriteLine($"plan: {clients} clients, {accountCount} accounts, {seconds} s of random buys (55%) and sells (45%), 20% of them back-dated; seed {seed}");

        await using var server = await ServerProcess.StartNewAsync("writers");
        var token = server.Token("writer");
        using var client = Api.Client(server.BaseAddress, token, maxConnections: clients + 8, timeout: TimeSpan.FromSeconds(10));
        var accounts = new List<string>();
        var setupIds = new Dictionary<string, HashSet<string>>();
        var setupCash = new Dictionary<string, decimal>();
        for (var a = 0; a < accountCount; a++)
        {
            var id = await client.CreateAccountAsync($"writers-{a}", LotMethods[a % LotMethods.Length], a % 3 == 2 ? "ira" : "taxable");
            var deposit = await client.PostReplyAsync($"/api/accounts/{id}/transactions", new { type = "deposit", tradeDate = "2025-01-02", amount = SetupCash }, "setup-deposit");
            checks.Require(deposit.Status == 201, $"setup deposit: {deposit}");
            accounts.Add(id);
            setupIds[id] = [deposit.Json!["transaction"]!["id"].Str()];
            setupCash[id] = SetupCash;
        }

        var stats = new RetryStats();
        var ops = new List<WriteOp>[clients];
        var clock = Stopwatch.StartNew();
        var duration = TimeSpan.FromSeconds(seconds);
        var tasks = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var random = new Random(seed + c);
            var mine = ops[c] = [];
            while (clock.Elapsed < duration && mine.Count < 100_000)
            {
                var date = random.Next(100) < 20 ? Dates[random.Next(Dates.Length)] : Today;
                var op = WriteOp.Random(random, accounts[random.Next(accounts.Count)], $"w-{c}-{mine.Count}", Symbols, date, depositPercent: 0, sellPercent: 45);
                mine.Add(op);
                await Writes.SendAsync(client, op, stats, maxAttempts: 50, maxTime: TimeSpan.FromSeconds(60));
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed;
        var all = ops.SelectMany(o => o).ToList();
        var acked = all.Count(o => o.Outcome == Outcome.Acked);
        Console.WriteLine($"writes: {all.Count} logical writes in {elapsed.TotalSeconds:F1} s: {acked} acknowledged ({acked / elapsed.TotalSeconds:F0}/s), " +
                          $"{all.Count(o => o.Outcome == Outcome.Refused)} refused, {all.Count(o => o.Outcome == Outcome.GaveUp)} gave up");
        Console.WriteLine($"http: {stats}");
        Console.WriteLine($"refusals: {string.Join("; ", all.Where(o => o.Outcome == Outcome.Refused).GroupBy(o => Shorten(o.Detail)).OrderByDescending(g => g.Count()).Take(4).Select(g => $"{g.Count()}× {g.Key}"))}");
        foreach (var s in stats.Samples) Console.WriteLine("  sample: " + s);
        checks.Require(stats.ServerErrors == 0, $"{stats.ServerErrors} 5xx answers");
        checks.Require(stats.Unexpected == 0, $"{stats.Unexpected} unexpected answers");
        checks.Require(stats.GaveUp == 0, $"{stats.GaveUp} writes gave up after 50 attempts / 60 s");
        Writes.RequireAcknowledged(all, minBuyShare: 0.9, checks);

        var verify = Stopwatch.StartNew();
        var summary = await Writes.VerifyAsync(client, accounts, all, setupIds, setupCash, replayAll: false, checks);
        Console.WriteLine($"verified in {verify.Elapsed.TotalSeconds:F1} s: {summary.Transactions} stored transactions, {summary.Acked} acknowledged writes, " +
                          $"{summary.AppliedUnacknowledged} applied but unacknowledged, {summary.NotApplied} not applied");
        var errors = server.LogLines(l => l.Contains("fail:", StringComparison.Ordinal));
        checks.Require(errors.Count == 0, $"server logged {errors.Count} failures, first: {errors.FirstOrDefault()}");
        var code = checks.Report("concurrent-writers");
        if (code != 0) server.Keep = true;
        return code;
    }

    private static string Shorten(string? detail) =>
        detail is null ? "(none)" : System.Text.RegularExpressions.Regex.Replace(detail, @"'tx_[0-9a-f]+'|\d+(\.\d+)?", "#");
}
