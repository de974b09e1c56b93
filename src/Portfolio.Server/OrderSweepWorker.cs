using Portfolio.Application.Orders;

namespace Portfolio.Server;

/// <summary>
/// At start and every Orders:SweepSeconds (30): finishes fills a crash interrupted and expires day orders past their close
/// (<see cref="OrderExecutor.SweepAsync"/>). Quotes fill orders as they are stored, not here. Off with Orders:SweepEnabled=false.
/// </summary>
public sealed class OrderSweepWorker(OrderExecutor executor, TimeProvider clock, IConfiguration config, ILogger<OrderSweepWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Orders:SweepEnabled", true)) return;
        var interval = TimeSpan.FromSeconds(Math.Clamp(config.GetValue("Orders:SweepSeconds", 30), 1, 3600));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var summary = await executor.SweepAsync(stoppingToken);
                if (summary.Filled + summary.Expired + summary.Rejected > 0)
                    logger.LogInformation("Order sweep: {Filled} fills finished, {Expired} expired, {Rejected} rejected", summary.Filled, summary.Expired, summary.Rejected);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Order sweep failed");
            }
            try { await Task.Delay(interval, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
