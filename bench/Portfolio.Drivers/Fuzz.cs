using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Portfolio.Api.Auth;

namespace Portfolio.Drivers;

/// <summary>
/// A seeded corpus of malformed and hostile requests across every route. Checks: no 5xx; every 4xx is
/// application/problem+json with its status; requests that must be refused are; the victim's accounts (transactions,
/// positions, tax lots, targets) are byte-for-byte the same before and after. Cases whose acceptance is a policy question
/// (zero price, 28-decimal prices, text/plain bodies...) go to a scratch account and only need "no 5xx".
/// </summary>
public static class Fuzz
{
    private enum Expect { Refused, Unauthorized, NotFoundOrForbidden, Forbidden, Any }

    private sealed record Case(string Category, string Name, HttpMethod Method, string Path, string? Authorization, byte[]? Body,
        string? ContentType, Expect Expect, bool Chunked = false, string? IdempotencyKey = null)
    {
        /// <summary>Kestrel refuses these before any middleware runs (a NUL in the path, headers over 32 KiB): a bare 400/431, no problem body.</summary>
        public bool ProtocolLevel => Path.Contains("%00", StringComparison.Ordinal) || IdempotencyKey?.Length > 32 * 1024;

        /// <summary>An oversized body answered 413 before it is read: the server may close the connection while the client still sends.</summary>
        public bool MayCloseEarly => Category == "size";
    }

    public static async Task<int> RunAsync(Options options)
    {
        var seed = options.Int("--seed", 1337, 1337);
        var randomCases = options.Int("--random", 1200, 450);
        var checks = new Checks();
        await using var server = await ServerProcess.StartNewAsync("fuzz");
        var victimToken = server.Token("victim");
        var malloryToken = server.Token("mallory");
        var adminToken = server.Token("fuzz-admin", admin: true);
        using var victim = Api.Client(server.BaseAddress, victimToken);
        using var mallory = Api.Client(server.BaseAddress, malloryToken);
        using var admin = Api.Client(server.BaseAddress, adminToken);

        // The victim's state: two accounts with trades, targets and a price.
        var v1 = await victim.CreateAccountAsync("victim-fifo");
        var v2 = await victim.CreateAccountAsync("victim-specific", "specific");
        foreach (var account in new[] { v1, v2 })
        {
            foreach (var (i, body) in new object[]
                     {
                         new { type = "deposit", tradeDate = "2025-01-02", amount = 50_000m },
                         new { type = "buy", tradeDate = "2025-01-03", symbol = "AAPL", quantity = 10m, price = 150m, fee = 1m },
                         new { type = "buy", tradeDate = "2025-02-03", symbol = "MSFT", quantity = 5m, price = 400m },
                         new { type = "buy", tradeDate = "2025-03-03", symbol = "AAPL", quantity = 4m, price = 170m },
                     }.Index())
                checks.Require((await victim.PostReplyAsync($"/api/accounts/{account}/transactions", body, $"setup-{i}")).Status == 201, $"setup write {i}");
            var put = await victim.SendAsync(HttpMethod.Put, $"/api/accounts/{account}/targets", Api.Body(new { targets = new Dictionary<string, decimal> { ["AAPL"] = 60, ["MSFT"] = 40 }, tolerance = 5 }));
            checks.Require(put.Status == 200, $"setup targets: {put}");
        }
        var lotId = (await victim.GetReplyAsync($"/api/accounts/{v2}/tax-lots")).Json!.AsArray()[0]!["id"].Str();
        checks.Require((await victim.PostReplyAsync($"/api/accounts/{v2}/transactions",
            new { type = "sell", tradeDate = "2025-04-01", symbol = "AAPL", quantity = 2m, price = 180m, lots = new[] { new { lotId, quantity = 2m } } }, "setup-sell")).Status == 201, "setup specific-lot sell");
        var revaluationsBefore = await RevaluationRunsAsync(admin);
        checks.Require((await admin.PostReplyAsync("/api/prices", new { quotes = new[] { new { symbol = "AAPL", price = 190m, asOf = DateTimeOffset.UtcNow.AddMinutes(-2) }, new { symbol = "MSFT", price = 410m, asOf = DateTimeOffset.UtcNow.AddMinutes(-2) } } })).Status == 200, "setup prices");
        var scratch = await mallory.CreateAccountAsync("scratch");
        checks.Require((await mallory.PostReplyAsync($"/api/accounts/{scratch}/transactions", new { type = "buy", tradeDate = "2025-01-03", symbol = "AAPL", quantity = 10m, price = 150m }, "s-0")).Status == 201, "scratch setup");
        var malloryAccount = await mallory.CreateAccountAsync("mallory-own");

        var before = await SettledSnapshotAsync(admin, victim, [v1, v2], revaluationsBefore);
        var cases = Corpus(new Random(seed), randomCases, v1, v2, scratch, malloryAccount, lotId, server.SigningKey, victimToken, malloryToken, adminToken);
        Console.WriteLine($"corpus: {cases.Count} requests (seed {seed}) in {cases.Select(c => c.Category).Distinct().Count()} categories: " +
                          string.Join(", ", cases.GroupBy(c => c.Category).Select(g => $"{g.Key} {g.Count()}")));

        using var raw = Api.Client(server.BaseAddress, null, timeout: TimeSpan.FromSeconds(30));
        var byStatus = new SortedDictionary<int, int>();
        var accepted = new List<string>();
        var protocolLevel = new List<string>();
        var closedEarly = 0;
        foreach (var c in cases)
        {
            int status;
            string body;
            string? contentType;
            try
            {
                (status, body, contentType) = await SendAsync(raw, c);
            }
            catch (HttpRequestException) when (c.MayCloseEarly)
            {
                closedEarly++;
                continue;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                checks.Fail($"[{c.Category}] {c.Name}: transport failure {e.GetType().Name}: {e.Message}");
                continue;
            }
            byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
            var label = $"[{c.Category}] {c.Name} → {status}";
            checks.Require(status < 500, $"{label}: {Short(body)}");
            if (status is >= 400 and < 500 && c.ProtocolLevel && contentType is null)
                protocolLevel.Add($"{c.Name} → {status}");
            else if (status is >= 400 and < 500)
            {
                var json = Parse(body);
                checks.Require(contentType == "application/problem+json" && json?["status"]?.GetValueKind() == System.Text.Json.JsonValueKind.Number && json["status"]!.GetValue<int>() == status,
                    $"{label}: 4xx body is problem+json with its status (got {contentType ?? "no content type"}: {Short(body)})");
            }
            switch (c.Expect)
            {
                case Expect.Refused: checks.Require(status is >= 400 and < 500, $"{label}: must be refused: {Short(body)}"); break;
                case Expect.Unauthorized: checks.Require(status == 401, $"{label}: must be 401"); break;
                case Expect.Forbidden: checks.Require(status == 403, $"{label}: must be 403"); break;
                case Expect.NotFoundOrForbidden: checks.Require(status is 404 or 403, $"{label}: must be 404 or 403: {Short(body)}"); break;
                case Expect.Any: if (status < 300 && c.Method != HttpMethod.Get) accepted.Add($"{c.Name} → {status}{(c.Category == "admin" ? ": " + Short(body)[..Math.Min(120, body.Length)] : "")}"); break;
            }
        }
        var after = await SnapshotAsync(victim, [v1, v2]);
        foreach (var (key, value) in before)
            checks.Require(after[key] == value, $"victim state unchanged: {key}\n    before {Short(value)}\n    after  {Short(after[key])}");
        var fails = server.LogLines(l => l.Contains("fail:", StringComparison.Ordinal));
        checks.Require(fails.Count == 0, $"server logged {fails.Count} failures, first: {fails.FirstOrDefault()}");

        Console.WriteLine($"answers: {string.Join(", ", byStatus.Select(kv => $"{kv.Key}×{kv.Value}"))}");
        Console.WriteLine($"refused by Kestrel before the app (bare status, no problem body): {protocolLevel.Count}: {string.Join("; ", protocolLevel.Take(3))}");
        Console.WriteLine($"oversized bodies where the server answered 413 and closed while the client was still sending: {closedEarly}");
        Console.WriteLine($"accepted policy cases (scratch account, no 5xx required only): {accepted.Count}");
        foreach (var a in accepted.Take(30)) Console.WriteLine("  accepted: " + a);
        var code = checks.Report("fuzz");
        if (code != 0) server.Keep = true;
        return code;
    }

