using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portfolio.Drivers;

public sealed record Reply(int Status, string Body, string? ContentType)
{
    public JsonNode? Json
    {
        get
        {
            if (Body.Length == 0) return null;
            try { return JsonNode.Parse(Body); } catch (JsonException) { return null; }
        }
    }

    public override string ToString() => $"{Status} {(Body.Length > 300 ? Body[..300] + "…" : Body)}";
}

/// <summary>HTTP helpers: pooled SocketsHttpHandler clients, JSON bodies, Idempotency-Key.</summary>
public static class Api
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static HttpClient Client(Uri baseAddress, string? token, int maxConnections = 64, TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        };
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static string Body(object value) => JsonSerializer.Serialize(value, Json);

    public static async Task<Reply> SendAsync(this HttpClient client, HttpMethod method, string path, string? json = null,
        string? idempotencyKey = null, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (idempotencyKey is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        using var response = await client.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return new Reply((int)response.StatusCode, text, response.Content.Headers.ContentType?.MediaType);
    }

    public static Task<Reply> GetReplyAsync(this HttpClient client, string path, CancellationToken ct = default) =>
        client.SendAsync(HttpMethod.Get, path, null, null, ct);

    public static Task<Reply> PostReplyAsync(this HttpClient client, string path, object body, string? key = null, CancellationToken ct = default) =>
        client.SendAsync(HttpMethod.Post, path, Body(body), key, ct);

    /// <summary>
    /// Creates an account (Idempotency-Key given, so a retry is safe) and returns its id. A cash-tracking one gets the
    /// widest margin allowance: the drivers buy and withdraw without depositing first, which the cash rule would refuse.
    /// </summary>
    public static async Task<string> CreateAccountAsync(this HttpClient client, string name, string lotMethod = "fifo", string type = "taxable", bool tracksCash = true)
    {
        var key = "acct-" + name;
        for (var attempt = 1; ; attempt++)
        {
            var reply = await client.PostReplyAsync("/api/accounts",
                new { name, type, currency = "USD", lotMethod, tracksCash, allowsFractionalShares = false, marginAllowance = tracksCash ? 1_000_000_000_000m : 0m }, key);
            if (reply.Status is 200 or 201) return reply.Json!["id"]!.GetValue<string>();
            if (attempt >= 5) throw new InvalidOperationException($"creating account {name}: {reply}");
            await Task.Delay(200);
        }
    }

    /// <summary>Every transaction of an account, page by page (500 a page, at most 1,000 pages).</summary>
    public static async Task<List<JsonNode>> AllTransactionsAsync(this HttpClient client, string accountId)
    {
        var items = new List<JsonNode>();
        for (var page = 1; page <= 1000; page++)
        {
            var reply = await client.GetReplyAsync($"/api/accounts/{accountId}/transactions?page={page}&pageSize=500");
            if (reply.Status != 200) throw new InvalidOperationException($"listing transactions of {accountId}: {reply}");
            var json = reply.Json!;
            var batch = json["items"]!.AsArray();
            items.AddRange(batch.Select(i => i!));
            if (batch.Count == 0 || items.Count >= json["total"]!.GetValue<int>()) break;
        }
        return items;
    }

    public static decimal Dec(this JsonNode? node) => node!.GetValue<decimal>();
    public static string Str(this JsonNode? node) => node!.GetValue<string>();
}
