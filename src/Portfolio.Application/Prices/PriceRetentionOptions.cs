namespace Portfolio.Application.Prices;

/// <summary>
/// How long intraday quotes are kept (configuration section <c>PriceRetention</c>). Daily closes and the latest quote are
/// kept for ever; older history is served from closes.
/// </summary>
public sealed class PriceRetentionOptions
{
    public const string Section = "PriceRetention";
    public const int MaxIntradayDays = 3660;

    /// <summary>Days of intraday quotes kept, counted back from now (default 7).</summary>
    public int IntradayDays { get; set; } = 7;

    /// <summary>Minutes between two prunes by the server's price worker (default 60).</summary>
    public int PruneEveryMinutes { get; set; } = 60;

    public TimeSpan IntradayWindow => TimeSpan.FromDays(IntradayDays);

    public TimeSpan PruneEvery => TimeSpan.FromMinutes(PruneEveryMinutes);

    /// <summary>What is wrong with these settings, each naming its setting; empty when they are valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (IntradayDays is < 1 or > MaxIntradayDays)
            problems.Add($"{Section}:{nameof(IntradayDays)} must be between 1 and {MaxIntradayDays} (was {IntradayDays})");
        if (PruneEveryMinutes is < 1 or > 24 * 60)
            problems.Add($"{Section}:{nameof(PruneEveryMinutes)} must be between 1 and 1440 (was {PruneEveryMinutes})");
        return problems;
    }
}
