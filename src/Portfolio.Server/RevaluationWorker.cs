using System.Threading.Channels;
using Portfolio.Application.Operations;
using Portfolio.Application.Revaluation;

namespace Portfolio.Server;

/// <summary>Asks for a revaluation of every account; requests made while one is pending merge into it.</summary>
public sealed class RevaluationTrigger : Portfolio.Application.Ports.IRevaluationScheduler
{
    public Task RequestAsync(CancellationToken ct)
    {
        Request();
        return Task.CompletedTask;
    }

    private readonly Channel<bool> requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Request() => requests.Writer.TryWrite(true);

    internal ValueTask<bool> WaitAsync(CancellationToken ct) => requests.Reader.WaitToReadAsync(ct);

    internal void Take() => requests.Reader.TryRead(out _);
}

/// <summary>Revalues every account (snapshots, drift, alerts) every Revaluation:IntervalMinutes and after each price update.</summary>
public sealed class RevaluationWorker(
    RevaluationService revaluation, RevaluationTrigger trigger, OperationsStatus status, TimeProvider clock, IConfiguration config, ILogger<RevaluationWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Revaluation:Enabled", true)) return;
        var interval = TimeSpan.FromMinutes(config.GetValue("Revaluation:IntervalMinutes", 10));
        var parallelism = config.GetValue("Revaluation:Parallelism", Environment.ProcessorCount * 4);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                RevaluationSummary summary;
                using (PortfolioTelemetry.Application.StartActivity("RevalueAll"))
                    summary = await revaluation.RevalueAllAsync(parallelism, stoppingToken);
                status.RevaluationRan(clock.GetUtcNow(), summary);
                PortfolioTelemetry.RecordRevaluation(summary);
                logger.LogInformation("Revalued {Accounts} accounts in {Elapsed}: {Opened} alerts opened, {Resolved} resolved, {Failures} failures",
                    summary.AccountsRevalued, summary.Elapsed, summary.AlertsOpened, summary.AlertsResolved, summary.Failures);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                status.RevaluationThrew(clock.GetUtcNow(), e);
                PortfolioTelemetry.RecordRevaluationRunFailed();
                logger.LogError(e, "Revaluation cycle failed");
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            wait.CancelAfter(interval);
            try { await trigger.WaitAsync(wait.Token); } catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested) { }
            trigger.Take();
        }
    }
}
