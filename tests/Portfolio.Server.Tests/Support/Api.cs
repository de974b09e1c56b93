using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Portfolio.Server.Tests.Support;

/// <summary>Small request builders and response readers, so tests read as the API calls they make.</summary>
public static class Requests
{
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(
        this HttpClient client, HttpMethod method, string path, object? body = null, string? idempotencyKey = null, string? rawBody = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (rawBody is not null) request.Content = new StringContent(rawBody, Encoding.UTF8, "application/json");
        else if (body is not null) request.Content = JsonContent.Create(body);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static Task<(HttpStatusCode Status, JsonNode? Body)> PostJsonAsync(this HttpClient client, string path, object body, string? idempotencyKey = null) =>
        client.SendAsync(HttpMethod.Post, path, body, idempotencyKey);

    public static Task<(HttpStatusCode Status, JsonNode? Body)> GetJsonAsync(this HttpClient client, string path) =>
        client.SendAsync(HttpMethod.Get, path);

    /// <summary>
    /// A cash-tracking account gets the widest margin allowance unless told otherwise, so tests about other rules may buy
    /// and withdraw without depositing first; the cash rule's own tests pass <paramref name="marginAllowance"/> 0.
    /// </summary>
    public static async Task<string> CreateAccountAsync(
        this HttpClient client, string type = "taxable", string lotMethod = "fifo", bool tracksCash = true, bool fractional = false, decimal? marginAllowance = null)
    {
        var allowance = marginAllowance ?? (tracksCash ? WidestMarginAllowance : 0);
        var (status, body) = await client.PostJsonAsync("/api/accounts",
            new { name = "Test account", type, currency = "USD", lotMethod, tracksCash, allowsFractionalShares = fractional, marginAllowance = allowance });
        Assert.Equal(HttpStatusCode.Created, status);
        return body!["id"]!.GetValue<string>();
    }

    public const decimal WidestMarginAllowance = 1_000_000_000_000m;

    public static async Task<JsonNode> RecordAsync(this HttpClient client, string accountId, object transaction, string? key = null)
    {
        var (status, body) = await client.PostJsonAsync($"/api/accounts/{accountId}/transactions", transaction, key);
        Assert.True(status == HttpStatusCode.Created, $"expected 201, got {(int)status}: {body}");
        return body!;
    }

    public static object Buy(string date, string symbol, decimal quantity, decimal price, decimal fee = 0) =>
        new { type = "buy", tradeDate = date, symbol, quantity, price, fee };

    public static object Sell(string date, string symbol, decimal quantity, decimal price, decimal fee = 0) =>
        new { type = "sell", tradeDate = date, symbol, quantity, price, fee };

    public static object Deposit(string date, decimal amount) => new { type = "deposit", tradeDate = date, amount };

    public static async Task PushPricesAsync(this HttpClient admin, params (string Symbol, decimal Price, DateTimeOffset AsOf)[] quotes)
    {
        var (status, body) = await admin.PostJsonAsync("/api/prices",
            new { quotes = quotes.Select(q => new { symbol = q.Symbol, price = q.Price, asOf = q.AsOf, source = "test" }).ToArray() });
        Assert.True(status == HttpStatusCode.OK, $"price push answered {(int)status}: {body}");
    }

    public static decimal Dec(this JsonNode? node) => node!.GetValue<decimal>();

    public static void AssertProblem(this (HttpStatusCode Status, JsonNode? Body) response, HttpStatusCode status, string? field = null)
    {
        Assert.True(response.Status == status, $"expected {(int)status}, got {(int)response.Status}: {response.Body}");
        Assert.NotNull(response.Body);
        Assert.Equal((int)status, response.Body!["status"]!.GetValue<int>());
        if (field is not null)
            Assert.True(response.Body["errors"]?[field] is not null, $"expected an error for '{field}': {response.Body}");
    }
}
