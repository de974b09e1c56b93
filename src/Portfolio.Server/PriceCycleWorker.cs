using Microsoft.Extensions.Options;
using Portfolio.Application.Accounts;
using Portfolio.Application.Operations;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.Valuation;
using Portfolio.Application.Watchlists;

namespace Portfolio.Server;

/// <summary>
/// Every Pricing:IntervalMinutes (10) asks the providers for the symbols held in any account plus Pricing:WatchedSymbols
/// and the users' watchlists and price alerts,
/// then has every account revalued, then prunes intraday quotes older than PriceRetention:IntradayDays (at most every
/// PriceRetention:PruneEveryMinutes). Disabled with Pricing:CycleEnabled=false (tests, or a feed that pushes prices instead).
/// </summary>
public sealed class PriceCycleWorker(
    PriceCycle cycle, IAccountStore accounts, LatestPrices latest, IRevaluationScheduler revaluation, PriceHistoryPruner pruner,
    IPriceStore prices, OperationsStatus status, PricePolicy policy,
    IOptions<PriceCycleScheduleOptions> options, TimeProvider clock, ILogger<PriceCycleWorker> logger, UserSymbols users) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = options.Value;
        if (!schedule.CycleEnabled) return;
        var interval = TimeSpan.FromMinutes(schedule.IntervalMinutes);
        var watched = schedule.WatchedSymbols;
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                var symbols = await HeldSymbols.CollectAsync(accounts, watched.Concat(await users.ListAsync(stoppingToken)), stoppingToken);
                if (symbols.Count > 0)
                {
                    var report = await cycle.RunAsync(symbols, stoppingToken);
                    latest.Evict(symbols);
                    await RecordAsync(report, symbols, stoppingToken);
                    logger.LogInformation("Price cycle: {Requested} symbols, {Stored} stored, {Missing} missing, {Rejected} rejected, {Suspect} held as suspect",
                        symbols.Count, report.Stored, report.MissingCount, report.RejectedCount, report.SuspectHeldCount);
                    await revaluation.RequestAsync(stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                status.PriceCycleThrew(clock.GetUtcNow(), e);
                PortfolioTelemetry.PriceCycleFailures.Add(1);
                logger.LogError(e, "Price cycle failed; the next one runs in {Interval}", interval);
            }
            try
            {
                await pruner.PruneIfDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Pruning the price history failed; it is tried again after the next cycle");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>The cycle's metrics, and what the health check needs: the latest price of every symbol asked for.</summary>
    private async Task RecordAsync(PriceCycleReport report, IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var stored = await prices.GetLatestAsync(symbols, ct);
        status.PriceCycleRan(now, report, symbols, stored);
        if (status.LastPriceCycle?.Failure is not null) PortfolioTelemetry.PriceCycleFailures.Add(1);
        PortfolioTelemetry.RecordPriceCycle(report, OperationsStatus.StaleAmong(status.LastPriceCycle!.Latest, now, policy).Count);
    }
}
