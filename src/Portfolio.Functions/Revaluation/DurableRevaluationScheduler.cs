using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portfolio.Application.Ports;
using Portfolio.Functions.Prices;

namespace Portfolio.Functions.Revaluation;

/// <summary>
/// The Functions host's <see cref="IRevaluationScheduler"/> (used by the shared price-push use case): starts
/// <see cref="RevaluePortfolios"/> for the current 10-minute slot, once, after the slot. The Durable client exists only
/// as a function binding, so the calling function lends it for the duration of its call with <see cref="Use"/>.
/// </summary>
public sealed class DurableRevaluationScheduler(
    TimeProvider time, IOptions<RevaluationOptions> options, ILogger<DurableRevaluationScheduler> logger) : IRevaluationScheduler
{
    private static readonly AsyncLocal<DurableTaskClient?> Client = new();

    /// <summary>Makes <paramref name="client"/> the one used by <see cref="RequestAsync"/> in this async flow until disposed.</summary>
    public static IDisposable Use(DurableTaskClient client)
    {
        var previous = Client.Value;
        Client.Value = client;
        return new Restore(previous);
    }

    public async Task RequestAsync(CancellationToken ct)
    {
        var client = Client.Value
            ?? throw new InvalidOperationException("No Durable client in this call: wrap it in DurableRevaluationScheduler.Use(client).");
        var now = time.GetUtcNow();
        await RevaluationScheduler.TryStartAsync(client, PriceUpdateProcessor.RevaluationInstanceId(now),
            options.Value.Run(PriceUpdateProcessor.RevaluationNotBefore(now, options.Value.SettleSeconds)), logger, ct);
    }

    private sealed class Restore(DurableTaskClient? previous) : IDisposable
    {
        public void Dispose() => Client.Value = previous;
    }
}
