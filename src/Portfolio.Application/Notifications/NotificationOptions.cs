namespace Portfolio.Application.Notifications;

/// <summary>Webhook delivery: retries with exponential backoff and jitter, then the delivery is kept as failed.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Delay before the second attempt; each later one doubles it, up to <see cref="MaxDelay"/>, less up to half at random.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(30);
    public int MaxAttempts { get; set; } = 8;
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Lets a webhook use plain http on a loopback address (tests and local drivers only).</summary>
    public bool AllowLoopbackHttp { get; set; }
}
