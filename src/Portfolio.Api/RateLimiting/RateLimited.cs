using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace Portfolio.Api.RateLimiting;

/// <summary>
/// The answer to a request over its caller's limit, in both hosts: 429 with <c>Retry-After</c> (whole seconds, at
/// least 1) and a problem body saying which limit and when to retry.
/// </summary>
public sealed class RateLimited(RequestKind kind, TimeSpan? retryAfter) : IResult
{
    public const string Title = "Too many requests.";

    public static RateLimited For(HttpContext http, RateLimitLease lease) =>
        new(ApiRateLimiter.Classify(http.Request), lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : null);

    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling((retryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds));

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var seconds = RetryAfterSeconds;
        httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var limit = kind switch { RequestKind.Read => "reads", RequestKind.Write => "writes", _ => "price pushes" };
        return Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: Title,
            detail: $"The rate limit for {limit} is used up; retry after {seconds} s.").ExecuteAsync(httpContext);
    }
}
