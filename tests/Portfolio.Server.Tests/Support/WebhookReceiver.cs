using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Portfolio.Server.Tests.Support;

/// <summary>A webhook receiver on loopback: records every POST (body and headers) and answers the status it is told to.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;

    public sealed record Received(string EventId, string Signature, byte[] Body);

    public WebhookReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hook/";
        listener.Prefixes.Add(Url);
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string Url { get; }
    public ConcurrentQueue<Received> Requests { get; } = new();
    /// <summary>The statuses to answer, in order; 200 once they run out.</summary>
    public ConcurrentQueue<int> Answers { get; } = new();

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            Requests.Enqueue(new Received(context.Request.Headers["X-Event-Id"] ?? "", context.Request.Headers["X-Signature"] ?? "", body.ToArray()));
            context.Response.StatusCode = Answers.TryDequeue(out var status) ? status : 200;
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
