using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Portfolio.Api.Http;

public static class RequestBody
{
    public const int MaxBytes = 256 * 1024;

    /// <summary>Reads and parses a JSON body, refusing bodies over <see cref="MaxBytes"/> with 413 and naming the JSON path of any error.</summary>
    public static async Task<(T Value, string Canonical)> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        if (request.ContentLength > MaxBytes) throw new RequestException("body", $"is larger than {MaxBytes} bytes", StatusCodes.Status413PayloadTooLarge);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await ReadChunkAsync(request, chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes) throw new RequestException("body", $"is larger than {MaxBytes} bytes", StatusCodes.Status413PayloadTooLarge);
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) throw new RequestException("body", "a JSON body is required");

        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), ApiJson.Options);
        }
        catch (JsonException e)
        {
            throw new RequestException(FieldOf(e.Path), Describe(e));
        }
        if (value is null) throw new RequestException("body", "must be a JSON object");
        // Re-serialized, the body is independent of whitespace and field order: the fingerprint for idempotent retries.
        return (value, JsonSerializer.Serialize(value, ApiJson.Options));
    }

    /// <summary>
    /// Kestrel refuses a body it cannot accept (over its own MaxRequestBodySize — a chunked body is pumped ahead of this
    /// reader, so that can come before the check above — or malformed chunking) by throwing from the read; that is the
    /// caller's error, with Kestrel's status (413, 400), not a 500.
    /// </summary>
    private static async ValueTask<int> ReadChunkAsync(HttpRequest request, byte[] chunk, CancellationToken ct)
    {
        try
        {
            return await request.Body.ReadAsync(chunk, ct);
        }
        catch (BadHttpRequestException e)
        {
            throw new RequestException("body", e.Message, e.StatusCode);
        }
    }

    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.") ? path[2..] : path.TrimStart('$');

    private static string Describe(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
