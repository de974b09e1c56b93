namespace Portfolio.Application.Ports;

/// <summary>Asks the host to revalue every account soon (after new prices). The server signals its worker; the Functions app starts an orchestration.</summary>
public interface IRevaluationScheduler
{
    Task RequestAsync(CancellationToken ct);
}
