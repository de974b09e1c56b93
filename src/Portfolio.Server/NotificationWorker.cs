using Portfolio.Application.Notifications;

namespace Portfolio.Server;

/// <summary>
/// The background dispatcher: every Notifications:RelayMilliseconds (1,000) moves order outboxes into the inboxes and
/// delivers due webhooks (<see cref="NotificationRelay"/>). Off with Notifications:RelayEnabled=false.
/// </summary>
public sealed class NotificationWorker(NotificationRelay relay, IConfiguration config, ILogger<NotificationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Notifications:RelayEnabled", true)) return;
        var interval = TimeSpan.FromMilliseconds(Math.Clamp(config.GetValue("Notifications:RelayMilliseconds", 1000), 10, 600_000));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var summary = await relay.RunOnceAsync(stoppingToken);
                if (summary.Failed > 0) logger.LogWarning("Notifications: {Failed} webhook deliveries failed for good", summary.Failed);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Notification relay failed");
            }
            // A poll interval is wall time, not the injected clock: a test that moves the clock by hand still gets its relay.
            try { await Task.Delay(interval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
