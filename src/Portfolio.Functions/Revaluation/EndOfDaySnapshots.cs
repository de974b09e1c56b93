using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portfolio.Application.Prices;

namespace Portfolio.Functions.Revaluation;

/// <summary>
/// After the US close (<c>%EndOfDaySchedule%</c>, UTC), revalues every account so that each gets its daily snapshot,
/// under the instance id <c>eod-yyyyMMdd</c> (New York trading date): a repeated or late timer run does not start a
/// second one, but one after a failed or terminated run starts it again.
/// </summary>
public sealed class EndOfDaySnapshots(TimeProvider time, IOptions<RevaluationOptions> options, ILogger<EndOfDaySnapshots> logger)
{
    [Function(nameof(EndOfDaySnapshots))]
    public async Task Run([TimerTrigger("%EndOfDaySchedule%")] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken ct)
    {
        var started = await RevaluationScheduler.TryStartAsync(durable, InstanceId(time.GetUtcNow()), options.Value.Run(), logger, ct);
        if (!started && timer.IsPastDue) logger.LogInformation("Past-due end-of-day timer: today's run already exists");
    }

    public static string InstanceId(DateTimeOffset now) =>
        "eod-" + UsMarketCalendar.Instance.ExchangeDate(now).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
