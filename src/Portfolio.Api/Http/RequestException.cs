namespace Portfolio.Api.Http;

/// <summary>A request that could not be read: malformed JSON, a value of the wrong type, a missing or unknown field.</summary>
public sealed class RequestException(string field, string reason, int status = 400) : Exception(reason)
{
    public string Field { get; } = field;
    public int Status { get; } = status;
}
