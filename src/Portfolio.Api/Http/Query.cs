using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Portfolio.Api.Http;

/// <summary>Optional query-string values, parsed strictly (invariant culture, ISO 8601), errors naming the parameter.</summary>
public static class Query
{
    public static DateOnly? Date(HttpRequest request, string name) =>
        Parse<DateOnly>(request, name, text => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null,
            "must be a date such as 2024-01-31");

    public static DateTimeOffset? Instant(HttpRequest request, string name) =>
        Parse<DateTimeOffset>(request, name, text =>
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.ToUniversalTime() : (DateTimeOffset?)null,
            "must be an ISO 8601 date or instant");

    public static int? Int(HttpRequest request, string name) =>
        Parse<int>(request, name, text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : (int?)null, "must be a whole number");

    public static bool? Bool(HttpRequest request, string name) =>
        Parse<bool>(request, name, text => bool.TryParse(text, out var b) ? b : (bool?)null, "must be true or false");

    private static T? Parse<T>(HttpRequest request, string name, Func<string, T?> parse, string expectation) where T : struct
    {
        var values = request.Query[name];
        if (values.Count == 0 || string.IsNullOrEmpty(values[0])) return null;
        if (values.Count > 1) throw new RequestException(name, "is given more than once");
        return parse(values[0]!) ?? throw new RequestException(name, expectation);
    }
}
