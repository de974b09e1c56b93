using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Portfolio.Api.RateLimiting;

namespace Portfolio.Functions.Http;

/// <summary>
/// The server's per-caller limits (<see cref="ApiRateLimiter"/>, section <c>RateLimits</c>) for HTTP-triggered
/// functions: the worker has no ASP.NET Core middleware pipeline of its own for triggers, so the same partitioned
/// limiter is asked here, after authentication, and a refused request answers the same 429 without running its function.
/// Limits hold per instance: a scaled-out app allows each instance's share.
/// </summary>
public sealed class RateLimitMiddleware(ApiRateLimiter limiter) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }
        if (await LimitAsync(http, () => next(context)) is { } refused)
            context.GetInvocationResult().Value = refused;
    }

    /// <summary>Runs <paramref name="next"/> when the caller is within its limit; otherwise answers the 429 instead.</summary>
    internal async Task<IActionResult?> LimitAsync(HttpContext http, Func<Task> next)
    {
        using var lease = limiter.Limiter.AttemptAcquire(http);
        if (!lease.IsAcquired) return new ResultActionAdapter(RateLimited.For(http, lease));
        await next();
        return null;
    }
}
