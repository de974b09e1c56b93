using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Portfolio.Functions.Revaluation;

/// <summary>Starts <see cref="RevaluePortfolios"/> under a deterministic instance id: once per id, or again after it failed.</summary>
public static class RevaluationScheduler
{
    /// <summary>A run under an id that ended in one of these may be started again: its slot's revaluation must not be lost.</summary>
    public static readonly IReadOnlySet<OrchestrationRuntimeStatus> Restartable =
        new HashSet<OrchestrationRuntimeStatus> { OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated };

    /// <summary>Any other existing run under the id makes a start a no-op, enforced by the backend too (dedupe statuses).</summary>
    private static readonly OrchestrationRuntimeStatus[] Dedupe =
    [
        OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended,
        OrchestrationRuntimeStatus.Completed,
    ];

    /// <summary>
    /// True when a run was scheduled: none existed under the id, or the one that did failed or was terminated (it is
    /// replaced). False when a run exists in any other state. The lookup comes first because scheduling over an existing
    /// id is not a reliable guard on every backend (per <c>DurableTaskClient.ScheduleNewOrchestrationInstanceAsync</c>, a
    /// completed one "may be recreated"); the dedupe statuses make the backend refuse the start of two racing triggers,
    /// which is caught here as "already exists".
    /// </summary>
    public static async Task<bool> TryStartAsync(
        DurableTaskClient client, string instanceId, RevaluationRun run, ILogger logger, CancellationToken ct)
    {
        var existing = await client.GetInstanceAsync(instanceId, false, ct);
        if (existing is not null && !Restartable.Contains(existing.RuntimeStatus))
        {
            logger.LogInformation("Revaluation {InstanceId} already exists ({Status}); not starting another", instanceId, existing.RuntimeStatus);
            return false;
        }
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                RevaluePortfolios.Name, run, new StartOrchestrationOptions(InstanceId: instanceId).WithDedupeStatuses(Dedupe), ct);
        }
        catch (Exception e) when (IsAlreadyExists(e))
        {
            logger.LogInformation("Revaluation {InstanceId} was started concurrently", instanceId);
            return false;
        }
        if (existing is null) logger.LogInformation("Revaluation {InstanceId} scheduled", instanceId);
        else logger.LogWarning("Revaluation {InstanceId} had ended {Status}; started again", instanceId, existing.RuntimeStatus);
        return true;
    }

    /// <summary>
    /// A start over a running instance is refused with gRPC status AlreadyExists, which newer
    /// <c>Microsoft.DurableTask.Client.Grpc</c> versions turn into an <c>OrchestrationAlreadyExistsException</c> and older
    /// ones surface as an <c>RpcException</c>; matched by name so that neither type must be referenced.
    /// </summary>
    internal static bool IsAlreadyExists(Exception e) => e.GetType().Name switch
    {
        "OrchestrationAlreadyExistsException" => true,
        "RpcException" => e.Message.Contains("AlreadyExists", StringComparison.Ordinal),
        _ => e is InvalidOperationException && e.Message.Contains("already exists", StringComparison.Ordinal),
    };
}
