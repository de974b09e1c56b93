using Portfolio.Application.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Pricing.Providers;

namespace Portfolio.Pricing;

public static class PricingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the configured price sources (in <c>Pricing:Providers</c> order), each on its own named HttpClient with a Polly pipeline
    /// (outer → inner: total timeout, retry with exponential backoff + jitter honouring Retry-After, circuit breaker, concurrency limit,
    /// rolling-window rate limit, attempt timeout), plus <see cref="QuoteValidator"/>, <see cref="PriceIngestion"/> and
    /// <see cref="PriceCycle"/> as singletons, and the validated <see cref="PriceRetentionOptions"/> (<c>PriceRetention</c>). Keyed providers (Polygon, Finnhub, Alpha Vantage) are left out when neither
    /// <c>Pricing:{Name}:ApiKey</c> nor the environment variable (POLYGON_API_KEY, FINNHUB_API_KEY, ALPHAVANTAGE_API_KEY) supplies a key.
    /// <see cref="IPriceStore"/> must be registered by the storage adapter; a <see cref="TimeProvider"/> is added when absent.
    /// </summary>
    public static IServiceCollection AddPortfolioPricing(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(PricingOptions))) return services; // registered already (idempotent)
        var options = ReadOptions(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(UsMarketCalendar.Instance);
        services.AddSingleton(options);
        services.TryAddSingleton(new QuoteValidator(options.Validation));
        services.TryAddSingleton<PriceIngestion>();
        services.AddPriceRetention(configuration);

        var active = ActiveProviders(options);
        foreach (var name in active)
        {
            var provider = options.For(name);
            var limiter = new RollingWindowRateLimiter(provider.RequestsPerWindow, provider.RateWindow + provider.RateWindowMargin);
            services.AddKeyedSingleton(name, limiter);
            services.AddHttpClient(HttpPriceSource.ClientName(name), c =>
                {
                    c.BaseAddress = provider.BaseAddress;
                    c.Timeout = provider.TotalTimeout + TimeSpan.FromSeconds(5); // Polly's total timeout fires first
                    c.DefaultRequestHeaders.UserAgent.ParseAdd("PortfolioFunctions-Pricing/1.0");
                })
                .AddResilienceHandler("pricing-" + name, builder =>
                {
                    builder.AddTimeout(provider.TotalTimeout);
                    if (provider.MaxRetries > 0)
                        builder.AddRetry(new HttpRetryStrategyOptions
                        {
                            MaxRetryAttempts = provider.MaxRetries,
                            BackoffType = DelayBackoffType.Exponential,
                            UseJitter = true,
                            Delay = provider.RetryBaseDelay,
                            MaxDelay = TimeSpan.FromSeconds(30),
                            ShouldRetryAfterHeader = true,
                        });
                    builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        FailureRatio = provider.BreakerFailureRatio,
                        MinimumThroughput = provider.BreakerMinimumThroughput,
                        SamplingDuration = provider.BreakerSamplingDuration,
                        BreakDuration = provider.BreakerBreakDuration,
                    });
                    builder.AddConcurrencyLimiter(Math.Max(1, provider.MaxConcurrency), queueLimit: 100_000);
                    builder.AddRateLimiter(limiter);
                    builder.AddTimeout(provider.AttemptTimeout);
                });
            services.AddSingleton<IPriceSource>(sp => Create(name, sp, provider));
        }

        services.TryAddSingleton(sp => new PriceCycle(
            sp.GetServices<IPriceSource>(),
            sp.GetRequiredService<PriceIngestion>(),
            sp.GetRequiredService<IPriceStore>(),
            sp.GetRequiredService<UsMarketCalendar>(),
            sp.GetRequiredService<TimeProvider>(),
            options.Cycle));
        return services;
    }

    /// <summary>Binds <c>Pricing</c> and fills missing API keys from configuration keys / environment variables such as POLYGON_API_KEY.</summary>
    public static PricingOptions ReadOptions(IConfiguration configuration)
    {
        var options = new PricingOptions();
        configuration.GetSection(PricingOptions.SectionName).Bind(options);
        foreach (var name in ProviderNames.All)
        {
            var p = options.For(name);
            p.ApiKey = Secrets.Usable(p.ApiKey); // an unresolved Key Vault reference is no key
            if (p.ApiKey is not null || ProviderNames.ApiKeyVariable(name) is not { } variable) continue;
            p.ApiKey = Secrets.Usable(configuration[variable]) ?? Secrets.Usable(Environment.GetEnvironmentVariable(variable));
        }
        return options;
    }

    /// <summary>Configured providers in order, known names only, without duplicates, keyed ones only when a key is present.</summary>
    public static IReadOnlyList<string> ActiveProviders(PricingOptions options)
    {
        var order = options.Providers is { Count: > 0 } ? options.Providers : PricingOptions.DefaultProviders;
        return order.Select(ProviderNames.Canonical).OfType<string>().Distinct()
            .Where(n => !ProviderNames.NeedsKey(n) || !string.IsNullOrWhiteSpace(options.For(n).ApiKey))
            .ToList();
    }

    private static IPriceSource Create(string name, IServiceProvider sp, ProviderOptions provider)
    {
        var clients = sp.GetRequiredService<IHttpClientFactory>();
        var time = sp.GetRequiredService<TimeProvider>();
        var calendar = sp.GetRequiredService<UsMarketCalendar>();
        return name switch
        {
            ProviderNames.Polygon => new PolygonPriceSource(clients, provider, time, calendar),
            ProviderNames.Finnhub => new FinnhubPriceSource(clients, provider, time, calendar),
            ProviderNames.AlphaVantage => new AlphaVantagePriceSource(clients, provider, time, calendar),
            ProviderNames.Stooq => new StooqPriceSource(clients, provider, time, calendar),
            ProviderNames.Amfi => new AmfiNavSource(clients, provider, time, calendar),
            _ => throw new InvalidOperationException("unknown provider " + name),
        };
    }
}
