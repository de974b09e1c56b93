using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace Portfolio.Api.Views;

/// <summary>A computed view's JSON and its strong ETag (a hash of those bytes), with the key it was computed for (none when its owner keeps its own).</summary>
public sealed class CachedView
{
    public CachedView(ViewKey? key, byte[] json)
    {
        Key = key;
        Json = json;
        ETag = "\"" + WebEncoders.Base64UrlEncode(SHA256.HashData(json), 0, 18) + "\"";
    }

    public ViewKey? Key { get; }
    public byte[] Json { get; }
    public string ETag { get; }

    /// <summary>
    /// <c>If-None-Match</c> names this view: <c>*</c>, or one of its comma-separated tags equals the ETag (the weak
    /// comparison RFC 9110 prescribes for this header, so a <c>W/</c> prefix is ignored).
    /// </summary>
    public bool IsNamedBy(string? ifNoneMatch)
    {
        if (string.IsNullOrEmpty(ifNoneMatch)) return false;
        foreach (var part in ifNoneMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "*") return true;
            var tag = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
            if (tag == ETag) return true;
        }
        return false;
    }
}
