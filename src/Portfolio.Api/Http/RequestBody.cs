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

    /// <summary>System.Text.Json's messages name .NET types; the API names the JSON shape it expected, with an example.</summary>
    private static string Describe(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        const string conversion = "The JSON value could not be converted to ";
        if (message.StartsWith(conversion, StringComparison.Ordinal)) return Expected(message[conversion.Length..]);
        if (message.StartsWith("The JSON property '", StringComparison.Ordinal)) return "is not a field of this request";
        if (message.StartsWith("The maximum configured depth", StringComparison.Ordinal)) return "is nested too deeply";
        return e.InnerException is null && message.Contains("System.", StringComparison.Ordinal)
            ? "has the wrong shape"
            : $"is not valid JSON: {message.TrimEnd('.')}";
    }

    private static string Expected(string type) => type switch
    {
        _ when type.Contains("Dictionary`2", StringComparison.Ordinal) =>
            """must be an object mapping each symbol to a number, such as {"VTI": 60, "BND": 40}""",
        _ when type.Contains("List`1", StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal) => "must be an array",
        _ when type.Contains("System.Decimal", StringComparison.Ordinal) => "must be a number, such as 12.5",
        _ when type.Contains("System.Int", StringComparison.Ordinal) => "must be a whole number",
        _ when type.Contains("System.Boolean", StringComparison.Ordinal) => "must be true or false",
        _ when type.Contains("System.DateOnly", StringComparison.Ordinal) => "must be a date, such as \"2024-01-31\"",
        _ when type.Contains("System.DateTime", StringComparison.Ordinal) => "must be an ISO 8601 instant, such as \"2024-06-03T18:00:00Z\"",
        _ when type.Contains("System.String", StringComparison.Ordinal) => "must be a string",
        _ => "must be a JSON object",
    };
}
