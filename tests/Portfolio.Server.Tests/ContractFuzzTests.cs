using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Portfolio.Server.Tests.Support;
using Xunit.Abstractions;

namespace Portfolio.Server.Tests;

/// <summary>
/// Property-based fuzzing from the API's own contract: every operation of the OpenAPI document the server serves, its
/// example body and its schema's fields mutated with hostile values drawn by the field's declared type (boundary dates,
/// tiny, huge and beyond-decimal numbers, odd strings, wrong JSON types), seeded so a failure replays. Then sequences of
/// valid-but-extreme writes, each followed by every read route. Properties: no 5xx; every 4xx is a problem body that
/// names a field or a reason; a refused write leaves the account's transactions and positions as they were.
/// </summary>
public class ContractFuzzTests(ITestOutputHelper output, TestReport report) : IClassFixture<TestReport>
{
    private const int Seed = 20261201;
    private const int MutationsPerOperation = 80;

    private static readonly string[] TransactionTypes =
        ["buy", "sell", "dividend", "reinvestment", "split", "stockDividend", "spinOff", "transferIn", "transferOut", "deposit", "withdrawal", "fee", "interest"];

    private static readonly string[] Numbers =
    [
        "0", "-0", "-1", "1", "0.000001", "0.0000001", "0.0000000000000000000000000001", "1000000", "1000001", "999999999999.999999",
        "1000000000", "1000000001", "1000000000000", "1000000000001", "1E+12", "1e18", "79228162514264337593543950335",
        "79228162514264337593543950336", "-79228162514264337593543950335", "1e400", "1e-400", "123456789012345678901234567890",
    ];

    private static readonly string[] Dates =
        ["0001-01-01", "1899-12-31", "1900-01-01", "1900-01-02", "2024-02-29", "2024-02-30", "2024-06-03", "2024-06-04", "9999-12-31", "2024-13-01", "24-06-03", ""];

    private static readonly string[] Strings =
    [
        "", " ", "a", "VTI", "XYZ", "\u0000", "\u202e\u0301", "💥💥", "../../etc/passwd", "<script>alert(1)</script>", "' OR 1=1 --",
        new('A', 21), new('B', 10_000), "null", "NaN", "Infinity", "-1", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
    ];

    // A NUL in the path is refused by the server (and the test client) before any route runs: not an API answer.
    private static readonly string[] PathSegments = Strings.Where(s => !s.Contains('\0')).ToArray();

    private static readonly string[] WrongTypes = ["{}", "[]", "true", "null", "\"12\"", "12", "[1,2]", """{"a":{"b":[{}]}}"""];

    [Fact]
    public async Task Hostile_values_from_the_contract_never_get_a_5xx_and_refused_writes_change_nothing()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var admin = app.ClientFor("ops", admin: true);
        var victim = await SeedVictimAsync(alice, admin);
        var document = (await alice.GetJsonAsync("/openapi/v1.json")).Body!;
        var random = new Random(Seed);
        var fuzz = new Fuzzer(alice, admin, victim, output);

        foreach (var (path, item) in document["paths"]!.AsObject())
        foreach (var (method, operation) in item!.AsObject())
        {
            if (!path.StartsWith("/api/", StringComparison.Ordinal)) continue;
            // The notification stream stays open for minutes by design (server-sent events); NotificationTests cover it.
            if (path.EndsWith("/stream", StringComparison.Ordinal)) continue;
            for (var i = 0; i < MutationsPerOperation; i++)
            {
                var url = Url(path, operation!, victim, random, hostile: i % 4 == 0);
                var body = Body(document, operation!, random);
                await fuzz.SendAsync(new HttpMethod(method.ToUpperInvariant()), url, body, isWrite: method is "post" or "put", asAdmin: random.Next(3) == 0);
            }
        }

