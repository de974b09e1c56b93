using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portfolio.Api.Auth;

namespace Portfolio.Server.Tests.Support;

/// <summary>The real server on real Kestrel at a loopback port, for requests no HttpClient would send (broken framing).</summary>
public sealed class KestrelApp : IAsyncDisposable
{
    private readonly string directory;

    private KestrelApp(WebApplication app, string directory, Uri address)
    {
        App = app;
        this.directory = directory;
        Address = address;
    }

    public WebApplication App { get; }
    public Uri Address { get; }

    public static async Task<KestrelApp> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "portfolio-kestrel-" + Guid.NewGuid().ToString("N"));
        var app = ServerApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Urls"] = "http://127.0.0.1:0", // a free port: never the 7071 of appsettings.json
                ["Storage:DataDirectory"] = directory,
                ["Auth:SigningKey"] = TestApp.SigningKey,
                ["Pricing:CycleEnabled"] = "false",
                ["Revaluation:Enabled"] = "false",
                ["Pricing:Providers:0"] = "stooq",
            });
        });
        await ServerApp.InitializeAsync(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new KestrelApp(app, directory, new Uri(address));
    }

    public string Token(string user) => new TokenOptions { SigningKey = TestApp.SigningKey }.Mint(user, false, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));

    /// <summary>
    /// Sends <paramref name="head"/> (which should ask for <c>Connection: close</c>) and then <paramref name="body"/> as raw
    /// bytes, and reads until the server closes. With <paramref name="halfClose"/> the client ends its side after the body
    /// (a truncated body); Kestrel then aborts the request and may have no one to answer.
    /// </summary>
    public async Task<RawResponse> SendRawAsync(string head, byte[] body, bool halfClose = false)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(Address.Host, Address.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(body);
        if (halfClose) client.Client.Shutdown(SocketShutdown.Send);
        using var read = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try { await stream.CopyToAsync(read, timeout.Token); }
        catch (IOException) { } // the server may reset the connection after its answer
        return RawResponse.Parse(Encoding.UTF8.GetString(read.ToArray()));
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }
}

/// <summary>An HTTP/1.1 answer as read off the socket: status, headers (lower-cased names), body (de-chunked when chunked).</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body, string Raw)
{
    public static RawResponse Parse(string raw)
    {
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (split < 0) return new RawResponse(0, new Dictionary<string, string>(), "", raw);
        var lines = raw[..split].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim().ToLowerInvariant()).ToDictionary(g => g.Key, g => g.First()[1].Trim());
        var body = raw[(split + 4)..];
        if (headers.GetValueOrDefault("transfer-encoding") == "chunked") body = Dechunk(body);
        return new RawResponse(status, headers, body, raw);
    }

    private static string Dechunk(string body)
    {
        var result = new StringBuilder();
        var at = 0;
        while (at < body.Length)
        {
            var end = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            if (end < 0) break;
            var size = Convert.ToInt32(body[at..end].Split(';')[0], 16);
            if (size == 0) break;
            result.Append(body, end + 2, Math.Min(size, body.Length - end - 2));
            at = end + 2 + size + 2;
        }
        return result.ToString();
    }
}
