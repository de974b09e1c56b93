using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Portfolio.Server;

/// <summary>
/// Problem bodies for the requests Kestrel refuses before the application sees them (a malformed request line, headers
/// too large, a missing Host, a request-headers timeout): Kestrel answers those itself with an empty body and no hook
/// to change it. Kestrel reports each such refusal on its <c>Microsoft.AspNetCore.Server.Kestrel.BadRequest</c>
/// diagnostic event before it writes the answer; a connection middleware marks that connection's output, which then
/// rewrites the empty answer into an RFC 9457 problem (same status, same headers, <c>Content-Type:
/// application/problem+json</c> and a body). Other connections' output passes through untouched.
/// </summary>
public sealed class KestrelRejections : IObserver<KeyValuePair<string, object?>>, IObserver<DiagnosticListener>, IDisposable
{
    public const string BadRequestEvent = "Microsoft.AspNetCore.Server.Kestrel.BadRequest";

    private readonly ConcurrentDictionary<string, ProblemOutput> _connections = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _subscriptions = [];
    private readonly IDisposable _allListeners;

    public KestrelRejections() => _allListeners = DiagnosticListener.AllListeners.Subscribe(this);

    /// <summary>The connection middleware: marks the connection's output as rewritable while it is open.</summary>
    public void Use(ListenOptions listen) => listen.Use(next => async connection =>
    {
        var output = new ProblemOutput(connection.Transport.Output);
        var transport = connection.Transport;
        connection.Transport = new Pipe(transport.Input, output);
        _connections[connection.ConnectionId] = output;
        try { await next(connection); }
        finally
        {
            _connections.TryRemove(connection.ConnectionId, out _);
            connection.Transport = transport;
        }
    });

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name != "Microsoft.AspNetCore") return;
        lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this, name => name == BadRequestEvent));
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key != BadRequestEvent || value.Value is not IFeatureCollection features) return;
        if (features.Get<IBadRequestExceptionFeature>()?.Error is not { } error) return;
        if (features.Get<IHttpConnectionFeature>()?.ConnectionId is not { } id || !_connections.TryGetValue(id, out var output)) return;
        var status = error is Microsoft.AspNetCore.Http.BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
        output.Reject(status, error.Message);
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }
    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }
    void IObserver<DiagnosticListener>.OnCompleted() { }
    void IObserver<DiagnosticListener>.OnError(Exception error) { }

    public void Dispose()
    {
        _allListeners.Dispose();
        lock (_subscriptions) foreach (var s in _subscriptions) s.Dispose();
    }

    private sealed class Pipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }

    /// <summary>
    /// Passes writes through, until the connection's request is refused: from then on it collects Kestrel's answer and,
    /// on the flush, sends it with a problem body.
    /// </summary>
    private sealed class ProblemOutput(PipeWriter inner) : PipeWriter
    {
        private volatile byte[]? _problem;
        private ArrayBufferWriter<byte>? _held;

        public void Reject(int status, string reason)
        {
            var detail = reason.Length > 200 ? reason[..200] + "…" : reason;
            _problem = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
            {
                ["type"] = $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}",
                ["title"] = ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase + "." : "The request could not be read.",
                ["status"] = status,
                ["detail"] = detail,
            });
        }

        private ArrayBufferWriter<byte>? Holding => _problem is null ? null : _held ??= new ArrayBufferWriter<byte>();

        public override void Advance(int bytes)
        {
            if (_held is not null) _held.Advance(bytes);
            else inner.Advance(bytes);
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => Holding is { } held ? held.GetMemory(sizeHint) : inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => Holding is { } held ? held.GetSpan(sizeHint) : inner.GetSpan(sizeHint);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            if (_held is not { WrittenCount: > 0 } held || _problem is not { } problem) return inner.FlushAsync(cancellationToken);
            inner.Write(WithBody(held.WrittenSpan, problem));
            held.Clear();
            return inner.FlushAsync(cancellationToken);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null)
        {
            if (_held is { WrittenCount: > 0 }) FlushAsync().AsTask().GetAwaiter().GetResult();
            inner.Complete(exception);
        }

        public override async ValueTask CompleteAsync(Exception? exception = null)
        {
            if (_held is { WrittenCount: > 0 }) await FlushAsync();
            await inner.CompleteAsync(exception);
        }

        public override bool CanGetUnflushedBytes => _held is null && inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => _held?.WrittenCount ?? inner.UnflushedBytes;

        /// <summary>Kestrel's empty answer (<c>Content-Length: 0</c>) with the problem as its body; anything else unchanged.</summary>
        internal static byte[] WithBody(ReadOnlySpan<byte> answer, byte[] problem)
        {
            var text = Encoding.Latin1.GetString(answer);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            const string empty = "\r\nContent-Length: 0\r\n";
            var length = end < 0 ? -1 : text.IndexOf(empty, 0, end + 2, StringComparison.OrdinalIgnoreCase);
            if (end < 0 || length < 0 || end + 4 != text.Length) return answer.ToArray();
            var head = text[..length] + $"\r\nContent-Type: application/problem+json\r\nContent-Length: {problem.Length}\r\n" + text[(length + empty.Length)..(end + 4)];
            return [.. Encoding.Latin1.GetBytes(head), .. problem];
        }
    }
}
