using Portfolio.Application.Prices;

namespace Portfolio.Pricing;

/// <summary>Bound from configuration section <c>Pricing</c>.</summary>
public sealed class PricingOptions
{
    public const string SectionName = "Pricing";

    /// <summary>Provider names in priority order (<c>Pricing:Providers:0</c>, ...). Unknown names are ignored; keyed providers without a key are skipped.</summary>
    public List<string>? Providers { get; set; }

    public static readonly IReadOnlyList<string> DefaultProviders = [ProviderNames.Polygon, ProviderNames.Finnhub, ProviderNames.AlphaVantage, ProviderNames.Stooq, ProviderNames.Amfi];

    public ProviderOptions Polygon { get; set; } = ProviderOptions.Defaults(ProviderNames.Polygon);
    public ProviderOptions Finnhub { get; set; } = ProviderOptions.Defaults(ProviderNames.Finnhub);
    public ProviderOptions AlphaVantage { get; set; } = ProviderOptions.Defaults(ProviderNames.AlphaVantage);
    public ProviderOptions Stooq { get; set; } = ProviderOptions.Defaults(ProviderNames.Stooq);
    public ProviderOptions Amfi { get; set; } = ProviderOptions.Defaults(ProviderNames.Amfi);

    public PriceCycleOptions Cycle { get; set; } = new();
    public QuoteValidationOptions Validation { get; set; } = new();

    public ProviderOptions For(string name) => name switch
    {
        ProviderNames.Polygon => Polygon,
        ProviderNames.Finnhub => Finnhub,
        ProviderNames.AlphaVantage => AlphaVantage,
        ProviderNames.Stooq => Stooq,
        ProviderNames.Amfi => Amfi,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown price provider"),
    };
}

public static class ProviderNames
{
    public const string Polygon = "Polygon";
    public const string Finnhub = "Finnhub";
    public const string AlphaVantage = "AlphaVantage";
    public const string Stooq = "Stooq";
    public const string Amfi = "Amfi";

    public static readonly IReadOnlyList<string> All = [Polygon, Finnhub, AlphaVantage, Stooq, Amfi];

    /// <summary>Environment variable consulted when <c>Pricing:{name}:ApiKey</c> is not configured.</summary>
    public static string? ApiKeyVariable(string name) => name switch
    {
        Polygon => "POLYGON_API_KEY",
        Finnhub => "FINNHUB_API_KEY",
        AlphaVantage => "ALPHAVANTAGE_API_KEY",
        _ => null,
    };

    public static bool NeedsKey(string name) => ApiKeyVariable(name) is not null;

    public static string? Canonical(string? name) => All.FirstOrDefault(n => string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>Per-provider HTTP, batching, rate-limit and resilience settings.</summary>
public sealed class ProviderOptions
{
    /// <summary>Never put this in the repository: use user secrets, Key Vault references, or the environment (e.g. POLYGON_API_KEY).</summary>
    public string? ApiKey { get; set; }
    public Uri? BaseAddress { get; set; }
    public int MaxBatchSize { get; set; } = 1;
    /// <summary>Requests allowed per <see cref="RateWindow"/> (enforced client-side as a rolling window, see <see cref="RollingWindowRateLimiter"/>).</summary>
    public int RequestsPerWindow { get; set; } = 5;
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Extra safety added to <see cref="RateWindow"/> (the limiter already counts from when each response arrived).</summary>
    public TimeSpan RateWindowMargin { get; set; } = TimeSpan.Zero;
    public int MaxConcurrency { get; set; } = 4;
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);
    public int MaxRetries { get; set; } = 3;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);
    public double BreakerFailureRatio { get; set; } = 0.5;
    public int BreakerMinimumThroughput { get; set; } = 6;
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>Polygon only: above this many symbols, end-of-day prices come from one grouped-daily call instead of one /prev call each.</summary>
    public int GroupedDailyThreshold { get; set; } = 25;
    /// <summary>Stooq only: suffix for plain tickers (AAPL → aapl.us).</summary>
    public string DefaultSuffix { get; set; } = ".us";

    public static ProviderOptions Defaults(string name) => name switch
    {
        // Free tiers: Polygon 5/min, Finnhub 60/min (30/s burst), Alpha Vantage 5/min (25/day), Stooq undocumented, AMFI one file.
        ProviderNames.Polygon => new() { BaseAddress = new("https://api.polygon.io/"), MaxBatchSize = 100, RequestsPerWindow = 5 },
        ProviderNames.Finnhub => new() { BaseAddress = new("https://finnhub.io/"), RequestsPerWindow = 55 },
        ProviderNames.AlphaVantage => new() { BaseAddress = new("https://www.alphavantage.co/"), RequestsPerWindow = 5, MaxConcurrency = 1 },
        ProviderNames.Stooq => new() { BaseAddress = new("https://stooq.com/"), MaxBatchSize = 20, RequestsPerWindow = 30, MaxConcurrency = 2 },
        ProviderNames.Amfi => new() { MaxBatchSize = 100_000, BaseAddress = new("https://www.amfiindia.com/"), RequestsPerWindow = 6, MaxConcurrency = 1, AttemptTimeout = TimeSpan.FromSeconds(30), TotalTimeout = TimeSpan.FromSeconds(120) },
        _ => new(),
    };
}
