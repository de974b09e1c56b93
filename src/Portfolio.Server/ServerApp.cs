using Microsoft.AspNetCore.Authentication.JwtBearer;
using Portfolio.Api;
using Microsoft.Extensions.Options;
using Portfolio.Api.Auth;
using Portfolio.Api.Http;
using Portfolio.Api.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Portfolio.Application;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Pricing;
using Portfolio.Application.Valuation;
using Portfolio.Storage.Sqlite;

namespace Portfolio.Server;

/// <summary>The single-machine host: the shared API handlers over SQLite, with the price cycle and revaluation in the background.</summary>
public static class ServerApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var config = builder.Configuration;
        var dataDirectory = DataDirectory.Resolve(config);

        var rejections = new KestrelRejections();
        builder.Services.AddSingleton(rejections);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = 1024 * 1024;
            k.ConfigureEndpointDefaults(rejections.Use);
        });
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(PricePolicy.UsMarket);
        builder.Services.AddSingleton(config.GetSection(Portfolio.Application.Notifications.NotificationOptions.Section)
            .Get<Portfolio.Application.Notifications.NotificationOptions>() ?? new Portfolio.Application.Notifications.NotificationOptions());
        builder.Services.AddSingleton(config.GetSection(Portfolio.Application.Orders.OrderOptions.Section)
            .Get<Portfolio.Application.Orders.OrderOptions>() ?? new Portfolio.Application.Orders.OrderOptions());
        builder.Services.AddPortfolioApplication();
        // Before the background workers, so that the meter is listened to from their first cycle.
        builder.Services.AddServerTelemetry(config);
        builder.Services.AddSqliteStorage(config.GetConnectionString("Portfolio") ?? $"Data Source={Path.Combine(dataDirectory, "portfolio.db")}");
        builder.Services.AddPortfolioApi().BindImportOptions();
        // Unlike the Functions host, a local install without a key generates one (see SigningKeys); validation follows.
        builder.Services.AddOptions<TokenOptions>().PostConfigure(options => options.SigningKey = SigningKeys.Ensure(options.SigningKey, dataDirectory));
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddPortfolioPricing(config);
        builder.Services.AddSingleton<RevaluationTrigger>();
        builder.Services.AddSingleton<IRevaluationScheduler>(sp => sp.GetRequiredService<RevaluationTrigger>());
        builder.Services.AddHostedService<RevaluationWorker>();
        builder.Services.AddHostedService<OrderSweepWorker>();
        builder.Services.AddHostedService<NotificationWorker>();
        builder.Services.AddOptions<PriceCycleScheduleOptions>().BindConfiguration(PriceCycleScheduleOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<PriceCycleWorker>();
        builder.Services.AddOptions<PolygonStreamOptions>().BindConfiguration(PolygonStreamOptions.Section);
        builder.Services.AddSingleton<PolygonStreamWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PolygonStreamWorker>());
        builder.Services.AddOpenApi(options => ApiDocument.Configure(options));
        builder.Services.AddHealthChecks().AddCheck<OperationsHealthCheck>("operations");
        builder.Services.AddAuthorization();
        builder.Services.AddRateLimiter();
        builder.Services.AddOptions<RateLimiterOptions>().Configure<ApiRateLimiter>((options, limiter) =>
        {
            options.GlobalLimiter = limiter.Limiter;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) => new ValueTask(RateLimited.For(context.HttpContext, context.Lease).ExecuteAsync(context.HttpContext));
        });
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<TokenOptions>, TimeProvider>((options, tokens, time) =>
            {
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(new RememberedTokens(time));
                options.MapInboundClaims = false; // after the handlers: it sets theirs
                options.TimeProvider = time;
                options.TokenValidationParameters = tokens.Value.ValidationParameters(time);
            });

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDashboard();
        app.UseAuthentication();
        // After authentication: the limits are per caller.
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapHealthChecks("/health", HealthJson.Options);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapPrometheusScrapingEndpoint();
        app.MapOpenApi();
        app.MapPortfolioApi();
        app.MapDashboard();
        return app;
    }

    public static async Task InitializeAsync(WebApplication app)
    {
        await app.Services.GetRequiredService<SqliteSchema>().EnsureCreatedAsync(CancellationToken.None);
    }
}
