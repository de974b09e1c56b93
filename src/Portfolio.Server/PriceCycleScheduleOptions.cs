using System.ComponentModel.DataAnnotations;

namespace Portfolio.Server;

/// <summary>When the single-machine server runs its price cycle (section <c>Pricing</c>); checked at start.</summary>
public sealed class PriceCycleScheduleOptions
{
    public const string Section = "Pricing";

    /// <summary>False for tests, or a feed that pushes prices instead (<c>POST /api/prices</c>).</summary>
    public bool CycleEnabled { get; set; } = true;

    [Range(1, 1440, ErrorMessage = "Pricing:IntervalMinutes must be between 1 and 1440 minutes")]
    public int IntervalMinutes { get; set; } = 10;

    /// <summary>Symbols priced even when no account holds them.</summary>
    public string[] WatchedSymbols { get; set; } = [];
}