        report.Print($"contract fuzz: {fuzz.Requests} generated requests ({fuzz.Refused} refused, {fuzz.StateChecks} state checks), {fuzz.Failures.Count} failures, seed {Seed}");
        Assert.Empty(fuzz.Failures);
        Assert.True(fuzz.Refused > fuzz.Requests / 4, $"only {fuzz.Refused} of {fuzz.Requests} were refused: the mutations are not hostile");
    }

    [Fact]
    public async Task Sequences_of_valid_but_extreme_writes_leave_every_read_route_answering()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var admin = app.ClientFor("ops", admin: true);
        var random = new Random(Seed + 1);
        var fuzz = new Fuzzer(alice, admin, "", output);
        var accepted = 0;

        for (var sequence = 0; sequence < 6; sequence++)
        {
            var id = await alice.CreateAccountAsync(
                type: random.Next(2) == 0 ? "taxable" : "ira", lotMethod: new[] { "fifo", "lifo", "hifo", "average" }[random.Next(4)],
                tracksCash: random.Next(2) == 0, fractional: random.Next(2) == 0);
            await alice.SendAsync(HttpMethod.Put, $"/api/accounts/{id}/targets", new { targets = new Dictionary<string, decimal> { ["XYZ"] = 50, ["NEW"] = 50 }, tolerance = 0 });
            fuzz.Victim = id;
            for (var step = 0; step < 8; step++)
            {
                var (isAdmin, path, body) = ExtremeWrite(random, id);
                if (await fuzz.SendAsync(HttpMethod.Post, path, body, isWrite: true, asAdmin: isAdmin) < 300) accepted++;
                // The whole-history performance (from 1900: 45,000 days) once per sequence; the last months after each write.
                var performance = step == 7 ? "performance" : "performance?from=2024-05-01";
                foreach (var read in new[] { "positions", "tax-lots", "realized-gains", performance, "rebalance", "alerts", "transactions?page=1&pageSize=500" })
                    await fuzz.SendAsync(HttpMethod.Get, $"/api/accounts/{id}/{read}", null, isWrite: false, asAdmin: false);
            }
            await fuzz.SendAsync(HttpMethod.Get, "/api/prices/XYZ?from=1900-01-01&to=1904-12-31", null, isWrite: false, asAdmin: false);
        }

        report.Print($"extreme sequences: {fuzz.Requests} requests, {accepted} extreme writes accepted, {fuzz.Refused} refused, {fuzz.Failures.Count} failures, seed {Seed + 1}");
        Assert.Empty(fuzz.Failures);
        Assert.True(accepted >= 15, $"only {accepted} extreme writes were accepted: the sequences do not reach the edges");
    }

    /// <summary>A write at an edge of the supported ranges, each value on its own valid.</summary>
    private static (bool Admin, string Path, string Body) ExtremeWrite(Random random, string id)
    {
        string Pick(params string[] values) => values[random.Next(values.Length)];
        var tx = $"/api/accounts/{id}/transactions";
        var date = Pick("1900-01-01", "1900-01-31", "2024-06-03", "2024-06-01", "1999-12-31");
        var quantity = Pick("1000000000000", "999999999999.999999", "0.000001", "1000000", "1");
        var price = Pick("1000000000", "0.000001", "0", "1", "1000000");
        var ratio = Pick("1000000", "0.000001", "1", "999999");
        return random.Next(12) switch
        {
            0 or 1 => (false, tx, $$"""{"type":"buy","tradeDate":"{{date}}","symbol":"XYZ","quantity":{{quantity}},"price":{{price}},"fee":{{Pick("0", "1000000000000")}}}"""),
            2 => (false, tx, $$"""{"type":"sell","tradeDate":"{{date}}","symbol":"XYZ","quantity":{{quantity}},"price":{{price}}}"""),
            3 => (false, tx, $$"""{"type":"{{Pick("deposit", "withdrawal", "fee", "interest")}}","tradeDate":"{{date}}","amount":{{Pick("1000000000000", "0.000001", "999999999999")}}}"""),
            4 => (random.Next(2) == 0, random.Next(2) == 0 ? tx : "/api/corporate-actions",
                $$"""{"type":"split","tradeDate":"{{date}}","symbol":"XYZ","newShares":{{ratio}},"oldShares":{{Pick("1", "1000000", "0.000001")}}}"""),
            5 => (true, "/api/corporate-actions", $$"""{"type":"stockDividend","tradeDate":"{{date}}","symbol":"XYZ","sharesPerShare":{{ratio}}}"""),
            6 => (true, "/api/corporate-actions",
                $$"""{"type":"spinOff","tradeDate":"{{date}}","symbol":"XYZ","newSymbol":"NEW","sharesPerShare":{{ratio}},"parentPrice":{{Pick("1", "1000000000")}},"newPrice":{{Pick("1000000000", "0.000001")}}}"""),
            7 => (false, tx, $$"""{"type":"transferIn","tradeDate":"{{date}}","symbol":"XYZ","lots":[{"quantity":{{quantity}},"costBasis":{{Pick("1000000000000", "0")}},"acquiredOn":"1900-01-01"}]}"""),
            8 => (false, tx, $$"""{"type":"reinvestment","tradeDate":"{{date}}","symbol":"XYZ","quantity":{{quantity}},"price":{{price}}}"""),
            9 => (false, tx, $$"""{"type":"transferOut","tradeDate":"{{date}}","symbol":"XYZ","quantity":{{quantity}}}"""),
            10 => (true, "/api/prices", $$"""{"quotes":[{"symbol":"{{Pick("XYZ", "NEW")}}","price":{{Pick("10000000", "0.000001", "1")}},"asOf":"2024-06-03T17:5{{random.Next(10)}}:00Z","source":"s{{random.Next(3)}}"}]}"""),
            _ => (false, tx, $$"""{"type":"sell","tradeDate":"2024-06-03","symbol":"XYZ","quantity":{{quantity}},"price":{{price}},"lotMethod":"{{Pick("fifo", "hifo", "average")}}"}"""),
        };
    }

    private static async Task<string> SeedVictimAsync(HttpClient alice, HttpClient admin)
    {
        var id = await alice.CreateAccountAsync(fractional: true);
        await alice.RecordAsync(id, Requests.Deposit("2024-01-02", 100_000));
        await alice.RecordAsync(id, Requests.Buy("2024-01-03", "XYZ", 100, 50));
        await alice.RecordAsync(id, Requests.Buy("2024-02-01", "VTI", 10, 200));
        await alice.RecordAsync(id, Requests.Sell("2024-03-01", "XYZ", 40, 45));
        await alice.SendAsync(HttpMethod.Put, $"/api/accounts/{id}/targets", new { targets = new { XYZ = 50, VTI = 50 } });
        await admin.PushPricesAsync(("XYZ", 52m, TestApp.DefaultNow.AddMinutes(-5)), ("VTI", 210m, TestApp.DefaultNow.AddMinutes(-5)));
        return id;
    }

    private static string Url(string path, JsonNode operation, string victim, Random random, bool hostile)
    {
        var url = new StringBuilder(path
            .Replace("{accountId}", hostile ? Uri.EscapeDataString(PathSegments[random.Next(PathSegments.Length)]) : victim)
            .Replace("{symbol}", hostile ? Uri.EscapeDataString(PathSegments[random.Next(PathSegments.Length)]) : "XYZ"));
        var separator = '?';
        foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
        {
            if (parameter!["in"]!.GetValue<string>() != "query" || random.Next(3) == 0) continue;
            var name = parameter["name"]!.GetValue<string>();
            var value = random.Next(4) switch
            {
                0 => Dates[random.Next(Dates.Length)],
                1 => Numbers[random.Next(Numbers.Length)],
                2 => Strings[random.Next(Strings.Length)],
                _ => ((long)int.MaxValue + random.Next(-2, 3)).ToString(CultureInfo.InvariantCulture),
            };
            url.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }
        return url.ToString();
    }

    /// <summary>The operation's example body (or an empty object) with one to three fields replaced by hostile values of their declared type.</summary>
    private static string? Body(JsonNode document, JsonNode operation, Random random)
    {
        var media = operation["requestBody"]?["content"]?["application/json"];
        if (media is null) return null;
        var schema = Resolve(document, media["schema"]);
        var body = media["example"]?.DeepClone() as JsonObject ?? [];
        if (body["type"] is not null && random.Next(2) == 0) body["type"] = TransactionTypes[random.Next(TransactionTypes.Length)];
        var properties = schema?["properties"]?.AsObject().Select(p => (p.Key, Schema: Resolve(document, p.Value))).ToList() ?? [];
        if (properties.Count == 0) return body.ToJsonString();
        var raw = new Dictionary<string, string>();
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var (name, property) = properties[random.Next(properties.Count)];
            raw[name] = HostileFor(document, property, random);
        }
        foreach (var name in raw.Keys) body.Remove(name);
        var json = body.ToJsonString();
        var extra = string.Join(",", raw.Select(r => $"\"{r.Key}\":{r.Value}"));
        return extra.Length == 0 ? json : json.Length == 2 ? "{" + extra + "}" : json[..^1] + "," + extra + "}";
    }

    /// <summary>Raw JSON for a value of the wrong kind or at an edge of the declared one.</summary>
    private static string HostileFor(JsonNode document, JsonNode? schema, Random random)
    {
        if (random.Next(5) == 0) return WrongTypes[random.Next(WrongTypes.Length)];
        var types = TypesOf(schema);
        var format = schema?["format"]?.GetValue<string>();
        if (types.Contains("array"))
        {
            var element = Resolve(document, schema!["items"]);
            var count = random.Next(4) == 0 ? 1000 : random.Next(0, 3);
            return "[" + string.Join(",", Enumerable.Range(0, count).Select(_ => ObjectOf(document, element, random))) + "]";
        }
        if (types.Contains("object")) return schema?["additionalProperties"] is { } values
            ? "{" + string.Join(",", Enumerable.Range(0, random.Next(1, 4)).Select(_ => $"{Quote(Strings[random.Next(Strings.Length)])}:{HostileFor(document, Resolve(document, values), random)}")) + "}"
            : ObjectOf(document, schema, random);
        if (format == "date") return Quote(Dates[random.Next(Dates.Length)]);
        if (format == "date-time") return Quote(Dates[random.Next(Dates.Length)] + "T00:00:00Z");
        if (types.Contains("number") || types.Contains("integer") || format == "decimal") return Numbers[random.Next(Numbers.Length)];
        if (types.Contains("boolean")) return random.Next(2) == 0 ? "true" : "\"yes\"";
        return Quote(Strings[random.Next(Strings.Length)]);
    }

    private static string ObjectOf(JsonNode document, JsonNode? schema, Random random)
    {
        var properties = schema?["properties"]?.AsObject().ToList() ?? [];
        return "{" + string.Join(",", properties.Where(_ => random.Next(3) > 0)
            .Select(p => $"\"{p.Key}\":{HostileFor(document, Resolve(document, p.Value), random)}")) + "}";
    }

    private static string Quote(string text) => JsonValue.Create(text)!.ToJsonString();

    private static HashSet<string> TypesOf(JsonNode? schema) => schema?["type"] switch
    {
        JsonArray array => array.Select(t => t!.GetValue<string>()).ToHashSet(),
        JsonValue value => [value.GetValue<string>()],
        _ => [],
    };

    /// <summary>Follows a <c>$ref</c> (and a one-of of a ref and null) to the schema it names.</summary>
    private static JsonNode? Resolve(JsonNode document, JsonNode? schema)
    {
        for (var depth = 0; depth < 5 && schema is not null; depth++)
        {
            if (schema["$ref"]?.GetValue<string>() is { } reference)
                schema = document["components"]!["schemas"]![reference.Split('/')[^1]];
            else if ((schema["oneOf"] ?? schema["anyOf"])?.AsArray().FirstOrDefault(s => s?["$ref"] is not null) is { } first)
                schema = first;
            else break;
        }
        return schema;
    }

    /// <summary>Sends requests and checks each answer; records every broken property instead of stopping at the first.</summary>
    private sealed class Fuzzer(HttpClient user, HttpClient admin, string victim, ITestOutputHelper output)
    {
        public string Victim { get; set; } = victim;
        public int Requests { get; private set; }
        public int Refused { get; private set; }
        public int StateChecks { get; private set; }
        public List<string> Failures { get; } = [];

        public async Task<int> SendAsync(HttpMethod method, string url, string? body, bool isWrite, bool asAdmin)
        {
            var client = asAdmin ? admin : user;
            var before = isWrite && Victim.Length > 0 ? await BoundaryRegressionTests.StateAsync(user, Victim) : default;
            using var request = new HttpRequestMessage(method, url);
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Requests++;
            var status = (int)response.StatusCode;
            var what = $"{method} {Shorten(url)} {Shorten(body)} → {status} {Shorten(text, 400)}";
            if (status >= 500) Fail("5xx: " + what);
            else if (status >= 400)
            {
                Refused++;
                if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") Fail("not a problem body: " + what);
                else if (!NamesFieldOrReason(text)) Fail("problem names no field or reason: " + what);
                if (isWrite && Victim.Length > 0)
                {
                    StateChecks++;
                    if (await BoundaryRegressionTests.StateAsync(user, Victim) != before) Fail("refused write changed the account: " + what);
                }
            }
            return status;
        }

        private static bool NamesFieldOrReason(string text)
        {
            var problem = JsonNode.Parse(text);
            if (problem?["errors"] is JsonObject errors) return errors.Count > 0 && errors.All(e => e.Key.Length > 0 && e.Value is JsonArray { Count: > 0 });
            // The framework's own refusals (no route matched: 404, 405) name their reason in the title.
            return problem?["detail"]?.GetValue<string>() is { Length: > 0 } || problem?["title"]?.GetValue<string>() is { Length: > 0 };
        }

        private void Fail(string message)
        {
            if (Failures.Count < 50) output.WriteLine(message);
            Failures.Add(message);
        }

        private static string Shorten(string? text, int max = 200) =>
            text is null ? "" : text.Length <= max ? text : text[..max] + $"…({text.Length})";
    }
}
