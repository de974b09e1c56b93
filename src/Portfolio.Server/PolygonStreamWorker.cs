using Microsoft.Extensions.Options;
using Portfolio.Application.Accounts;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Application.Valuation;
using Portfolio.Application.Watchlists;
using Portfolio.Pricing.Providers;

namespace Portfolio.Server;

/// <summary>Settings of the Polygon WebSocket stream (<c>Pricing:Stream</c>). It runs only when a Polygon key is configured.</summary>
public sealed class PolygonStreamOptions
{
    public const string Section = "Pricing:Stream";

    public bool Enabled { get; set; } = true;
    public Uri Endpoint { get; set; } = new("wss://socket.polygon.io/stocks");
    /// <summary>The first reconnect waits about this long; each failure in a row doubles it, up to <see cref="MaxDelay"/>, less up to half at random.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>WebSocket ping interval.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>No trade for this long: the connection is presumed dead and opened again.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>How often the symbols are collected again (a changed set resubscribes) and, outside market hours, whether the market opened.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Real-time quotes for orders and alerts: during US market hours, and only with a Polygon key, subscribes to the symbols
/// held in any account, watched (configured and users' watchlists), of live price alerts and of pending orders, and
/// stores each message's trades through <see cref="PriceIngestion"/> (the cycle's validation and storage path, so pending
/// orders and price alerts evaluate). A dropped connection, garbage on the wire, an idle connection or a failed connect
/// is opened again after exponential backoff with jitter, resubscribing to the current symbols; a changed symbol set or the
/// close ends the session on purpose. Every wait is on the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class PolygonStreamWorker(
    IOptions<PolygonStreamOptions> options, IConfiguration configuration, PriceIngestion ingestion, IAccountStore accounts, IOrderStore orders,
    UserSymbols users, PricePolicy policy, IOptions<PriceCycleScheduleOptions> schedule, TimeProvider clock, ILogger<PolygonStreamWorker> logger)
    : BackgroundService
{
    /// <summary>Sessions opened so far (for tests and logs).</summary>
    public int Sessions => _sessions;

    private int _sessions;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var key = Pricing.PricingServiceCollectionExtensions.ReadOptions(configuration).Polygon.ApiKey;
        if (!settings.Enabled || string.IsNullOrWhiteSpace(key)) return;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyCollection<string> symbols;
            try
            {
                symbols = policy.IsMarketOpen(clock.GetUtcNow()) ? await SymbolsAsync(stoppingToken) : [];
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Polygon stream: could not collect the symbols");
                symbols = [];
            }
            if (symbols.Count == 0)
            {
                await Task.Delay(settings.RefreshInterval, clock, stoppingToken);
                continue;
            }
            var outcome = await RunSessionAsync(new PolygonStreamClient(settings.Endpoint, key, settings.Heartbeat), symbols, settings, stoppingToken);
            if (outcome == SessionOutcome.Ended) { failures = 0; continue; }
            if (outcome == SessionOutcome.FailedAfterQuotes) failures = 0;
            failures++;
            var delay = Backoff(settings, failures);
            logger.LogWarning("Polygon stream: connection lost ({Failures} in a row); reconnecting in {Delay}", failures, delay);
            await Task.Delay(delay, clock, stoppingToken);
        }
    }

    private enum SessionOutcome { Ended, Failed, FailedAfterQuotes }

    private async Task<SessionOutcome> RunSessionAsync(PolygonStreamClient client, IReadOnlyCollection<string> symbols, PolygonStreamOptions settings, CancellationToken stoppingToken)
    {
        Interlocked.Increment(ref _sessions);
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var idle = new CancellationTokenSource(settings.IdleTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(session.Token, idle.Token);
        var received = 0;
        var watcher = WatchAsync(symbols, settings, session, stoppingToken);
        try
        {
            await client.RunAsync(symbols, async (quote, ct) =>
            {
                idle.CancelAfter(settings.IdleTimeout);
                received++;
                await ingestion.IngestAsync([quote], ct);
            }, linked.Token);
            // The server closed the stream: not asked for, so a failure like a drop.
            return received > 0 ? SessionOutcome.FailedAfterQuotes : SessionOutcome.Failed;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested && !idle.IsCancellationRequested)
        {
            return SessionOutcome.Ended; // the symbols changed or the market closed
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Polygon stream session ended after {Received} trades", received);
            return received > 0 ? SessionOutcome.FailedAfterQuotes : SessionOutcome.Failed;
        }
        finally
        {
            await session.CancelAsync();
            await watcher.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Ends the session when the market closes or the symbols to stream change.</summary>
    private async Task WatchAsync(IReadOnlyCollection<string> symbols, PolygonStreamOptions settings, CancellationTokenSource session, CancellationToken stoppingToken)
    {
        while (!session.IsCancellationRequested)
        {
            await Task.Delay(settings.RefreshInterval, clock, session.Token);
            var now = await SymbolsAsync(stoppingToken);
            if (!policy.IsMarketOpen(clock.GetUtcNow()) || !now.SequenceEqual(symbols, StringComparer.Ordinal))
            {
                await session.CancelAsync();
                return;
            }
        }
    }

    private async Task<IReadOnlyCollection<string>> SymbolsAsync(CancellationToken ct)
    {
        var extra = (await users.ListAsync(ct)).Concat((await orders.ListPendingAsync(null, ct)).Select(o => o.Symbol));
        return (await HeldSymbols.CollectAsync(accounts, schedule.Value.WatchedSymbols.Concat(extra), ct)).ToList();
    }

    /// <summary>BaseDelay × 2^(failures−1), at most MaxDelay, less up to half at random.</summary>
    public static TimeSpan Backoff(PolygonStreamOptions settings, int failures)
    {
        var exponential = settings.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30));
        return TimeSpan.FromMilliseconds(Math.Min(exponential, settings.MaxDelay.TotalMilliseconds) * (0.5 + Random.Shared.NextDouble() * 0.5));
    }
}
