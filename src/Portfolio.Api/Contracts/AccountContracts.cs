using Portfolio.Application.Accounts;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Rebalancing;

namespace Portfolio.Api.Contracts;

public sealed record CreateAccountBody(string? Name = null, string? Type = null, string? Currency = null, string? LotMethod = null, bool? TracksCash = null, bool? AllowsFractionalShares = null, decimal? MarginAllowance = null)
{
    public AccountSettings ToSettings() => new(
        Names.Parse(Names.AccountTypes, Type, "type"),
        (Currency ?? throw new Http.RequestException("currency", "is required")).Trim().ToUpperInvariant(),
        LotMethod is null ? Domain.Accounts.LotMethod.Fifo : Names.Parse(Names.LotMethods, LotMethod, "lotMethod"),
        TracksCash ?? true,
        AllowsFractionalShares ?? false,
        MarginAllowance ?? 0);
}

public sealed record TargetsBody(Dictionary<string, decimal>? Targets = null, decimal? Tolerance = null)
{
    public TargetAllocation ToAllocation()
    {
        var targets = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (key, percent) in Targets ?? throw new Http.RequestException("targets", "is required"))
            if (!targets.TryAdd(Names.ParseSymbol(key, $"targets.{key}"), percent))
                throw new Http.RequestException($"targets.{key}", "names a symbol that is already targeted");
        return new TargetAllocation(targets, Tolerance ?? TargetAllocation.DefaultTolerance);
    }
}

public sealed record TargetsResponse(IReadOnlyDictionary<string, decimal> Targets, decimal Tolerance);

public sealed record AccountResponse(
    string Id, string Name, string Type, string Currency, string LotMethod, bool TracksCash, bool AllowsFractionalShares,
    decimal MarginAllowance, DateTimeOffset CreatedAt, TargetsResponse? Targets)
{
    public static AccountResponse From(Account a) => new(
        a.Id, a.Name, Names.Of(a.Settings.Type), a.Settings.Currency, Names.Of(a.Settings.LotMethod), a.Settings.TracksCash,
        a.Settings.AllowsFractionalShares, a.Settings.MarginAllowance, a.CreatedAt,
        a.Targets is null ? null : new TargetsResponse(a.Targets.TargetPercents, a.Targets.TolerancePercentPoints));
}
