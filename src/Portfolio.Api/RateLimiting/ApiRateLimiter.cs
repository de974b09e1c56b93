using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Portfolio.Api.RateLimiting;

/// <summary>What a request costs against: its caller's read, write or price-push bucket.</summary>
public enum RequestKind { Read, Write, PricePush }

/// <summary>
/// The one limiter both hosts use (the server through ASP.NET Core's rate-limiting middleware, the Functions app through
/// a worker middleware): a token bucket per caller and <see cref="RequestKind"/>, for routes under <c>/api</c> only
/// (health, metrics and the OpenAPI document are never limited). Runs after authentication, so that a caller is known.
/// </summary>
public sealed class ApiRateLimiter : IDisposable
{
    public ApiRateLimiter(IOptions<RateLimitOptions> options)
    {
        var settings = options.Value;
        Limiter = settings.Enabled
            ? PartitionedRateLimiter.Create<HttpContext, PartitionKey>(http => Partition(http, settings))
            : PartitionedRateLimiter.Create<HttpContext, PartitionKey>(_ => RateLimitPartition.GetNoLimiter(PartitionKey.None));
    }

    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    /// <summary>A caller's bucket of one kind. <see cref="Caller"/> is <c>user:{subject}</c> or <c>ip:{address}</c>.</summary>
    public readonly record struct PartitionKey(RequestKind Kind, string Caller)
    {
        public static readonly PartitionKey None = new(RequestKind.Read, "");
    }

    public static RequestKind Classify(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) ? RequestKind.Read
        : HttpMethods.IsPost(request.Method) && request.Path.Equals("/api/prices", StringComparison.OrdinalIgnoreCase) ? RequestKind.PricePush
        : RequestKind.Write;

    public static string CallerOf(HttpContext http)
    {
        var user = http.User;
        var subject = user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("sub") : null;
        return subject is { Length: > 0 } ? "user:" + subject : "ip:" + (http.Connection.RemoteIpAddress ?? IPAddress.None);
    }

    private static RateLimitPartition<PartitionKey> Partition(HttpContext http, RateLimitOptions settings)
    {
        if (!http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            return RateLimitPartition.GetNoLimiter(PartitionKey.None);
        var kind = Classify(http.Request);
        var bucket = settings.For(kind);
        return RateLimitPartition.GetTokenBucketLimiter(new PartitionKey(kind, CallerOf(http)), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = bucket.TokenLimit,
            TokensPerPeriod = bucket.TokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds(bucket.PeriodSeconds),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    public void Dispose() => Limiter.Dispose();
}
