using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Portfolio.Server.Tests.Support;

namespace Portfolio.Server.Tests;

/// <summary>
/// Requests Kestrel refuses before the application runs, sent over raw sockets to the real server on a loopback port:
/// each answer keeps Kestrel's status and gains a problem body.
/// </summary>
public sealed class KestrelRefusalTests : IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "portfolio-kestrel-" + Guid.NewGuid().ToString("N"));
    private WebApplication app = null!;
    private int port;

    public async Task InitializeAsync()
    {
        app = ServerApp.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Storage:DataDirectory"] = directory,
            ["Auth:SigningKey"] = TestApp.SigningKey,
            ["Pricing:CycleEnabled"] = "false",
            ["Revaluation:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await ServerApp.InitializeAsync(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        port = new Uri(address).Port;
    }

    public async Task DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_malformed_request_line_is_a_400_problem()
    {
        var (head, body) = await SendAsync("GET /health\0 HTTP/1.1\r\nHost: localhost\r\n\r\n");

        AssertProblem(head, body, 400, "Bad Request.");
        Assert.Contains("Invalid request line", body!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Headers_over_the_size_limit_are_a_431_problem()
    {
        // Kestrel's default limit for all headers together is 32 KiB.
        var (head, body) = await SendAsync($"GET /health HTTP/1.1\r\nHost: localhost\r\nX-Padding: {new string('a', 40 * 1024)}\r\n\r\n");

        AssertProblem(head, body, 431, "Request Header Fields Too Large.");
    }

    [Fact]
    public async Task A_request_without_a_host_header_is_a_400_problem()
    {
        var (head, body) = await SendAsync("GET /health HTTP/1.1\r\n\r\n");

        AssertProblem(head, body, 400, "Bad Request.");
    }

    [Fact]
    public async Task A_good_request_before_a_bad_one_on_the_same_connection_is_answered_unchanged()
    {
        var (head, _) = await SendAsync("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\nGET /\0 HTTP/1.1\r\nHost: localhost\r\n\r\n");

        // The first answer is the plain liveness probe's; the second, on the same connection, is the problem.
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", head);
        var second = head.IndexOf("HTTP/1.1 400 Bad Request\r\n", StringComparison.Ordinal);
        Assert.True(second > 0, head);
        Assert.Contains("Content-Type: application/problem+json", head[second..]);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_a_413_problem()
    {
        var token = new Portfolio.Api.Auth.TokenOptions { SigningKey = TestApp.SigningKey }.Mint("alice", false, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        var (head, body) = await SendAsync(
            $"POST /api/accounts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {2 * 1024 * 1024}\r\n\r\n{{\"name\":\"");

        Assert.StartsWith("HTTP/1.1 413 ", head);
        Assert.Equal(413, body!["status"]!.GetValue<int>());
    }

    private static void AssertProblem(string head, JsonNode? body, int status, string title)
    {
        Assert.StartsWith($"HTTP/1.1 {status} ", head);
        Assert.Contains("\r\nContent-Type: application/problem+json\r\n", head);
        Assert.NotNull(body);
        Assert.Equal(status, body!["status"]!.GetValue<int>());
        Assert.Equal(title, body["title"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["detail"]?.GetValue<string>()));
    }

    /// <summary>Writes raw bytes, reads until the server closes the connection: everything answered, and the last answer's JSON body.</summary>
    private async Task<(string Head, JsonNode? Body)> SendAsync(string request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        using var read = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try { await stream.CopyToAsync(read, timeout.Token); }
        catch (IOException) { } // a reset after the answer: what was read is the answer
        var text = Encoding.UTF8.GetString(read.ToArray());
        // The last answer's body: a JSON object, sent whole or as one chunk.
        var headEnd = text.IndexOf("\r\n\r\n", text.LastIndexOf("HTTP/1.1 ", StringComparison.Ordinal), StringComparison.Ordinal);
        var start = headEnd < 0 ? -1 : text.IndexOf('{', headEnd);
        var end = text.LastIndexOf('}');
        return (text, start >= 0 && end > start ? JsonNode.Parse(text[start..(end + 1)]) : null);
    }
}
