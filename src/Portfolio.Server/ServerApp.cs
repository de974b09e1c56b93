using Microsoft.AspNetCore.Authentication.JwtBearer;
using Portfolio.Api;
using Microsoft.Extensions.Options;
using Portfolio.Api.Auth;
using Portfolio.Api.Http;
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

        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024 * 1024);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(PricePolicy.UsMarket);
        builder.Services.AddPortfolioApplication();
        builder.Services.AddSqliteStorage(config.GetConnectionString("Portfolio") ?? $"Data Source={Path.Combine(dataDirectory, "portfolio.db")}");
        builder.Services.AddPortfolioApi().BindImportOptions();
        // Unlike the Functions host, a local install without a key generates one (see SigningKeys); validation follows.
        builder.Services.AddOptions<TokenOptions>().PostConfigure(options => options.SigningKey = SigningKeys.Ensure(options.SigningKey, dataDirectory));
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddPortfolioPricing(config);
        builder.Services.AddSingleton<RevaluationTrigger>();
        builder.Services.AddSingleton<IRevaluationScheduler>(sp => sp.GetRequiredService<RevaluationTrigger>());
        builder.Services.AddHostedService<RevaluationWorker>();
        builder.Services.AddOptions<PriceCycleScheduleOptions>().BindConfiguration(PriceCycleScheduleOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<PriceCycleWorker>();
        builder.Services.AddOpenApi(options => ApiDocument.Configure(options));
        builder.Services.AddHealthChecks();
        builder.Services.AddAuthorization();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<TokenOptions>, TimeProvider>((options, tokens, time) =>
            {
                options.MapInboundClaims = false;
                options.TimeProvider = time;
                options.TokenValidationParameters = tokens.Value.ValidationParameters(time);
            });

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDashboard();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/health");
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
