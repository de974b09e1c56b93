namespace Portfolio.Application.Orders;

/// <summary>Paper-trading settings (section <c>Orders</c>).</summary>
public sealed class OrderOptions
{
    public const string Section = "Orders";

    /// <summary>
    /// Fill on fresh quotes whatever the time (off by default: only in US market hours). For drivers and demos that run
    /// at night; never a broker's behaviour.
    /// </summary>
    public bool TradeOutsideMarketHours { get; set; }
}
