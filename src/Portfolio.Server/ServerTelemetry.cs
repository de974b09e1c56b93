using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Portfolio.Application.Operations;

namespace Portfolio.Server;

/// <summary>
/// OpenTelemetry for the server: metrics (ASP.NET Core's request duration, the application's <c>Portfolio</c> meter)
/// served at <c>/metrics</c> for Prometheus, and, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or <c>Telemetry:OtlpEndpoint</c>
/// is set, both metrics and traces (requests, storage calls and price-provider calls: the application's
/// <c>Portfolio.*</c> activity sources and outgoing HTTP) exported over OTLP. Without an endpoint no trace is recorded.
/// </summary>
public static class ServerTelemetry
{
    public const string OtlpEndpointKey = "Telemetry:OtlpEndpoint";

    public static IServiceCollection AddServerTelemetry(this IServiceCollection services, IConfiguration config)
    {
        var standardEndpoint = !string.IsNullOrEmpty(config["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var ownEndpoint = config[OtlpEndpointKey];
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("portfolio-server"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(PortfolioTelemetry.MeterName)
                // No cached scrape: every scrape reads the instruments (Prometheus scrapes every few seconds at most).
                .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        // Traces have no reader but OTLP: without an exporter, recording an activity for every request and every query
        // would cost each request for nothing (a few percent of a cached read's CPU, profiled in stop 17).
        if (!standardEndpoint && string.IsNullOrEmpty(ownEndpoint)) return services;
        telemetry.WithTracing(tracing => tracing
            .AddAspNetCoreInstrumentation(options => options.Filter = http => !IsProbe(http.Request.Path))
            .AddHttpClientInstrumentation()
            .AddSource("Portfolio.*"));
        if (standardEndpoint) telemetry.UseOtlpExporter();
        else telemetry.UseOtlpExporter(OtlpExportProtocol.Grpc, new Uri(ownEndpoint!));
        return services;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/health");
}
