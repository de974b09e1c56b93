using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Holdings;
using Portfolio.Application.Ports;
using Portfolio.Domain.Rebalancing;

namespace Portfolio.Application.Targets;

public sealed class TargetService(IAccountStore accounts, AccountSnapshotReader reader)
{
    /// <summary>Replaces the account's targets. Symbols are upper-cased; the whole allocation is validated before anything is stored.</summary>
    public async Task<Account> SetAsync(Caller caller, string accountId, TargetAllocation targets, CancellationToken ct)
    {
        var normalized = targets with
        {
            TargetPercents = targets.TargetPercents.ToDictionary(t => t.Key.Trim().ToUpperInvariant(), t => t.Value, StringComparer.Ordinal),
        };
        normalized.Validate();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var account = await reader.AccountAsync(caller, accountId, ct);
            var updated = account with { Targets = normalized };
            if (await accounts.TryReplaceAsync(updated, ct))
            {
                Operations.PortfolioTelemetry.Write("targets");
                return updated;
            }
        }
        throw new ConflictException("account", "the account changed while its targets were being saved; retry");
    }

    public async Task<RebalancePlan> RebalanceAsync(Caller caller, string accountId, CancellationToken ct)
    {
        var account = await reader.AccountAsync(caller, accountId, ct);
        var targets = RequireTargets(account);
        return Plan(await reader.ReadAsync(account, ct, targets.TargetPercents.Keys), targets);
    }

    public static TargetAllocation RequireTargets(Account account) => account.Targets
        ?? throw new InvalidRequestException("targets", "the account has no targets yet; set them with PUT /api/accounts/{accountId}/targets");

    public static RebalancePlan Plan(AccountSnapshot snapshot, TargetAllocation targets) =>
        Rebalancer.Plan(snapshot.State.Ledger, targets, snapshot.Prices, snapshot.MarketDate);
}
