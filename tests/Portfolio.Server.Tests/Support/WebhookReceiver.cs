using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portfolio.Server.Tests.Support;

/// <summary>
/// A webhook receiver on loopback: records every POST (body and headers) and answers the status it is told to. Kestrel
/// binds port 0 itself, so no other process can take the port between choosing it and listening on it.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication server;

    public sealed record Received(string EventId, string Signature, byte[] Body);

    private WebhookReceiver(WebApplication server) => this.server = server;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var receiver = new WebhookReceiver(builder.Build());
        receiver.server.MapPost("/hook/", async ctx =>
        {
            using var body = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(body);
            receiver.Requests.Enqueue(new Received(ctx.Request.Headers["X-Event-Id"].ToString(), ctx.Request.Headers["X-Signature"].ToString(), body.ToArray()));
            ctx.Response.StatusCode = receiver.Answers.TryDequeue(out var status) ? status : 200;
        });
        await receiver.server.StartAsync();
        var address = receiver.server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = address.TrimEnd('/') + "/hook/";
        return receiver;
    }

    public string Url { get; private set; } = "";
    public ConcurrentQueue<Received> Requests { get; } = new();
    /// <summary>The statuses to answer, in order; 200 once they run out.</summary>
    public ConcurrentQueue<int> Answers { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await server.StopAsync();
        await server.DisposeAsync();
    }
}
