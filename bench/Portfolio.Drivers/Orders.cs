using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Portfolio.Drivers;

/// <summary>
/// Paper-trading orders end to end, through the server process: --orders pending limit buys over --symbols symbols
/// (spread over --accounts cash accounts), then a burst of quotes crossing every limit, pushed twice and by two
/// concurrent clients (two overlapping "cycles"), with a SIGKILL of the server during the burst and a restart on the
/// same data (then the burst is pushed again, as the next cycle would). Checks: every order filled exactly once, one
/// ledger buy per fill (its id the order's transaction id), cash and positions reconcile to the last decimal, and every
/// fill's notification reached a loopback webhook exactly once after de-duplication by event id (with a valid HMAC).
/// Fills per second are measured on a second, kill-free burst, against the same server's rate of plain buys recorded
/// through the API in the same run (the baseline).
/// </summary>
public static class Orders
{
    private const string Secret = "orders-driver-webhook-secret";

    public static async Task<int> RunAsync(Options options)
    {
        var orderCount = options.Int("--orders", 1_000, 100);
        var symbolCount = options.Int("--symbols", 100, 10);
        var accountCount = options.Int("--accounts", 10, 2);
        var checks = new Checks();
        Console.WriteLine($"plan: {orderCount} limit buys over {symbolCount} symbols in {accountCount} accounts, a crossing burst twice and from two clients, a SIGKILL during it");

        await using var receiver = new Receiver(Secret);
        await using var server = await ServerProcess.StartNewAsync("orders",
            "--Orders:TradeOutsideMarketHours=true", "--Notifications:AllowLoopbackHttp=true", "--Notifications:RelayMilliseconds=100",
            "--Notifications:BaseDelay=00:00:00.200", "--Revaluation:Enabled=false");
        var user = Api.Client(server.BaseAddress, server.Token("trader"), timeout: TimeSpan.FromSeconds(60));
        var admin = Api.Client(server.BaseAddress, server.Token("ops", admin: true), timeout: TimeSpan.FromSeconds(120));
        var admin2 = Api.Client(server.BaseAddress, server.Token("ops", admin: true), timeout: TimeSpan.FromSeconds(120));
        Require(await user.SendAsync(HttpMethod.Put, "/api/webhooks", Api.Body(new { url = receiver.Url, secret = Secret })), 200, "PUT webhook");

        var symbols = Enumerable.Range(0, symbolCount).Select(i => $"ORD{i:D3}").ToArray();
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-5);
        Require(await PushAsync(admin, symbols, 100m, t0), 200, "opening quotes");

        const decimal deposit = 10_000_000m;
        var accounts = new List<string>();
        for (var a = 0; a < accountCount; a++)
        {
            var created = await user.SendAsync(HttpMethod.Post, "/api/accounts",
                Api.Body(new { name = $"orders-{a}", type = "taxable", currency = "USD", lotMethod = "fifo", tracksCash = true, marginAllowance = 0 }), $"orders-acct-{a}");
            var id = created.Json!["id"]!.GetValue<string>();
            accounts.Add(id);
            Require(await user.SendAsync(HttpMethod.Post, $"/api/accounts/{id}/transactions",
                Api.Body(new { type = "deposit", tradeDate = Today(), amount = deposit }), $"orders-dep-{a}"), 201, "deposit");
        }

