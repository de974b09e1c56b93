using System.Text;
using System.Text.Json.Nodes;
using Portfolio.Server.Tests.Support;

namespace Portfolio.Server.Tests;

/// <summary>
/// Bodies the JSON reader does not expect, sent byte for byte over a socket to the real Kestrel server: each gets a 400
/// problem naming the body (never a 500), and creates nothing.
/// </summary>
public class MalformedBodyTests
{
    private const string Valid = """{"name":"Raw","type":"taxable","currency":"USD","lotMethod":"fifo","tracksCash":true,"allowsFractionalShares":false}""";

    /// <summary>The framing, the bytes after the headers, and the status: 400, or 408 when the framing promises bytes that never come.</summary>
    public static TheoryData<string, string, int> ChunkedFramings() => new()
    {
        { "size is not hex", "ZZ\r\n" + Valid + "\r\n0\r\n\r\n", 400 },
        // Kestrel's chunk-size parser throws an IOException (not its BadHttpRequestException) when the size overflows.
        { "size beyond 32 bits", "1FFFFFFFFFFFFFFFFFFFF\r\n" + Valid + "\r\n0\r\n\r\n", 400 },
        { "size of 2^31", "80000000\r\n" + Valid + "\r\n0\r\n\r\n", 400 },
        { "no CRLF after the data", Valid.Length.ToString("X") + "\r\n" + Valid + "XX0\r\n\r\n", 400 },
        { "negative size", "-5\r\n" + Valid + "\r\n0\r\n\r\n", 400 },
        { "bare LF line ends", Valid.Length.ToString("X") + "\n" + Valid + "\n0\n\n", 400 },
        { "size larger than the data, then the end", "FFFF\r\n" + Valid + "\r\n0\r\n\r\n", 408 },
        { "no last chunk", Valid.Length.ToString("X") + "\r\n" + Valid + "\r\n", 408 },
    };

    [Theory]
    [MemberData(nameof(ChunkedFramings))]
    public async Task Invalid_chunked_framing_gets_a_400_problem_and_creates_nothing(string framing, string body, int status)
    {
        await using var app = await KestrelApp.StartAsync();
        var token = app.Token("alice");
        var head = $"POST /api/accounts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";

        var answer = await app.SendRawAsync(head, Encoding.Latin1.GetBytes(body));

        AssertBadRequestProblem(answer, framing, "body", status);
        Assert.Equal("[]", await ListAccountsAsync(app, token));
    }

    public static TheoryData<string, string, byte[]> OtherBodies() => new()
    {
        { "invalid UTF-8", "Content-Type: application/json\r\nContent-Length: 17\r\n", [.. "{\"name\":\""u8, 0xC3, 0x28, 0xFF, 0xFE, .. "\"}  "u8] },
        { "a number beyond decimal", "Content-Type: application/json\r\nContent-Length: 15\r\n", "{\"name\":1e400}\n"u8.ToArray() },
        { "JSON nested 10,000 deep", "Content-Type: application/json\r\nContent-Length: 20011\r\n", Encoding.ASCII.GetBytes("{\"name\":" + new string('[', 10_000) + new string(']', 10_000) + "}\n  ") },
        { "XML under a JSON type", "Content-Type: application/json\r\nContent-Length: 10\r\n", "<a>1</a>\r\n"u8.ToArray() },
    };

    [Theory]
    [MemberData(nameof(OtherBodies))]
    public async Task Malformed_bodies_get_a_400_problem_and_create_nothing(string what, string headers, byte[] body)
    {
        await using var app = await KestrelApp.StartAsync();
        var token = app.Token("alice");
        var head = $"POST /api/accounts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n{headers}\r\n";

        var answer = await app.SendRawAsync(head, body);

        AssertBadRequestProblem(answer, what, null);
        Assert.Equal("[]", await ListAccountsAsync(app, token));
    }

    [Fact]
    public async Task A_truncated_body_gets_a_400_problem_or_a_closed_connection_and_creates_nothing()
    {
        await using var app = await KestrelApp.StartAsync();
        var token = app.Token("alice");
        var head = $"POST /api/accounts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n" +
                   $"Content-Type: application/json\r\nContent-Length: {Valid.Length + 40}\r\n\r\n";

        // The client ends its side 40 bytes short: Kestrel aborts the request; if it still answers, it is a 400 problem.
        var answer = await app.SendRawAsync(head, Encoding.ASCII.GetBytes(Valid), halfClose: true);

        if (answer.Status != 0) AssertBadRequestProblem(answer, "truncated", "body");
        Assert.Equal("[]", await ListAccountsAsync(app, token));
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_by_its_content_type_gets_a_415_problem()
    {
        await using var app = await KestrelApp.StartAsync();
        var token = app.Token("alice");
        var head = $"POST /api/accounts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n" +
                   "Content-Type: text/plain\r\nContent-Length: 11\r\n\r\n";

        var answer = await app.SendRawAsync(head, "hello world"u8.ToArray());

        AssertBadRequestProblem(answer, "text/plain", null, 415);
        Assert.Equal("[]", await ListAccountsAsync(app, token));
    }

    private static void AssertBadRequestProblem(RawResponse answer, string what, string? field, int status = 400)
    {
        Assert.True(answer.Status == status, $"{what}: expected {status}, got {answer.Status}: {answer.Raw}");
        Assert.Equal("application/problem+json", answer.Headers.GetValueOrDefault("content-type"));
        var problem = JsonNode.Parse(answer.Body)!;
        Assert.Equal(status, problem["status"]!.GetValue<int>());
        if (status == 415) return; // the framework's refusal: a plain problem naming the status
        var errors = problem["errors"]!.AsObject();
        Assert.NotEmpty(errors);
        if (field is not null) Assert.True(errors.ContainsKey(field), $"{what}: expected an error for '{field}': {answer.Body}");
    }

    private static async Task<string> ListAccountsAsync(KestrelApp app, string token)
    {
        using var client = new HttpClient { BaseAddress = app.Address };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return (await client.GetStringAsync("/api/accounts")).Trim();
    }
}
