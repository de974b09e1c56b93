using Portfolio.Application.Common;
using Portfolio.Application.Holdings;
using Portfolio.Application.Ports;

namespace Portfolio.Application.Alerts;

public sealed class AlertService(AccountSnapshotReader reader, IAlertStore alerts)
{
    public async Task<IReadOnlyList<DriftAlert>> ListAsync(Caller caller, string accountId, bool includeResolved, CancellationToken ct)
    {
        await reader.AccountAsync(caller, accountId, ct);
        return await alerts.ListAsync(accountId, includeResolved, ct);
    }
}
