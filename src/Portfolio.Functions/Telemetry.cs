using Azure.Core;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Portfolio.Application.Operations;

namespace Portfolio.Functions;

/// <summary>
/// OpenTelemetry from the worker (host.json sets <c>telemetryMode</c> to OpenTelemetry): function invocations, the
/// application's activities and metrics (the <c>Portfolio</c> meter), and the Azure SDK's own activities, so that
/// Cosmos DB and Service Bus calls appear as dependencies in Application Insights.
/// Exported only when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (Azure), with the app's identity.
/// </summary>
public static class Telemetry
{
    /// <summary>Activity sources of the Azure SDK clients this app uses (Cosmos DB operations, Service Bus sends).</summary>
    public static readonly string[] AzureSources = ["Azure.*"];

    /// <summary>The application's own activity sources (use cases, storage, price providers), as in the server.</summary>
    public static readonly string[] PortfolioSources = ["Portfolio.*"];

    public static IServiceCollection AddPortfolioTelemetry(this IServiceCollection services, IConfiguration configuration, TokenCredential credential)
    {
        // The Azure SDK emits its activities only with this switch on (Service Bus; Cosmos DB has its own option).
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing.AddSource(AzureSources).AddSource(PortfolioSources))
            .WithMetrics(metrics => metrics.AddMeter(PortfolioTelemetry.MeterName));
        if (!string.IsNullOrEmpty(configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
            telemetry.UseAzureMonitorExporter(options => options.Credential = credential);
        return services;
    }
}
