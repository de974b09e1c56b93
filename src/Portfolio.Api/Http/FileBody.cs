using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Portfolio.Api.Http;

/// <summary>Settings of file imports (section <c>Imports</c>).</summary>
public sealed class ImportOptions
{
    public const string Section = "Imports";

    /// <summary>The largest file accepted, in bytes (default 50 MiB; JSON request bodies stop at 256 KiB).</summary>
    public long MaxBytes { get; set; } = 50L * 1024 * 1024;
}

/// <summary>A file sent as the request body (CSV, XML or JSON), read as UTF-8 text up to a limit of its own.</summary>
public static class FileBody
{
    public static async Task<string> ReadTextAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        // The host's limit is sized for JSON requests; this route raises it for itself before reading.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes;
        if (request.ContentLength > maxBytes) throw TooLarge(maxBytes);
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > maxBytes) throw TooLarge(maxBytes);
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e)
        {
            throw new RequestException("body", e.Message, e.StatusCode);
        }
        if (buffer.Length == 0) throw new RequestException("body", "the file to import is required as the request body");
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw new RequestException("body", "is not UTF-8 text");
        }
    }

    private static RequestException TooLarge(long maxBytes) =>
        new("body", $"is larger than {maxBytes} bytes (Imports:MaxBytes)", StatusCodes.Status413PayloadTooLarge);
}
