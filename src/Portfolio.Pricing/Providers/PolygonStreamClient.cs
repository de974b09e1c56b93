using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Portfolio.Application.Prices;

namespace Portfolio.Pricing.Providers;

/// <summary>
/// Polygon.io stocks WebSocket (<c>wss://socket.polygon.io/stocks</c>, or <c>wss://delayed.polygon.io/stocks</c> on delayed plans).
/// Protocol: the server greets with <c>[{"ev":"status","status":"connected",...}]</c>; the client sends
/// <c>{"action":"auth","params":"KEY"}</c> and waits for <c>status":"auth_success"</c> (<c>auth_failed</c> ends the session); then
/// <c>{"action":"subscribe","params":"T.AAPL,T.MSFT"}</c>. Trades arrive as arrays of <c>{"ev":"T","sym":"AAPL","p":price,"s":size,"t":unix ms,...}</c>.
/// Each trade becomes a real-time <see cref="Quote"/> handed to <c>onQuote</c> (a host typically buffers them and passes them to
/// <see cref="PriceIngestion.IngestAsync"/> every few seconds). Reconnection is left to the caller (call <see cref="RunAsync"/> again).
/// <paramref name="keepAlive"/> is the WebSocket ping interval (the heartbeat that keeps idle proxies from dropping the connection).
/// </summary>
public sealed class PolygonStreamClient(Uri endpoint, string apiKey, TimeSpan? keepAlive = null)
{
    public const string SourceName = "Polygon-stream";

    public async Task RunAsync(IReadOnlyCollection<string> symbols, Func<Quote, CancellationToken, ValueTask> onQuote, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(onQuote);
        using var socket = new ClientWebSocket();
        if (keepAlive is { } interval) socket.Options.KeepAliveInterval = interval;
        await socket.ConnectAsync(endpoint, ct).ConfigureAwait(false);
        await ExpectStatusAsync(socket, "connected", ct).ConfigureAwait(false);
        await SendAsync(socket, new { action = "auth", @params = apiKey }, ct).ConfigureAwait(false);
        await ExpectStatusAsync(socket, "auth_success", ct).ConfigureAwait(false);
        await SendAsync(socket, new { action = "subscribe", @params = string.Join(',', symbols.Select(s => "T." + s.ToUpperInvariant())) }, ct).ConfigureAwait(false);

        while (!ct.IsCancellationRequested && socket.State == WebSocketState.Open)
        {
            var message = await ReceiveAsync(socket, ct).ConfigureAwait(false);
            if (message is null) break;
            foreach (var quote in ParseTrades(message))
                await onQuote(quote, ct).ConfigureAwait(false);
        }
        if (socket.State == WebSocketState.Open)
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Trades (<c>ev = "T"</c>) in one stream message; other events (status, quotes, aggregates) are ignored.</summary>
    public static IReadOnlyList<Quote> ParseTrades(string message)
    {
        var quotes = new List<Quote>();
        using var doc = JsonDocument.Parse(message);
        if (doc.RootElement.ValueKind != JsonValueKind.Array) return quotes;
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("ev", out var ev) || ev.GetString() != "T") continue;
            if (!e.TryGetProperty("sym", out var sym) || sym.GetString() is not { Length: > 0 } symbol) continue;
            if (!e.TryGetProperty("p", out var p) || !p.TryGetDecimal(out var price)) continue;
            if (!e.TryGetProperty("t", out var t) || !t.TryGetInt64(out var ms)) continue;
            quotes.Add(new Quote(symbol, price, DateTimeOffset.FromUnixTimeMilliseconds(ms), SourceName, QuoteKind.RealTime));
        }
        return quotes;
    }

    private static async Task ExpectStatusAsync(ClientWebSocket socket, string expected, CancellationToken ct)
    {
        var message = await ReceiveAsync(socket, ct).ConfigureAwait(false) ?? throw new WebSocketException("Polygon stream closed before '" + expected + "'");
        using var doc = JsonDocument.Parse(message);
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            if (!e.TryGetProperty("ev", out var ev) || ev.GetString() != "status") continue;
            var status = e.TryGetProperty("status", out var s) ? s.GetString() : null;
            if (status == expected) return;
            var text = e.TryGetProperty("message", out var m) ? m.GetString() : null;
            throw new PriceSourceException(status == "auth_failed" ? PriceSourceFailureKind.Unauthorized : PriceSourceFailureKind.Malformed,
                $"Polygon stream: expected '{expected}', got '{status}': {text}");
        }
        throw new PriceSourceException(PriceSourceFailureKind.Malformed, $"Polygon stream: expected status '{expected}'");
    }

    private static Task SendAsync(ClientWebSocket socket, object payload, CancellationToken ct)
        => socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(payload), WebSocketMessageType.Text, endOfMessage: true, ct);

    private static async Task<string?> ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        using var ms = new MemoryStream();
        while (true)
        {
            var r = await socket.ReceiveAsync(buffer, ct).ConfigureAwait(false);
            if (r.MessageType == WebSocketMessageType.Close) return null;
            ms.Write(buffer, 0, r.Count);
            if (ms.Length > 4 * 1024 * 1024) throw new PriceSourceException(PriceSourceFailureKind.Malformed, "Polygon stream: message over 4 MiB");
            if (r.EndOfMessage) return Encoding.UTF8.GetString(ms.GetBuffer(), 0, (int)ms.Length);
        }
    }
}
