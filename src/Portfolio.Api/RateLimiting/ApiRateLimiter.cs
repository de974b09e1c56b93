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
/// The buckets are <see cref="CallerBuckets{TKey}"/>: lock-free, refilled continuously.
/// </summary>
public sealed class ApiRateLimiter : IDisposable
{
    public ApiRateLimiter(IOptions<RateLimitOptions> options, TimeProvider? time = null)
    {
        var settings = options.Value;
        buckets = new CallerBuckets<PartitionKey>(time ?? TimeProvider.System);
        Limiter = new Partitioned(settings, buckets);
    }

    private readonly CallerBuckets<PartitionKey> buckets;

    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    /// <summary>A caller's bucket of one kind. <see cref="Caller"/> is <c>user:{subject}</c> or <c>ip:{address}</c>.</summary>
    public readonly record struct PartitionKey(RequestKind Kind, string Caller);

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

    /// <summary>The callers' buckets as the limiter ASP.NET Core's middleware and the Functions middleware call; never queues (a request over the limit is refused at once).</summary>
    private sealed class Partitioned(RateLimitOptions settings, CallerBuckets<PartitionKey> buckets) : PartitionedRateLimiter<HttpContext>
    {
        protected override RateLimitLease AttemptAcquireCore(HttpContext http, int permitCount)
        {
            if (!settings.Enabled || !http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)) return BucketLease.Granted;
            var kind = Classify(http.Request);
            return buckets.TryTake(new PartitionKey(kind, CallerOf(http)), settings.For(kind), permitCount) is { } retryAfter
                ? BucketLease.Refused(retryAfter)
                : BucketLease.Granted;
        }

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext http, int permitCount, CancellationToken cancellationToken) =>
            new(AttemptAcquireCore(http, permitCount));

        public override RateLimiterStatistics? GetStatistics(HttpContext resourceID) => null;
    }

    public void Dispose()
    {
        Limiter.Dispose();
        buckets.Dispose();
    }
}
