using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Portfolio.Api.Http;

public static partial class RequestBody
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
            throw new RequestException(FieldOf(e.Path), Describe(e, typeof(T)));
        }
        if (value is null) throw new RequestException("body", "must be a JSON object");
        // Re-serialized, the body is independent of whitespace and field order: the fingerprint for idempotent retries.
        return (value, JsonSerializer.Serialize(value, ApiJson.Options));
    }

    /// <summary>
    /// Kestrel refuses a body it cannot accept (over its own MaxRequestBodySize — a chunked body is pumped ahead of this
    /// reader, so that can come before the check above — or malformed chunking) by throwing from the read; that is the
    /// caller's error, with Kestrel's status (413, 400, 408 when the promised bytes never come), not a 500.
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
        catch (IOException e) when (!ct.IsCancellationRequested)
        {
            // Kestrel's chunk-size parser reports a size beyond int as an IOException ("Bad chunk size data"), not as a
            // BadHttpRequestException; a connection reset lands here too, where the answer reaches no one.
            throw new RequestException("body", $"could not be read: {e.Message}");
        }
    }

    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.") ? path[2..] : path.TrimStart('$');

    /// <summary>System.Text.Json's messages name .NET types; the API names the JSON shape it expected, with an example.</summary>
    private static string Describe(JsonException e, Type body)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        if (message.StartsWith("The JSON value could not be converted to ", StringComparison.Ordinal))
            return TypeAt(body, e.Path) is { } type ? Expected(type) : "has the wrong type";
        if (message.StartsWith("The JSON property '", StringComparison.Ordinal)) return "is not a field of this request";
        if (message.StartsWith("The maximum configured depth", StringComparison.Ordinal)) return "is nested too deeply";
        return e.InnerException is null && message.Contains("System.", StringComparison.Ordinal)
            ? "has the wrong shape"
            : $"is not valid JSON: {message.TrimEnd('.')}";
    }

    /// <summary>The .NET type a JSON path such as <c>$.quotes[0].price</c> or <c>$.targets.VTI</c> lands on in the body type.</summary>
    private static Type? TypeAt(Type root, string? path)
    {
        var type = root;
        foreach (Match step in PathStep().Matches(path ?? ""))
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (Dictionary(type) is { } values) type = values;
            else if (step.Groups["index"].Success && Element(type) is { } element) type = element;
            else if (step.Groups["name"].Success
                     && type.GetProperty(step.Groups["name"].Value, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { } property)
                type = property.PropertyType;
            else return null;
        }
        return type;
    }

    private static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (Dictionary(type) is not null) return """must be an object mapping each symbol to a number, such as {"VTI": 60, "BND": 40}""";
        if (type == typeof(string)) return "must be a string";
        if (Element(type) is not null) return "must be an array";
        if (type == typeof(decimal)) return "must be a number, such as 12.5";
        if (type == typeof(int) || type == typeof(long)) return "must be a whole number";
        if (type == typeof(bool)) return "must be true or false";
        if (type == typeof(DateOnly)) return "must be a date, such as \"2024-01-31\"";
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime)) return "must be an ISO 8601 instant, such as \"2024-06-03T18:00:00Z\"";
        return "must be a JSON object";
    }

    private static Type? Dictionary(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(Dictionary<,>) || d == typeof(IReadOnlyDictionary<,>) || d == typeof(IDictionary<,>))
            ? type.GetGenericArguments()[1]
            : null;

    private static Type? Element(Type type) =>
        type.IsArray ? type.GetElementType()
        : type != typeof(string) && type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)) is { } enumerable
            ? enumerable.GetGenericArguments()[0]
            : null;

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\[(?<index>\d+)\]|\['(?<name>[^']*)'\]")]
    private static partial Regex PathStep();
}
