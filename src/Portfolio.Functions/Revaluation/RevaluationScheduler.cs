using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Portfolio.Functions.Revaluation;

/// <summary>Starts <see cref="RevaluePortfolios"/> under a deterministic instance id, at most once per id.</summary>
public static class RevaluationScheduler
{
    /// <summary>
    /// True when a new run was scheduled; false when an instance with this id already exists, in any state. The lookup
    /// comes first because scheduling over an existing id is not a reliable guard: per
    /// <c>DurableTaskClient.ScheduleNewOrchestrationInstanceAsync</c>, a non-terminal instance "may fail silently" and a
    /// completed, failed or terminated one "may be recreated", i.e. run a second time. Two triggers racing between the
    /// lookup and the start are caught by the already-exists error the backend raises for a running instance.
    /// </summary>
    public static async Task<bool> TryStartAsync(DurableTaskClient client, string instanceId, ILogger logger, CancellationToken ct)
    {
        var existing = await client.GetInstanceAsync(instanceId, false, ct);
        if (existing is not null)
        {
            logger.LogInformation("Revaluation {InstanceId} already exists ({Status}); not starting another", instanceId, existing.RuntimeStatus);
            return false;
        }
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                RevaluePortfolios.Name, null, new StartOrchestrationOptions(InstanceId: instanceId), ct);
        }
        catch (Exception e) when (IsAlreadyExists(e))
        {
            logger.LogInformation("Revaluation {InstanceId} was started concurrently", instanceId);
            return false;
        }
        logger.LogInformation("Revaluation {InstanceId} scheduled", instanceId);
        return true;
    }

    /// <summary>
    /// The Durable extension answers a start over a running instance with gRPC status AlreadyExists, which newer
    /// <c>Microsoft.DurableTask.Client.Grpc</c> versions turn into an <c>OrchestrationAlreadyExistsException</c> and older
    /// ones surface as an <c>RpcException</c>; matched by name so that neither type must be referenced.
    /// </summary>
    internal static bool IsAlreadyExists(Exception e) => e.GetType().Name switch
    {
        "OrchestrationAlreadyExistsException" => true,
        "RpcException" => e.Message.Contains("AlreadyExists", StringComparison.Ordinal),
        _ => e is InvalidOperationException && e.Message.EndsWith("already exists.", StringComparison.Ordinal),
    };
}
