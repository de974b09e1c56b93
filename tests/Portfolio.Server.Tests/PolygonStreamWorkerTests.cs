using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portfolio.Server.Tests.Support;

namespace Portfolio.Server.Tests;

/// <summary>
/// The Polygon stream worker against a WebSocket server on loopback (Kestrel) that sends garbage on the first connection
/// and drops the second: each time the worker backs off on the fake clock, reconnects, resubscribes, and its trades go
/// through the cycle's validation and storage path, so a price alert fires.
/// </summary>
public sealed class PolygonStreamWorkerTests : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _subscriptions = new();
    private readonly ConcurrentQueue<string> _auths = new();
    private WebApplication? _server;
    private int _connections;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    private async Task<Uri> StartStreamServerAsync(DateTimeOffset tradeTime)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _server = builder.Build();
        _server.UseWebSockets();
        _server.Run(async ctx =>
        {
            if (!ctx.WebSockets.IsWebSocketRequest) { ctx.Response.StatusCode = 400; return; }
            var connection = Interlocked.Increment(ref _connections);
            using var ws = await ctx.WebSockets.AcceptWebSocketAsync();
            async Task Send(string s) => await ws.SendAsync(Encoding.UTF8.GetBytes(s), WebSocketMessageType.Text, true, default);
            async Task<string> Receive()
            {
                var buffer = new byte[4096];
                var r = await ws.ReceiveAsync(buffer, default);
                return Encoding.UTF8.GetString(buffer, 0, r.Count);
            }
            await Send("""[{"ev":"status","status":"connected","message":"Connected Successfully"}]""");
            _auths.Enqueue(await Receive());
            await Send("""[{"ev":"status","status":"auth_success","message":"authenticated"}]""");
            _subscriptions.Enqueue(await Receive());
            var ms = tradeTime.AddSeconds(connection).ToUnixTimeMilliseconds();
            switch (connection)
            {
                case 1: // a trade below the alert, then garbage
                    await Send($$"""[{"ev":"T","sym":"AAPL","p":199.5,"s":100,"t":{{ms}}}]""");
                    await Send("this is {not json");
                    await Task.Delay(Timeout.Infinite, ctx.RequestAborted).ContinueWith(_ => { });
                    break;
                case 2: // a trade crossing the alert, then the connection is dropped without a close handshake
                    await Send($$"""[{"ev":"T","sym":"AAPL","p":200.25,"s":100,"t":{{ms}}}]""");
                    ctx.Abort();
                    break;
                default: // stays open
                    await Send($$"""[{"ev":"T","sym":"AAPL","p":201,"s":100,"t":{{ms}}}]""");
                    await Task.Delay(Timeout.Infinite, ctx.RequestAborted).ContinueWith(_ => { });
                    break;
            }
        });
        await _server.StartAsync();
        var address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal) + "/stocks");
    }

    /// <summary>Moves the fake clock a second at a time until the condition holds (the worker's waits are all on that clock).</summary>
    private static async Task DriveAsync(TestApp app, Func<Task<bool>> condition, string what)
    {
        for (var step = 0; step < 3000; step++)
        {
            if (await condition()) return;
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }
        Assert.Fail("timed out waiting for " + what);
    }

    [Fact]
    public async Task Garbage_and_a_dropped_connection_are_survived_by_reconnecting_and_resubscribing_and_trades_reach_alerts()
    {
        var tradeTime = TestApp.DefaultNow.AddMinutes(-1);
        var endpoint = await StartStreamServerAsync(tradeTime);
        await using var app = await TestApp.StartAsync(configure: builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Pricing:Stream:Enabled"] = "true",
                ["Pricing:Stream:Endpoint"] = endpoint.ToString(),
                ["Pricing:Polygon:ApiKey"] = "stream-test-key",
                ["Pricing:Stream:RefreshInterval"] = "00:01:00",
                ["Notifications:RelayEnabled"] = "false",
            }));
        var alice = app.ClientFor("alice");
        // Nothing to stream yet: the worker waits. The alert adds AAPL to what it streams at its next look.
        Assert.Equal(HttpStatusCode.Created, (await alice.PostJsonAsync("/api/price-alerts", new { symbol = "AAPL", above = 200 })).Status);

        await DriveAsync(app, async () => (await AlertAsync(alice))["firings"]!.GetValue<int>() == 1, "the crossing trade of the second connection");
        // Wait for what the third connection leaves behind (a stored quote at least as new as its trade), not for the
        // connection itself: the server counts a connection before it has read the subscription and sent the trade, and
        // the worker stores the trade later still.
        var thirdTrade = tradeTime.AddSeconds(3);
        await DriveAsync(app, async () => await LatestAsOfAsync(alice) >= thirdTrade, "the trade of a third connection after the drop");

        Assert.All(_subscriptions, s => Assert.Equal("""{"action":"subscribe","params":"T.AAPL"}""", s));
        Assert.All(_auths, a => Assert.Contains("stream-test-key", a, StringComparison.Ordinal));
        Assert.True(_subscriptions.Count >= 3);
        var alert = await AlertAsync(alice);
        Assert.Equal(("fired", 1), (alert["state"]!.GetValue<string>(), alert["firings"]!.GetValue<int>()));
        Assert.Equal(201m, (await alice.GetJsonAsync("/api/prices/AAPL")).Body!["latest"]!["price"].Dec());
    }

    [Fact]
    public async Task Outside_market_hours_nothing_is_streamed_until_the_open()
    {
        var saturday = new DateTimeOffset(2024, 6, 8, 16, 0, 0, TimeSpan.Zero);
        var endpoint = await StartStreamServerAsync(saturday);
        await using var app = await TestApp.StartAsync(now: saturday, configure: builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Pricing:Stream:Enabled"] = "true",
                ["Pricing:Stream:Endpoint"] = endpoint.ToString(),
                ["Pricing:Polygon:ApiKey"] = "stream-test-key",
                ["Pricing:Stream:RefreshInterval"] = "00:01:00",
            }));
        Assert.Equal(HttpStatusCode.Created, (await app.ClientFor("alice").PostJsonAsync("/api/price-alerts", new { symbol = "AAPL", above = 200 })).Status);

        for (var minute = 0; minute < 30; minute++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(10);
        }
        Assert.Equal(0, Volatile.Read(ref _connections));
    }

    private static async Task<DateTimeOffset?> LatestAsOfAsync(HttpClient client) =>
        (await client.GetJsonAsync("/api/prices/AAPL")).Body?["latest"]?["asOf"]?.GetValue<DateTimeOffset>();

    private static async Task<System.Text.Json.Nodes.JsonNode> AlertAsync(HttpClient alice) =>
        (await alice.GetJsonAsync("/api/price-alerts")).Body!.AsArray().Single()!;
}
