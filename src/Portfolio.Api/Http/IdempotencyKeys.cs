namespace Portfolio.Api.Http;

/// <summary>The <c>Idempotency-Key</c> header: a retry under the same key answers with the original outcome.</summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 200;

    /// <summary>The key, or null when the header is absent or empty.</summary>
    public static string? Check(string? key)
    {
        if (string.IsNullOrEmpty(key)) return null;
        if (key.Length > MaxLength) throw new RequestException(Header, $"must be at most {MaxLength} characters");
        return key;
    }
}
