using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Portfolio.Api.Contracts;
using Portfolio.Api.Http;
using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Ledger;
using Portfolio.Application.Holdings;
using Portfolio.Application.Targets;
using Portfolio.Application.Valuation;

namespace Portfolio.Api.Views;

/// <summary>
/// Positions, tax lots, realized gains and rebalance, each cached per account as serialized JSON with its ETag. Every
/// request still reads the account and asks the store for ledger entries newer than the cached version (a write by
/// another process is never missed). When the latest prices' generation has not moved since a read that matched the
/// view (<see cref="ViewKey.IsCurrent"/>) the cached bytes are the answer; otherwise the latest quotes are read and only
/// when the <see cref="ViewKey"/> differs is the view recomputed and serialized. The cache holds at most
/// <see cref="CapacityBytes"/> of JSON.
/// </summary>
public sealed class AccountViews(AccountSnapshotReader reader, HoldingsService holdings, PricePolicy policy) : IDisposable
{
    public const long CapacityBytes = 256L * 1024 * 1024;

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = CapacityBytes });

    public async Task<CachedView> PositionsAsync(Caller caller, string accountId, CancellationToken ct)
    {
        var (account, state) = await AccountAndLedgerAsync(caller, accountId, ct, openOnly: true);
        if (Current(account, "positions", state, "") is { } hit) return hit;
        var snapshot = await reader.ReadAsync(account, state, ct);
        return Get("positions", snapshot, "", () => Precision.Rounded(holdings.Positions(snapshot)));
    }

    public async Task<CachedView> TaxLotsAsync(Caller caller, string accountId, CancellationToken ct)
    {
        var (account, state) = await AccountAndLedgerAsync(caller, accountId, ct, openOnly: true);
        if (Current(account, "tax-lots", state, "") is { } hit) return hit;
        var snapshot = await reader.ReadAsync(account, state, ct);
        return Get("tax-lots", snapshot, "", () => holdings.TaxLots(snapshot));
    }

    public async Task<CachedView> RealizedAsync(Caller caller, string accountId, int? year, CancellationToken ct)
    {
        HoldingsService.CheckYear(year);
        var (account, state) = await AccountAndLedgerAsync(caller, accountId, ct);
        var parameter = year?.ToString(CultureInfo.InvariantCulture) ?? "all";
        if (Current(account, "realized-gains", state, parameter) is { } hit) return hit;
        var snapshot = await reader.ReadAsync(account, state, ct);
        return Get("realized-gains", snapshot, parameter, () => HoldingsService.Realized(snapshot, year));
    }

    public async Task<CachedView> RebalanceAsync(Caller caller, string accountId, CancellationToken ct)
    {
        var (account, state) = await AccountAndLedgerAsync(caller, accountId, ct, openOnly: true);
        var targets = TargetService.RequireTargets(account);
        var parameter = string.Join(';', targets.TargetPercents.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"))
                        + "|" + targets.TolerancePercentPoints.ToString(CultureInfo.InvariantCulture);
        if (Current(account, "rebalance", state, parameter) is { } hit) return hit;
        var snapshot = await reader.ReadAsync(account, state, ct, targets.TargetPercents.Keys);
        return Get("rebalance", snapshot, parameter, () => Precision.Rounded(TargetService.Plan(snapshot, targets)));
    }

    /// <summary>
    /// With <c>openOnly</c> the view needs only what is open (positions, lots, cash): a cold account starts from its newest
    /// checkpoint instead of replaying the whole log (<see cref="AccountSnapshotReader.OpenLedgerAsync"/>). Realized gains
    /// need the whole history.
    /// </summary>
    private async Task<(Account Account, LedgerState State)> AccountAndLedgerAsync(Caller caller, string accountId, CancellationToken ct, bool openOnly = false)
    {
        var account = await reader.AccountAsync(caller, accountId, ct);
        return (account, openOnly ? await reader.OpenLedgerAsync(account, ct) : await reader.LedgerAsync(account, ct));
    }

    /// <summary>The cached view when nothing it depends on can have changed (<see cref="ViewKey.IsCurrent"/>), without reading quotes.</summary>
    private CachedView? Current(Account account, string view, LedgerState state, string parameter) =>
        cache.TryGetValue((account.Id, view), out CachedView? cached) && cached!.Key is { } key
        && key.IsCurrent(state.Version, parameter, reader.PriceGeneration, reader.Now)
            ? cached
            : null;

    private CachedView Get<T>(string view, AccountSnapshot snapshot, string parameter, Func<T> compute)
    {
        var cacheKey = (snapshot.Account.Id, view);
        if (cache.TryGetValue(cacheKey, out CachedView? cached) && cached!.Key is { } key && key.Matches(snapshot, policy, parameter)) return cached;
        var json = AccountStateException.Guard(snapshot.Account.Id, () => JsonSerializer.SerializeToUtf8Bytes(compute(), ApiJson.Options));
        var fresh = new CachedView(new ViewKey(snapshot, policy, parameter), json);
        cache.Set(cacheKey, fresh, new MemoryCacheEntryOptions { Size = fresh.Json.Length });
        return fresh;
    }

    public void Dispose() => cache.Dispose();
}
