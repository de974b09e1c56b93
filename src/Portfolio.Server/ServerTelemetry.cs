using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Portfolio.Application.Operations;

namespace Portfolio.Server;

/// <summary>
/// OpenTelemetry for the server: traces of requests, storage calls and price-provider calls (the application's
/// <c>Portfolio.*</c> activity sources and outgoing HTTP), and metrics (ASP.NET Core's request duration, the
/// application's <c>Portfolio</c> meter) served at <c>/metrics</c> for Prometheus. Both are exported over OTLP only when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or <c>Telemetry:OtlpEndpoint</c> is set.
/// </summary>
public static class ServerTelemetry
{
    public const string OtlpEndpointKey = "Telemetry:OtlpEndpoint";

    public static IServiceCollection AddServerTelemetry(this IServiceCollection services, IConfiguration config)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("portfolio-server"))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = http => !IsProbe(http.Request.Path))
                .AddHttpClientInstrumentation()
                .AddSource("Portfolio.*"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(PortfolioTelemetry.MeterName)
                // No cached scrape: every scrape reads the instruments (Prometheus scrapes every few seconds at most).
                .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        if (!string.IsNullOrEmpty(config["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            telemetry.UseOtlpExporter();
        else if (config[OtlpEndpointKey] is { Length: > 0 } endpoint)
            telemetry.UseOtlpExporter(OtlpExportProtocol.Grpc, new Uri(endpoint));
        return services;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/health");
}
