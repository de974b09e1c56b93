using System.Net;

namespace Portfolio.Application.Tests.Notifications;

/// <summary>The far end of a webhook, in process: records every POST and answers with the next scripted outcome (200 when none is left).</summary>
internal sealed class WebhookReceiver : HttpMessageHandler
{
    private readonly Queue<Func<HttpResponseMessage>> outcomes = new();

    public List<(HttpRequestMessage Request, byte[] Body)> Received { get; } = [];

    public WebhookReceiver Answer(HttpStatusCode status)
    {
        outcomes.Enqueue(() => new HttpResponseMessage(status));
        return this;
    }

    public WebhookReceiver Refuse(string message)
    {
        outcomes.Enqueue(() => throw new HttpRequestException(message));
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        Received.Add((request, await request.Content!.ReadAsByteArrayAsync(ct)));
        return outcomes.Count > 0 ? outcomes.Dequeue()() : new HttpResponseMessage(HttpStatusCode.OK);
    }
}
