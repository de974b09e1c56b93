using Microsoft.Extensions.Options;

namespace Portfolio.Api.RateLimiting;

/// <summary>
/// Per-caller request limits (section <c>RateLimits</c>), one token bucket per caller and kind of request: reads
/// (GET, HEAD), writes (every other method) and admin price pushes (<c>POST /api/prices</c>). A caller is the token's
/// subject; an anonymous request is limited by its remote address. The defaults are generous: they stop a runaway
/// client, not a person.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public bool Enabled { get; set; } = true;

    public TokenBucket Reads { get; set; } = new() { TokenLimit = 1000, TokensPerPeriod = 500 };

    public TokenBucket Writes { get; set; } = new() { TokenLimit = 200, TokensPerPeriod = 100 };

    public TokenBucket PricePushes { get; set; } = new() { TokenLimit = 120, TokensPerPeriod = 60 };

    public TokenBucket For(RequestKind kind) => kind switch
    {
        RequestKind.Read => Reads,
        RequestKind.Write => Writes,
        _ => PricePushes,
    };
}

/// <summary>A burst of <see cref="TokenLimit"/> requests, refilled continuously at <see cref="TokensPerPeriod"/> per <see cref="PeriodSeconds"/>.</summary>
public sealed class TokenBucket
{
    public const int MaxTokens = 10_000_000;

    public int TokenLimit { get; set; }

    public int TokensPerPeriod { get; set; }

    public double PeriodSeconds { get; set; } = 1;
}

/// <summary>Refuses the start when a bucket cannot work, naming the setting.</summary>
public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new List<string>();
        foreach (var (key, bucket) in new[] { ("Reads", options.Reads), ("Writes", options.Writes), ("PricePushes", options.PricePushes) })
        {
            var at = $"{RateLimitOptions.Section}:{key}";
            if (bucket is null) { failures.Add($"{at} is missing"); continue; }
            if (bucket.TokenLimit is < 1 or > TokenBucket.MaxTokens)
                failures.Add($"{at}:TokenLimit must be between 1 and {TokenBucket.MaxTokens}");
            if (bucket.TokensPerPeriod is < 1 or > TokenBucket.MaxTokens)
                failures.Add($"{at}:TokensPerPeriod must be between 1 and {TokenBucket.MaxTokens}");
            if (!(bucket.PeriodSeconds is >= 0.001 and <= 86_400))
                failures.Add($"{at}:PeriodSeconds must be between 0.001 and 86400");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