    private static string Short(string text) => text.Length > 240 ? text[..240] + "…" : text;

    private static JsonNode? Parse(string body)
    {
        try { return body.Length == 0 ? null : JsonNode.Parse(body); } catch (System.Text.Json.JsonException) { return null; }
    }

    private static async Task<(int, string, string?)> SendAsync(HttpClient client, Case c)
    {
        using var request = new HttpRequestMessage(c.Method, c.Path);
        if (c.Authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", c.Authorization);
        if (c.IdempotencyKey is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", c.IdempotencyKey);
        if (c.Body is not null)
        {
            HttpContent content = c.Chunked ? new StreamContent(new UnseekableStream(c.Body)) : new ByteArrayContent(c.Body);
            if (c.ContentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
            request.Content = content;
            if (c.Chunked) request.Headers.TransferEncodingChunked = true;
        }
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>
    /// The price push starts a background revaluation that may open drift alerts: the "before" snapshot waits for a
    /// revaluation after the push to finish and for the snapshot to hold still, so the fuzzing is not blamed for it.
    /// </summary>
    private static async Task<Dictionary<string, string>> SettledSnapshotAsync(HttpClient admin, HttpClient victim, string[] accounts, double revaluationsBefore)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await RevaluationRunsAsync(admin) <= revaluationsBefore && DateTime.UtcNow < deadline) await Task.Delay(100);
        var snapshot = await SnapshotAsync(victim, accounts);
        while (DateTime.UtcNow < deadline)
        {
            var runs = await RevaluationRunsAsync(admin);
            await Task.Delay(500);
            var again = await SnapshotAsync(victim, accounts);
            if (runs == await RevaluationRunsAsync(admin) && again.Count == snapshot.Count && again.All(kv => snapshot[kv.Key] == kv.Value)) return again;
            snapshot = again;
        }
        return snapshot;
    }

    /// <summary>Revaluations finished so far, from the server's Prometheus scrape.</summary>
    private static async Task<double> RevaluationRunsAsync(HttpClient client)
    {
        var scrape = await client.GetStringAsync("/metrics");
        return scrape.Split('\n')
            .Where(line => line.StartsWith("portfolio_revaluation_duration_seconds_count", StringComparison.Ordinal))
            .Select(line => line[(line.LastIndexOf('}') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)) // value [timestamp]
            .Sum(fields => double.Parse(fields[fields[0].StartsWith("portfolio_", StringComparison.Ordinal) ? 1 : 0], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>What the fuzzing must not change: the victim's ledgers, holdings (quantities and basis, not prices) and targets.</summary>
    private static async Task<Dictionary<string, string>> SnapshotAsync(HttpClient victim, string[] accounts)
    {
        var snapshot = new Dictionary<string, string>();
        foreach (var account in accounts)
        {
            snapshot[$"{account} transactions"] = string.Join("\n", (await victim.AllTransactionsAsync(account)).Select(t => t.ToJsonString()));
            var positions = (await victim.GetReplyAsync($"/api/accounts/{account}/positions")).Json!;
            snapshot[$"{account} positions"] = positions["cash"]!.ToJsonString() + string.Join(";", positions["positions"]!.AsArray()
                .Select(p => $"{p!["symbol"]} {p["quantity"]} {p["costBasis"]}"));
            snapshot[$"{account} tax-lots"] = string.Join(";", (await victim.GetReplyAsync($"/api/accounts/{account}/tax-lots")).Json!.AsArray()
                .Select(l => $"{l!["id"]} {l["symbol"]} {l["quantity"]} {l["costBasis"]} {l["acquiredOn"]}"));
            var details = (await victim.GetReplyAsync($"/api/accounts/{account}")).Json!;
            snapshot[$"{account} account"] = details.ToJsonString();
            snapshot[$"{account} alerts"] = (await victim.GetReplyAsync($"/api/accounts/{account}/alerts?includeResolved=true")).Body;
        }
        return snapshot;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static List<Case> Corpus(Random random, int randomCount, string v1, string v2, string scratch, string own, string lotId,
        string key, string victimToken, string malloryToken, string adminToken)
    {
        var cases = new List<Case>();
        string Bearer(string token) => "Bearer " + token;
        var victimAuth = Bearer(victimToken);
        var json = "application/json";
        const string ValidBuy = """{"type":"buy","tradeDate":"2025-05-01","symbol":"AAPL","quantity":1,"price":100}""";
        void Add(string category, string name, HttpMethod method, string path, string? auth, string? body, Expect expect, string? contentType = "application/json", string? idem = null) =>
            cases.Add(new Case(category, name, method, path, auth, body is null ? null : Utf8(body), body is null ? null : contentType, expect, IdempotencyKey: idem));

        // Every route with a plausible request.
        var routes = new List<(HttpMethod Method, string Path, string? Body)>
        {
            (HttpMethod.Post, "/api/accounts", """{"name":"x","type":"taxable","currency":"USD"}"""),
            (HttpMethod.Get, "/api/accounts", null),
            (HttpMethod.Get, $"/api/accounts/{v1}", null),
            (HttpMethod.Post, $"/api/accounts/{v1}/transactions", ValidBuy),
            (HttpMethod.Get, $"/api/accounts/{v1}/transactions", null),
            (HttpMethod.Get, $"/api/accounts/{v1}/positions", null),
            (HttpMethod.Get, $"/api/accounts/{v1}/tax-lots", null),
            (HttpMethod.Get, $"/api/accounts/{v1}/realized-gains", null),
            (HttpMethod.Get, $"/api/accounts/{v1}/performance", null),
            (HttpMethod.Put, $"/api/accounts/{v1}/targets", """{"targets":{"AAPL":50}}"""),
            (HttpMethod.Get, $"/api/accounts/{v1}/rebalance", null),
            (HttpMethod.Get, $"/api/accounts/{v1}/alerts", null),
            (HttpMethod.Get, "/api/prices/AAPL", null),
            (HttpMethod.Post, "/api/prices", """{"quotes":[{"symbol":"AAPL","price":1,"asOf":"2025-01-02T00:00:00Z"}]}"""),
            (HttpMethod.Post, "/api/corporate-actions", """{"type":"split","tradeDate":"2025-05-01","symbol":"AAPL","newShares":2,"oldShares":1}"""),
        };

        // 1. Authentication: missing, malformed, forged, expired, unsigned, wrong issuer/audience/algorithm, no subject.
        var now = DateTimeOffset.UtcNow;
        var real = new TokenOptions { SigningKey = key };
        var tokens = new List<(string Name, string? Header)>
        {
            ("no token", null),
            ("empty bearer", "Bearer "),
            ("garbage bearer", "Bearer not-a-token"),
            ("basic scheme", "Basic " + Convert.ToBase64String(Utf8("victim:password"))),
            ("alg=none admin", "Bearer " + Unsigned(new { sub = "victim", role = "admin", iss = TokenOptions.Issuer, aud = TokenOptions.Audience, exp = now.AddHours(1).ToUnixTimeSeconds(), nbf = now.AddMinutes(-1).ToUnixTimeSeconds() })),
            ("forged key", Bearer(new TokenOptions { SigningKey = "an-attacker-chosen-key-of-at-least-32-bytes!!" }.Mint("victim", true, now, TimeSpan.FromHours(1)))),
            ("expired", Bearer(real.Mint("victim", false, now.AddDays(-2), TimeSpan.FromDays(1)))),
            ("not yet valid", Bearer(real.Mint("victim", false, now.AddDays(1), TimeSpan.FromDays(1)))),
            ("tampered signature", Bearer(Tamper(victimToken))),
            ("tampered payload admin", Bearer(SwapPayload(victimToken, new { sub = "victim", role = "admin", iss = TokenOptions.Issuer, aud = TokenOptions.Audience, exp = now.AddHours(1).ToUnixTimeSeconds() }))),
            ("wrong issuer", Bearer(Craft(key, "evil-issuer", TokenOptions.Audience, SecurityAlgorithms.HmacSha256, "victim", now))),
            ("wrong audience", Bearer(Craft(key, TokenOptions.Issuer, "other-api", SecurityAlgorithms.HmacSha256, "victim", now))),
            ("HS512 with the real key", Bearer(Craft(key + key, TokenOptions.Issuer, TokenOptions.Audience, SecurityAlgorithms.HmacSha512, "victim", now, keyOverride: key))),
            ("no subject", Bearer(Craft(key, TokenOptions.Issuer, TokenOptions.Audience, SecurityAlgorithms.HmacSha256, null, now))),
            ("token in query only", null),
        };
        foreach (var (name, header) in tokens)
            foreach (var (method, path, body) in routes)
                Add("auth", $"{name}: {method} {path}", method, name == "token in query only" ? path + (path.Contains('?') ? "&" : "?") + "access_token=" + victimToken : path, header, body, Expect.Unauthorized);

        // 2. Another user's accounts, and admin routes without the role.
        foreach (var (method, path, body) in routes.Where(r => r.Path.Contains(v1, StringComparison.Ordinal)))
            foreach (var account in new[] { v1, v2 })
                Add("cross-user", $"mallory {method} {path.Replace(v1, account)}", method, path.Replace(v1, account), Bearer(malloryToken), body, Expect.NotFoundOrForbidden);
        foreach (var (method, path, body) in routes.Where(r => r.Path is "/api/prices" or "/api/corporate-actions"))
        {
            Add("not-admin", $"victim {path}", method, path, victimAuth, body, Expect.Forbidden);
            Add("not-admin", $"mallory {path}", method, path, Bearer(malloryToken), body, Expect.Forbidden);
        }

        // 3. Malformed and hostile transaction bodies on the victim's account: all must be refused.
        var tx = $"/api/accounts/{v1}/transactions";
        var hostileBodies = new List<(string Name, string Body)>
        {
            ("empty", ""), ("whitespace", "   "), ("null", "null"), ("array", "[]"), ("string", "\"buy\""), ("number", "42"), ("true", "true"),
            ("BOM only", "\uFEFF"), ("unterminated", "{\"type\":\"buy\""), ("trailing comma", "{\"type\":\"buy\",}"), ("single quotes", "{'type':'buy'}"),
            ("comments", "/* x */" + ValidBuy), ("two objects", ValidBuy + ValidBuy), ("NaN", ValidBuy.Replace("\"price\":100", "\"price\":NaN")),
            ("Infinity", ValidBuy.Replace("\"price\":100", "\"price\":Infinity")),
            ("deep nesting", new string('[', 200) + new string(']', 200)),
            ("deep object", string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100)),
            ("unknown field", ValidBuy.Replace("}", ",\"admin\":true}")), ("unknown field id", ValidBuy.Replace("}", ",\"id\":\"tx_evil\"}")),
            ("unknown field accountId", ValidBuy.Replace("}", ",\"accountId\":\"" + v2 + "\"}")),
            ("type missing", ValidBuy.Replace("\"type\":\"buy\",", "")), ("type unknown", ValidBuy.Replace("\"buy\"", "\"steal\"")),
            ("type number", ValidBuy.Replace("\"buy\"", "1")), ("type null", ValidBuy.Replace("\"buy\"", "null")),
            ("date missing", ValidBuy.Replace("\"tradeDate\":\"2025-05-01\",", "")), ("date feb 30", ValidBuy.Replace("2025-05-01", "2025-02-30")),
            ("date year 0", ValidBuy.Replace("2025-05-01", "0000-01-01")), ("date far future", ValidBuy.Replace("2025-05-01", "9999-12-31")),
            ("date tomorrow+", ValidBuy.Replace("2025-05-01", DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
            ("date as number", ValidBuy.Replace("\"2025-05-01\"", "20250501")), ("date with time", ValidBuy.Replace("2025-05-01", "2025-05-01T10:00:00Z")),
            ("symbol missing", ValidBuy.Replace("\"symbol\":\"AAPL\",", "")), ("symbol empty", ValidBuy.Replace("AAPL", "")),
            ("symbol 21 chars", ValidBuy.Replace("AAPL", new string('A', 21))), ("symbol 100k chars", ValidBuy.Replace("AAPL", new string('A', 100_000))),
            ("symbol traversal", ValidBuy.Replace("AAPL", "../../etc/passwd")), ("symbol NUL", ValidBuy.Replace("AAPL", "AA\\u0000PL")),
            ("symbol unicode", ValidBuy.Replace("AAPL", "ÄPFEL")), ("symbol sql", ValidBuy.Replace("AAPL", "A'; DROP TABLE ledger;--")),
            ("symbol number", ValidBuy.Replace("\"AAPL\"", "123")), ("symbol object", ValidBuy.Replace("\"AAPL\"", "{}")),
            ("quantity 1e400", ValidBuy.Replace("\"quantity\":1", "\"quantity\":1e400")),
            ("quantity 2^96", ValidBuy.Replace("\"quantity\":1", "\"quantity\":79228162514264337593543950336")),
            ("quantity -2^96", ValidBuy.Replace("\"quantity\":1", "\"quantity\":-79228162514264337593543950336")),
            ("quantity decimal.MaxValue", ValidBuy.Replace("\"quantity\":1", "\"quantity\":79228162514264337593543950335")),
            ("quantity 1e28", ValidBuy.Replace("\"quantity\":1", "\"quantity\":1e28")),
            ("quantity 1e-400", ValidBuy.Replace("\"quantity\":1", "\"quantity\":1e-400")),
            ("quantity 28 decimals", ValidBuy.Replace("\"quantity\":1", "\"quantity\":1.0000000000000000000000000001")),
            ("quantity 7 decimals", ValidBuy.Replace("\"quantity\":1", "\"quantity\":1.0000001")),
            ("quantity 0", ValidBuy.Replace("\"quantity\":1", "\"quantity\":0")), ("quantity -1", ValidBuy.Replace("\"quantity\":1", "\"quantity\":-1")),
            ("quantity -0", ValidBuy.Replace("\"quantity\":1", "\"quantity\":-0.0")),
            ("quantity string", ValidBuy.Replace("\"quantity\":1", "\"quantity\":\"1\"")), ("quantity bool", ValidBuy.Replace("\"quantity\":1", "\"quantity\":true")),
            ("quantity array", ValidBuy.Replace("\"quantity\":1", "\"quantity\":[1]")), ("quantity null", ValidBuy.Replace("\"quantity\":1", "\"quantity\":null")),
            ("quantity hex", ValidBuy.Replace("\"quantity\":1", "\"quantity\":0x10")), ("quantity leading zeros", ValidBuy.Replace("\"quantity\":1", "\"quantity\":0001")),
            ("price -1", ValidBuy.Replace("\"price\":100", "\"price\":-1")), ("price 1e400", ValidBuy.Replace("\"price\":100", "\"price\":1e400")),
            ("price 2^96", ValidBuy.Replace("\"price\":100", "\"price\":79228162514264337593543950336")),
            ("price × quantity overflows", ValidBuy.Replace("\"quantity\":1", "\"quantity\":1000000000").Replace("\"price\":100", "\"price\":79228162514264337593543")),
            ("fee negative", ValidBuy.Replace("}", ",\"fee\":-5}")), ("fee 1e400", ValidBuy.Replace("}", ",\"fee\":1e400}")),
            ("sell too many", """{"type":"sell","tradeDate":"2025-05-01","symbol":"AAPL","quantity":1000,"price":1}"""),
            ("sell unknown lot", """{"type":"sell","tradeDate":"2025-05-01","symbol":"AAPL","quantity":1,"price":1,"lots":[{"lotId":"nope","quantity":1}]}"""),
            ("sell lot negative", $$"""{"type":"sell","tradeDate":"2025-05-01","symbol":"AAPL","quantity":1,"price":1,"lots":[{"lotId":"{{lotId}}","quantity":-1}]}"""),
            ("sell lots of another account", $$"""{"type":"sell","tradeDate":"2025-05-01","symbol":"AAPL","quantity":1,"price":1,"lots":[{"lotId":"{{lotId}}","quantity":1}]}"""),
            ("sell fee above proceeds", """{"type":"sell","tradeDate":"2025-05-01","symbol":"AAPL","quantity":1,"price":1,"fee":5}"""),
            ("sell back-dated before holdings", """{"type":"sell","tradeDate":"2025-01-01","symbol":"AAPL","quantity":1,"price":1}"""),
            ("withdrawal negative", """{"type":"withdrawal","tradeDate":"2025-05-01","amount":-1}"""), ("deposit zero", """{"type":"deposit","tradeDate":"2025-05-01","amount":0}"""),
            ("deposit 1e400", """{"type":"deposit","tradeDate":"2025-05-01","amount":1e400}"""), ("deposit 2^96", """{"type":"deposit","tradeDate":"2025-05-01","amount":79228162514264337593543950336}"""),
            ("split zero", """{"type":"split","tradeDate":"2025-05-01","symbol":"AAPL","newShares":0,"oldShares":1}"""),
            ("split negative", """{"type":"split","tradeDate":"2025-05-01","symbol":"AAPL","newShares":-2,"oldShares":1}"""),
            ("split huge", """{"type":"split","tradeDate":"2025-05-01","symbol":"AAPL","newShares":79228162514264337593543950335,"oldShares":1}"""),
            ("spinOff to itself zero", """{"type":"spinOff","tradeDate":"2025-05-01","symbol":"AAPL","newSymbol":"AAPL","sharesPerShare":0,"parentPrice":1,"newPrice":1}"""),
            ("transferIn no lots", """{"type":"transferIn","tradeDate":"2025-05-01","symbol":"AAPL"}"""),
            ("transferIn negative lot", """{"type":"transferIn","tradeDate":"2025-05-01","symbol":"AAPL","lots":[{"quantity":-1,"costBasis":1,"acquiredOn":"2024-01-01"}]}"""),
            ("transferOut too many", """{"type":"transferOut","tradeDate":"2025-05-01","symbol":"AAPL","quantity":99999}"""),
            ("lotMethod unknown", """{"type":"sell","tradeDate":"2025-05-01","symbol":"AAPL","quantity":1,"price":1,"lotMethod":"random"}"""),
            ("10k lots", $$"""{"type":"sell","tradeDate":"2025-05-01","symbol":"AAPL","quantity":1,"price":1,"lots":[{{string.Join(",", Enumerable.Repeat($$"""{"lotId":"{{lotId}}","quantity":1}""", 10_000))}}]}"""),
        };
        foreach (var (name, body) in hostileBodies) Add("body", name, HttpMethod.Post, tx, victimAuth, body, Expect.Refused);
        foreach (var (name, body) in hostileBodies.Take(20)) Add("body", "v2 " + name, HttpMethod.Post, $"/api/accounts/{v2}/transactions", victimAuth, body, Expect.Refused);

        // Oversized bodies (with and without Content-Length), content types, idempotency keys.
        var padded = "{\"type\":\"buy\"," + new string(' ', 300 * 1024) + "\"tradeDate\":\"2025-05-01\",\"symbol\":\"AAPL\",\"quantity\":1,\"price\":100}";
        cases.Add(new Case("size", "300 KiB body", HttpMethod.Post, tx, victimAuth, Utf8(padded), json, Expect.Refused));
        cases.Add(new Case("size", "300 KiB chunked body", HttpMethod.Post, tx, victimAuth, Utf8(padded), json, Expect.Refused, Chunked: true));
        cases.Add(new Case("size", "2 MiB body", HttpMethod.Post, tx, victimAuth, new byte[2 * 1024 * 1024], json, Expect.Refused));
        cases.Add(new Case("size", "2 MiB chunked body", HttpMethod.Post, tx, victimAuth, new byte[2 * 1024 * 1024], json, Expect.Refused, Chunked: true));
        cases.Add(new Case("size", "300 KiB price push", HttpMethod.Post, "/api/prices", Bearer(adminToken), Utf8(padded), json, Expect.Refused));
        Add("content-type", "xml body", HttpMethod.Post, tx, victimAuth, "<buy><symbol>AAPL</symbol></buy>", Expect.Refused, "application/xml");
        Add("content-type", "form body", HttpMethod.Post, tx, victimAuth, "type=buy&symbol=AAPL&quantity=1&price=1&tradeDate=2025-05-01", Expect.Refused, "application/x-www-form-urlencoded");
        Add("content-type", "multipart garbage", HttpMethod.Post, tx, victimAuth, "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--b--", Expect.Refused, "multipart/form-data; boundary=b");
        Add("content-type", "utf-16 declared, utf-8 garbage", HttpMethod.Post, tx, victimAuth, "\u00ff\u00fe{", Expect.Refused, "application/json; charset=utf-16");
        Add("idempotency", "key of 201 chars", HttpMethod.Post, tx, victimAuth, ValidBuy, Expect.Refused, idem: new string('k', 201));
        Add("idempotency", "key of 100k chars", HttpMethod.Post, tx, victimAuth, ValidBuy, Expect.Refused, idem: new string('k', 60_000));

        // Policy questions, on mallory's scratch account: answered anything but 5xx.
        var stx = $"/api/accounts/{scratch}/transactions";
        Add("policy", "text/plain with a valid buy", HttpMethod.Post, stx, Bearer(malloryToken), ValidBuy, Expect.Any, "text/plain");
        Add("policy", "no content type with a valid buy", HttpMethod.Post, stx, Bearer(malloryToken), ValidBuy, Expect.Any, null);
        Add("policy", "price 0", HttpMethod.Post, stx, Bearer(malloryToken), ValidBuy.Replace("\"price\":100", "\"price\":0"), Expect.Any);
        Add("policy", "price with 28 decimals", HttpMethod.Post, stx, Bearer(malloryToken), ValidBuy.Replace("\"price\":100", "\"price\":1.0000000000000000000000000001"), Expect.Any);
        Add("policy", "quantity with 29 decimals (more than decimal keeps)", HttpMethod.Post, stx, Bearer(malloryToken), ValidBuy.Replace("\"quantity\":1", "\"quantity\":1.00000000000000000000000000001"), Expect.Any);
        Add("policy", "price 1e-28", HttpMethod.Post, stx, Bearer(malloryToken), ValidBuy.Replace("\"price\":100", "\"price\":1e-28"), Expect.Any);
        Add("policy", "duplicate quantity field", HttpMethod.Post, stx, Bearer(malloryToken), ValidBuy.Replace("\"quantity\":1", "\"quantity\":1,\"quantity\":2"), Expect.Any);
        Add("policy", "type BUY upper case", HttpMethod.Post, stx, Bearer(malloryToken), ValidBuy.Replace("\"buy\"", "\"BUY\""), Expect.Any);
        Add("policy", "symbol lower case", HttpMethod.Post, stx, Bearer(malloryToken), ValidBuy.Replace("AAPL", " aapl "), Expect.Any);
        Add("policy", "split on own account via transactions", HttpMethod.Post, stx, Bearer(malloryToken), """{"type":"split","tradeDate":"2025-05-01","symbol":"AAPL","newShares":2,"oldShares":1}""", Expect.Any);
        Add("policy", "max decimal deposit", HttpMethod.Post, stx, Bearer(malloryToken), """{"type":"deposit","tradeDate":"2025-05-01","amount":79228162514264337593543950335}""", Expect.Any);
        Add("policy", "then a second max deposit (sum overflows)", HttpMethod.Post, stx, Bearer(malloryToken), """{"type":"deposit","tradeDate":"2025-05-02","amount":79228162514264337593543950335}""", Expect.Any);
        Add("policy", "then positions", HttpMethod.Get, $"/api/accounts/{scratch}/positions", Bearer(malloryToken), null, Expect.Any);
        Add("policy", "then performance", HttpMethod.Get, $"/api/accounts/{scratch}/performance", Bearer(malloryToken), null, Expect.Any);
        Add("policy", "deposit dated 0001-01-01", HttpMethod.Post, $"/api/accounts/{own}/transactions", Bearer(malloryToken), """{"type":"deposit","tradeDate":"0001-01-01","amount":100}""", Expect.Any);
        Add("policy", "then performance of that account", HttpMethod.Get, $"/api/accounts/{own}/performance", Bearer(malloryToken), null, Expect.Any);
        Add("policy", "target symbol traversal", HttpMethod.Put, $"/api/accounts/{scratch}/targets", Bearer(malloryToken), """{"targets":{"../../x":10}}""", Expect.Any);
        Add("policy", "account name 200 chars", HttpMethod.Post, "/api/accounts", Bearer(malloryToken), "{\"name\":\"" + new string('n', 200) + "\",\"type\":\"taxable\",\"currency\":\"USD\"}", Expect.Any);

        // 4. Hostile ids in paths, and unknown routes/methods.
        var ids = new[]
        {
            "..", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e", "acc_%00", "acc_'%20OR%20'1'='1", "%F0%9F%92%A9", "acc_" + new string('x', 4000),
            v1 + "%20", v1.ToUpperInvariant(), v1 + "x", "%25", "acc_%0d%0aX-Injected:%201", "*", "acc_unknown",
        };
        foreach (var id in ids)
            foreach (var suffix in new[] { "", "/transactions", "/positions", "/tax-lots", "/realized-gains", "/performance", "/rebalance", "/alerts" })
                Add("path", $"GET /api/accounts/{(id.Length > 40 ? id[..40] + "…" : id)}{suffix}", HttpMethod.Get, $"/api/accounts/{id}{suffix}", victimAuth, null, Expect.Refused);
        foreach (var id in ids.Take(8)) Add("path", $"POST transaction to {id[..Math.Min(30, id.Length)]}", HttpMethod.Post, $"/api/accounts/{id}/transactions", victimAuth, ValidBuy, Expect.Refused);
        foreach (var symbol in new[] { "..%2F..%2Fetc", "%00", new string('A', 21), new string('A', 4000), "A%20B", "%F0%9F%92%A9", "AAPL%3Bdrop" })
            Add("path", $"GET price {symbol[..Math.Min(20, symbol.Length)]}", HttpMethod.Get, $"/api/prices/{symbol}", victimAuth, null, Expect.Refused);
        foreach (var method in new[] { HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Put })
            Add("method", $"{method} transactions", method, tx, victimAuth, ValidBuy, Expect.Refused);
        Add("method", "DELETE account", HttpMethod.Delete, $"/api/accounts/{v1}", victimAuth, null, Expect.Refused);
        Add("method", "unknown route", HttpMethod.Get, "/api/accounts/x/y/z", victimAuth, null, Expect.Refused);
        Add("method", "unknown api", HttpMethod.Get, "/api/admin", victimAuth, null, Expect.Refused);

        // 5. Query strings.
        foreach (var query in new[] { "page=0", "page=-1", "page=abc", "page=99999999999", "pageSize=0", "pageSize=501", "pageSize=2147483647", "page=1&page=2", "page=1e3", "page=%00" })
            Add("query", $"transactions?{query}", HttpMethod.Get, $"{tx}?{query}", victimAuth, null, Expect.Refused);
        foreach (var query in new[] { "from=garbage", "to=2025-13-01", "from=2025-05-01&to=2025-01-01", "to=9999-12-31", "from=0001-01-01", "from=2025-01-01&from=2025-01-02" })
            Add("query", $"performance?{query}", HttpMethod.Get, $"/api/accounts/{v1}/performance?{query}", victimAuth, null, query == "from=0001-01-01" ? Expect.Any : Expect.Refused);
        foreach (var query in new[] { "year=abc", "year=-1", "year=99999999999", "year=0" })
            Add("query", $"realized-gains?{query}", HttpMethod.Get, $"/api/accounts/{v1}/realized-gains?{query}", victimAuth, null, Expect.Any);
        foreach (var query in new[] { "includeResolved=maybe", "includeResolved=1" })
            Add("query", $"alerts?{query}", HttpMethod.Get, $"/api/accounts/{v1}/alerts?{query}", victimAuth, null, Expect.Refused);
        foreach (var query in new[] { "from=garbage", "from=2025-01-01&to=2024-01-01", "from=0001-01-01T00:00:00Z&to=9999-12-31T00:00:00Z" })
            Add("query", $"prices?{query}", HttpMethod.Get, $"/api/prices/AAPL?{query}", victimAuth, null, Expect.Any);

        // 6. Targets, accounts, admin bodies.
        foreach (var body in new[]
                 {
                     """{"targets":{"AAPL":101}}""", """{"targets":{"AAPL":-1}}""", """{"targets":{"AAPL":60,"MSFT":60}}""", """{"targets":{"AAPL":1e400}}""",
                     """{"targets":{"":10}}""", """{"targets":{"AAPL":10},"tolerance":-1}""", """{"targets":{"AAPL":10},"tolerance":101}""", """{"targets":null}""",
                     """{"targets":[]}""", """{"targets":{"AAPL":"10"}}""", """{"tolerance":5}""", """{"targets":{"AAPL":10},"extra":1}""",
                     "{\"targets\":{" + string.Join(",", Enumerable.Range(0, 2000).Select(i => $"\"S{i}\":0.06")) + "}}",
                 })
            Add("targets", $"PUT {Short(body)[..Math.Min(60, body.Length)]}", HttpMethod.Put, $"/api/accounts/{v1}/targets", victimAuth, body, Expect.Refused);
        foreach (var body in new[]
                 {
                     """{"name":"","type":"taxable","currency":"USD"}""", """{"name":"x","type":"hedge","currency":"USD"}""", """{"name":"x","type":"taxable","currency":"US"}""",
                     """{"name":"x","type":"taxable","currency":"usd1"}""", """{"name":"x","type":"taxable"}""", """{"name":"x","type":"taxable","currency":"USD","lotMethod":"magic"}""",
                     "{\"name\":\"" + new string('n', 201) + "\",\"type\":\"taxable\",\"currency\":\"USD\"}", """{"name":"x","type":"taxable","currency":"USD","ownerId":"victim"}""",
                     """{"name":"x","type":"taxable","currency":"USD","id":"acc_evil"}""", """{"name":1,"type":"taxable","currency":"USD"}""",
                 })
            Add("accounts", $"create {body[..Math.Min(50, body.Length)]}", HttpMethod.Post, "/api/accounts", Bearer(malloryToken), body, Expect.Refused);
        foreach (var body in new[]
                 {
                     """{"quotes":[]}""", """{"quotes":null}""", """{}""", """{"quotes":[{"symbol":"AAPL","price":1e400,"asOf":"2025-01-02T00:00:00Z"}]}""",
                     """{"quotes":[{"symbol":"AAPL","price":1,"asOf":"not a time"}]}""", """{"quotes":[{"symbol":"../x","price":1,"asOf":"2025-01-02T00:00:00Z"}]}""",
                     """{"quotes":[{"symbol":"AAPL","price":1,"asOf":"2025-01-02T00:00:00Z","kind":"weekly"}]}""", """{"quotes":[{"price":1,"asOf":"2025-01-02T00:00:00Z"}]}""",
                     "{\"quotes\":[" + string.Join(",", Enumerable.Repeat("""{"symbol":"AAPL","price":1,"asOf":"2025-01-02T00:00:00Z"}""", 5001)) + "]}",
                 })
            Add("admin", $"price push {body[..Math.Min(60, body.Length)]}", HttpMethod.Post, "/api/prices", Bearer(adminToken), body, Expect.Refused);
        foreach (var body in new[]
                 {
                     ValidBuy, """{"type":"split","tradeDate":"2025-05-01","symbol":"AAPL","newShares":0,"oldShares":1}""",
                     """{"type":"split","tradeDate":"2025-05-01","symbol":"AAPL","newShares":1e400,"oldShares":1}""", """{"type":"split","tradeDate":"9999-01-01","symbol":"AAPL","newShares":2,"oldShares":1}""",
                     """{"type":"split","tradeDate":"2025-05-01","symbol":"","newShares":2,"oldShares":1}""", """{"type":"stockDividend","tradeDate":"2025-05-01","symbol":"AAPL","sharesPerShare":-1}""",
                     """{"type":"spinOff","tradeDate":"2025-05-01","symbol":"AAPL","newSymbol":"AAPL","sharesPerShare":1,"parentPrice":0,"newPrice":0}""", """{"type":null}""", "[]",
                 })
            // Values are checked per account by the service, so some answer 200 with every account "failed": reported, not a failure.
            Add("admin", $"corporate action {body[..Math.Min(60, body.Length)]}", HttpMethod.Post, "/api/corporate-actions", Bearer(adminToken), body,
                body == ValidBuy || body == "[]" || body.Contains("1e400", StringComparison.Ordinal) || body.Contains("\"symbol\":\"\"", StringComparison.Ordinal) || body.Contains("null", StringComparison.Ordinal) ? Expect.Refused : Expect.Any);

        // 7. Seeded mutations of valid bodies: truncations, byte flips, field type swaps, random junk.
        var templates = new[]
        {
            ValidBuy, """{"type":"sell","tradeDate":"2025-05-01","symbol":"AAPL","quantity":1000,"price":1}""", """{"type":"withdrawal","tradeDate":"2025-05-01","amount":-100}""",
            """{"type":"transferIn","tradeDate":"2025-05-01","symbol":"AAPL","lots":[{"quantity":-1,"costBasis":1,"acquiredOn":"2024-01-01"}]}""",
        };
        var junk = new[] { "1e400", "-1", "0", "\"x\"", "null", "[]", "{}", "true", "79228162514264337593543950336", "-0", "1.00000000000000000000000000001", "\"\\u0000\"", "\"" + new string('z', 5000) + "\"" };
        for (var i = 0; i < randomCount; i++)
        {
            var template = templates[random.Next(templates.Length)];
            string body;
            string name;
            switch (random.Next(4))
            {
                case 0:
                    var cut = random.Next(1, template.Length - 1);
                    (body, name) = (template[..cut], $"truncated at {cut}");
                    break;
                case 1:
                    var bytes = Utf8(template);
                    var flips = random.Next(1, 4);
                    for (var f = 0; f < flips; f++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    (body, name) = (Encoding.UTF8.GetString(bytes), $"{flips} random bytes");
                    break;
                case 2:
                    var node = JsonNode.Parse(template)!.AsObject();
                    var field = node.Select(kv => kv.Key).Where(k => k != "type").OrderBy(_ => random.Next()).First();
                    var value = junk[random.Next(junk.Length)];
                    node[field] = JsonNode.Parse(value.StartsWith("79228", StringComparison.Ordinal) || value.Contains("e400", StringComparison.Ordinal) || value.StartsWith("1.0000", StringComparison.Ordinal) ? "0" : value);
                    body = node.ToJsonString();
                    if (value.StartsWith("79228", StringComparison.Ordinal) || value.Contains("e400", StringComparison.Ordinal) || value.StartsWith("1.0000", StringComparison.Ordinal))
                        body = body.Replace($"\"{field}\":0", $"\"{field}\":{value}", StringComparison.Ordinal);
                    name = $"{field} = {value[..Math.Min(20, value.Length)]}";
                    // 1.00000000000000000000000000001 has more digits than decimal keeps: it parses as exactly 1, which can
                    // turn an invalid template (sell 1000, withdraw -100) into a valid request. Those go to the scratch account.
                    if (value.StartsWith("1.0000", StringComparison.Ordinal) && template != ValidBuy)
                    {
                        Add("mutation", "scratch " + name, HttpMethod.Post, stx, Bearer(malloryToken), body, Expect.Any);
                        continue;
                    }
                    // A type swap on a sell of 1000 or a negative withdrawal can only stay invalid; on the valid buy it may become valid.
                    if (template == ValidBuy && !(field is "quantity" or "price" && value is "-1" or "0" or "\"x\"" or "null" or "[]" or "{}" or "true"))
                    {
                        Add("mutation", "scratch " + name, HttpMethod.Post, stx, Bearer(malloryToken), body, Expect.Any);
                        continue;
                    }
                    if (template == ValidBuy && field is "price" && value is "0") { Add("mutation", "scratch " + name, HttpMethod.Post, stx, Bearer(malloryToken), body, Expect.Any); continue; }
                    break;
                default:
                    var length = random.Next(1, 200);
                    var chars = new char[length];
                    const string Alphabet = "{}[]\":,0123456789.eE-+tfnul abcxyz\\\u00e9\u0000";
                    for (var c = 0; c < length; c++) chars[c] = Alphabet[random.Next(Alphabet.Length)];
                    (body, name) = (new string(chars), "random characters");
                    break;
            }
            // A truncation or byte flip of the valid buy can still parse as a valid buy; those go to the scratch account.
            var target = template == ValidBuy ? stx : tx;
            var auth = template == ValidBuy ? Bearer(malloryToken) : victimAuth;
            Add("mutation", name, HttpMethod.Post, target, auth, body, template == ValidBuy ? Expect.Any : Expect.Refused);
        }
        return cases;
    }

    private static string B64(string text) => Base64UrlEncoder.Encode(text);

    private static string Unsigned(object payload) => B64("""{"alg":"none","typ":"JWT"}""") + "." + B64(Api.Body(payload)) + ".";

    private static string Tamper(string token) => token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

    private static string SwapPayload(string token, object payload)
    {
        var parts = token.Split('.');
        return parts[0] + "." + B64(Api.Body(payload)) + "." + parts[2];
    }

    private static string Craft(string signingKey, string issuer, string audience, string algorithm, string? subject, DateTimeOffset now, string? keyOverride = null)
    {
        var claims = new List<Claim>();
        if (subject is not null) claims.Add(new Claim("sub", subject));
        claims.Add(new Claim("role", "admin"));
        try
        {
            return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = issuer,
                Audience = audience,
                Subject = new ClaimsIdentity(claims),
                IssuedAt = now.UtcDateTime,
                NotBefore = now.UtcDateTime,
                Expires = now.AddHours(1).UtcDateTime,
                SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(keyOverride is null ? signingKey : keyOverride + keyOverride)), algorithm),
            });
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException or NotSupportedException)
        {
            return "could-not-craft-" + e.GetType().Name;
        }
    }

    /// <summary>A body stream of unknown length, so HttpClient sends it chunked (no Content-Length for the server to check first).</summary>
    private sealed class UnseekableStream(byte[] data) : Stream
    {
        private int position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, data.Length - position);
            Array.Copy(data, position, buffer, offset, n);
            position += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
