using System.Globalization;

namespace Portfolio.Api.Http;

/// <summary>
/// Optional query-string values, parsed strictly (invariant culture, ISO 8601), errors naming the parameter. Handlers
/// bind them as strings so that a wrong value is refused in the API's words, not the framework's.
/// </summary>
public static class Query
{
    public static DateOnly? Date(string? text, string name) =>
        Parse(text, name, t => DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null,
            "must be a date such as 2024-01-31");

    public static DateTimeOffset? Instant(string? text, string name) =>
        Parse(text, name, t =>
            DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var i) ? i.ToUniversalTime() : (DateTimeOffset?)null,
            "must be an ISO 8601 date or instant");

    public static int? Int(string? text, string name) =>
        Parse(text, name, t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : (int?)null, "must be a whole number");

    public static bool? Bool(string? text, string name) =>
        Parse(text, name, t => bool.TryParse(t, out var b) ? b : (bool?)null, "must be true or false");

    private static T? Parse<T>(string? text, string name, Func<string, T?> parse, string expectation) where T : struct
    {
        if (string.IsNullOrEmpty(text)) return null;
        // A repeated parameter arrives joined with commas, which no accepted value contains.
        if (text.Contains(',')) throw new RequestException(name, "is given more than once");
        return parse(text) ?? throw new RequestException(name, expectation);
    }
}