        // Order i: account i % accounts, symbol i % symbols, quantity 1 + i % 7, limit 90 + i % 10 (all below 100: pending).
        var placed = new ConcurrentDictionary<string, (string Account, string Symbol, decimal Quantity)>();
        var placing = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, orderCount), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var (account, symbol, quantity) = (accounts[i % accountCount], symbols[i % symbolCount], 1m + i % 7);
            var reply = await user.SendAsync(HttpMethod.Post, $"/api/accounts/{account}/orders",
                Api.Body(new { side = "buy", symbol, quantity, type = "limit", limitPrice = 90m + i % 10, timeInForce = "gtc" }), $"order-{i}", ct);
            if (reply.Status != 201 || reply.Json!["status"]!.GetValue<string>() != "pending") checks.Fail($"order {i}: {reply}");
            else placed[reply.Json!["id"]!.GetValue<string>()] = (account, symbol, quantity);
        });
        Console.WriteLine($"placed {placed.Count} pending orders in {placing.Elapsed.TotalSeconds:F1} s");
        checks.Require(placed.Count == orderCount, $"{placed.Count} of {orderCount} orders placed");

        // The burst at 89 (at or below every limit), twice, from two clients at once; SIGKILL while it runs.
        var burstAt = DateTimeOffset.UtcNow.AddSeconds(-1);
        var burst = Task.WhenAll(
            PushQuietlyAsync(admin, symbols, 89m, burstAt), PushQuietlyAsync(admin2, symbols, 89m, burstAt),
            PushQuietlyAsync(admin, symbols, 89m, burstAt), PushQuietlyAsync(admin2, symbols, 89m, burstAt));
        await WaitForFillsAsync(user, accounts, orderCount / 4, TimeSpan.FromMinutes(5));
        var filledAtKill = await CountAsync(user, accounts, "filled");
        await server.KillAsync();
        try { await burst; } catch (Exception) { }
        Console.WriteLine($"killed the server with {filledAtKill} of {orderCount} filled");
        await server.StartAsync();
        // The next cycle: the same quotes again (a restart also finishes fills the kill interrupted).
        Require(await PushAsync(admin, symbols, 89m, burstAt), 200, "burst after restart");
        var remaining = await WaitForFillsAsync(user, accounts, orderCount, TimeSpan.FromMinutes(10));
        checks.Require(remaining == 0, $"{remaining} orders still pending after the restart");

        await VerifyAsync(user, accounts, placed, deposit, 89m, receiver, checks);

        // Fills per second on a kill-free burst, against plain buys through the API on the same server.
        var rate = await MeasureAsync(user, admin, accounts, symbols, Math.Min(orderCount, 500), checks);
        Console.WriteLine($"fills/s: {rate.Fills:F1}; baseline plain buys/s through POST transactions: {rate.Baseline:F1}; ratio {rate.Fills / rate.Baseline:F2}");
        Console.WriteLine($"webhook: {receiver.Posts} POSTs, {receiver.EventIds.Count} distinct events, {receiver.BadSignatures} bad signatures");
        return checks.Report("orders");
    }

    private static async Task VerifyAsync(HttpClient user, List<string> accounts, ConcurrentDictionary<string, (string Account, string Symbol, decimal Quantity)> placed,
        decimal deposit, decimal price, Receiver receiver, Checks checks)
    {
        var filledOrders = new List<JsonNode>();
        foreach (var account in accounts)
        {
            var orders = (await user.GetReplyAsync($"/api/accounts/{account}/orders")).Json!.AsArray().Select(o => o!).ToList();
            filledOrders.AddRange(orders.Where(o => o["status"]!.GetValue<string>() == "filled"));
            var buys = (await user.AllTransactionsAsync(account)).Select(i => i["transaction"]!).Where(t => t["type"]!.GetValue<string>() == "buy").ToList();
            var mine = placed.Where(p => p.Value.Account == account).ToList();
            checks.Require(buys.Count == mine.Count, $"{account}: {buys.Count} buys for {mine.Count} orders");
            var orderTx = orders.Select(o => o["transactionId"]?.GetValue<string>()).OfType<string>().Order().ToList();
            checks.Require(orderTx.SequenceEqual(buys.Select(b => b["id"]!.GetValue<string>()).Order()), $"{account}: order transaction ids differ from the booked buys");
            checks.Require(buys.All(b => b["price"]!.GetValue<decimal>() == price), $"{account}: a fill not at {price}");
            var positions = (await user.GetReplyAsync($"/api/accounts/{account}/positions")).Json!;
            var cash = positions["cash"]!.GetValue<decimal>();
            var expectedCash = deposit - mine.Sum(p => p.Value.Quantity) * price;
            checks.Require(cash == expectedCash, $"{account}: cash {cash}, expected {expectedCash}");
            foreach (var group in mine.GroupBy(p => p.Value.Symbol))
            {
                var held = positions["positions"]!.AsArray().FirstOrDefault(p => p!["symbol"]!.GetValue<string>() == group.Key)?["quantity"]?.GetValue<decimal>() ?? 0;
                checks.Require(held == group.Sum(p => p.Value.Quantity), $"{account} {group.Key}: holds {held}, bought {group.Sum(p => p.Value.Quantity)}");
            }
        }
        checks.Require(filledOrders.Count == placed.Count, $"{filledOrders.Count} filled of {placed.Count}");

        // Every fill's notification reaches the webhook exactly once after de-duplication (wait for the relay).
        var deadline = Stopwatch.StartNew();
        while (receiver.OrderIds.Count < placed.Count && deadline.Elapsed < TimeSpan.FromMinutes(3)) await Task.Delay(200);
        checks.Require(receiver.OrderIds.Count == placed.Count && placed.Keys.All(receiver.OrderIds.ContainsKey),
            $"webhook saw {receiver.OrderIds.Count} distinct filled orders of {placed.Count}");
        checks.Require(receiver.OrderIds.Values.All(n => n == 1), "an order's fill notified under two event ids");
        checks.Require(receiver.BadSignatures == 0, $"{receiver.BadSignatures} webhook POSTs with a bad signature");
        Console.WriteLine($"verified: {filledOrders.Count} fills, webhook {receiver.Posts} POSTs for {receiver.EventIds.Count} events ({receiver.Posts - receiver.EventIds.Count} repeats dropped)");
    }

    private static async Task<(double Fills, double Baseline)> MeasureAsync(HttpClient user, HttpClient admin, List<string> accounts, string[] symbols, int count, Checks checks)
    {
        var account = accounts[0];
        var baseline = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var reply = await user.SendAsync(HttpMethod.Post, $"/api/accounts/{account}/transactions",
                Api.Body(new { type = "buy", tradeDate = Today(), symbol = symbols[i % symbols.Length], quantity = 1, price = 1m }), $"base-{i}", ct);
            if (reply.Status != 201) checks.Fail($"baseline buy {i}: {reply}");
        });
        var baseRate = count / baseline.Elapsed.TotalSeconds;

        var asOf = DateTimeOffset.UtcNow.AddSeconds(-1);
        Require(await PushAsync(admin, symbols, 100m, asOf.AddMilliseconds(-500)), 200, "reset quotes");
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var reply = await user.SendAsync(HttpMethod.Post, $"/api/accounts/{account}/orders",
                Api.Body(new { side = "buy", symbol = symbols[i % symbols.Length], quantity = 1, type = "limit", limitPrice = 95m, timeInForce = "gtc" }), $"rate-{i}", ct);
            if (reply.Status != 201) checks.Fail($"rate order {i}: {reply}");
        });
        var pendingBefore = await CountAsync(user, [account], "pending");
        var fills = Stopwatch.StartNew();
        Require(await PushAsync(admin, symbols, 94m, asOf), 200, "rate burst");   // fills run in the push's ingestion
        var left = await WaitForFillsAsync(user, [account], 0, TimeSpan.FromMinutes(5));
        checks.Require(left == 0 && pendingBefore == count, $"rate burst: {pendingBefore} pending before, {left} after");
        return (count / fills.Elapsed.TotalSeconds, baseRate);
    }

    private static async Task<int> WaitForFillsAsync(HttpClient user, List<string> accounts, int target, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            int pending;
            try { pending = await CountAsync(user, accounts, "pending"); }
            catch (HttpRequestException) { return -1; }
            if (target > 0 && await CountAsync(user, accounts, "filled") >= target) return pending;
            if (pending == 0 || clock.Elapsed > limit) return pending;
            await Task.Delay(100);
        }
    }

    private static async Task<int> CountAsync(HttpClient user, IEnumerable<string> accounts, string status)
    {
        var total = 0;
        foreach (var account in accounts)
            total += (await user.GetReplyAsync($"/api/accounts/{account}/orders?status={status}")).Json!.AsArray().Count;
        return total;
    }

    private static Task<Reply> PushAsync(HttpClient admin, string[] symbols, decimal price, DateTimeOffset asOf) =>
        admin.SendAsync(HttpMethod.Post, "/api/prices", Api.Body(new { quotes = symbols.Select(s => new { symbol = s, price, asOf, source = "driver", kind = "realTime" }) }));

    private static async Task PushQuietlyAsync(HttpClient admin, string[] symbols, decimal price, DateTimeOffset asOf)
    {
        try { await PushAsync(admin, symbols, price, asOf); }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }   // the kill
    }

    private static string Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow,
        TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).DateTime).ToString("yyyy-MM-dd");

    private static void Require(Reply reply, int status, string what)
    {
        if (reply.Status != status) throw new InvalidOperationException($"{what}: {reply}");
    }

    /// <summary>The webhook receiver on loopback: checks each signature, counts POSTs, distinct events and orders.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly HttpListener listener = new();
        private readonly Task loop;
        private readonly byte[] key;
        private int posts, bad;

        public Receiver(string secret)
        {
            key = Encoding.UTF8.GetBytes(secret);
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/hook/";
            probe.Stop();
            listener.Prefixes.Add(Url);
            listener.Start();
            loop = Task.Run(ServeAsync);
        }

        public string Url { get; }
        public int Posts => posts;
        public int BadSignatures => bad;
        public ConcurrentDictionary<string, byte> EventIds { get; } = new();
        /// <summary>Filled order id → how many distinct events named it.</summary>
        public ConcurrentDictionary<string, int> OrderIds { get; } = new();

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                Interlocked.Increment(ref posts);
                var bytes = body.ToArray();
                var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, bytes));
                if (context.Request.Headers["X-Signature"] != signature) Interlocked.Increment(ref bad);
                else if (EventIds.TryAdd(context.Request.Headers["X-Event-Id"] ?? "", 0) && JsonNode.Parse(bytes) is { } json
                         && json["kind"]?.GetValue<string>() == "order.filled")
                    OrderIds.AddOrUpdate(json["orderId"]!.GetValue<string>(), 1, (_, n) => n + 1);
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }

        public async ValueTask DisposeAsync()
        {
            listener.Stop();
            listener.Close();
            await loop;
        }
    }
}
