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
        var otlpEndpoint = config["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } ? null : config[OtlpEndpointKey];
        var exporting = !string.IsNullOrEmpty(config["OTEL_EXPORTER_OTLP_ENDPOINT"]) || !string.IsNullOrEmpty(otlpEndpoint);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("portfolio-server"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(PortfolioTelemetry.MeterName)
                // No cached scrape: every scrape reads the instruments (Prometheus scrapes every few seconds at most).
                .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        // Traces have no reader but OTLP: without an exporter, recording an activity for every request and every query
        // would cost each request for nothing (about a tenth of a cached read's CPU).
        if (!exporting) return services;
        telemetry.WithTracing(tracing => tracing
            .AddAspNetCoreInstrumentation(options => options.Filter = http => !IsProbe(http.Request.Path))
            .AddHttpClientInstrumentation()
            .AddSource("Portfolio.*"));
        if (otlpEndpoint is null) telemetry.UseOtlpExporter();
        else telemetry.UseOtlpExporter(OtlpExportProtocol.Grpc, new Uri(otlpEndpoint));
        return services;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/health");
}
