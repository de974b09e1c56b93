using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portfolio.Application.Operations;
using Portfolio.Application.Valuation;

namespace Portfolio.Server;

/// <summary>
/// <c>/health</c>: Degraded, with the reasons, when the last price cycle or revaluation failed, or when prices of the
/// symbols the last cycle asked for are stale while the US market is open; Healthy otherwise (also before any cycle).
/// </summary>
public sealed class OperationsHealthCheck(OperationsStatus status, TimeProvider clock, PricePolicy policy) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var reasons = status.Problems(clock.GetUtcNow(), policy);
        return Task.FromResult(reasons.Count == 0
            ? HealthCheckResult.Healthy("price cycle, revaluation and prices are current")
            : new HealthCheckResult(HealthStatus.Degraded, string.Join("; ", reasons),
                data: new Dictionary<string, object> { ["reasons"] = reasons }));
    }
}

/// <summary>The health answer as JSON: <c>{status, reasons}</c>.</summary>
public static class HealthJson
{
    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        var reasons = report.Entries.Values.SelectMany(e => e.Data.TryGetValue("reasons", out var r) && r is IEnumerable<string> list ? list : []).ToList();
        return JsonSerializer.SerializeAsync(http.Response.Body, new { status = report.Status.ToString(), reasons }, cancellationToken: http.RequestAborted);
    }

    public static HealthCheckOptions Options => new() { ResponseWriter = WriteAsync };
}
