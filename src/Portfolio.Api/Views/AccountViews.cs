using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Portfolio.Api.Contracts;
using Portfolio.Api.Http;
using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Application.Holdings;
using Portfolio.Application.Targets;
using Portfolio.Application.Valuation;

namespace Portfolio.Api.Views;

/// <summary>
/// Positions, tax lots, realized gains and rebalance, each cached per account as serialized JSON with its ETag. A request
/// first reads the store's change number (<see cref="IStoreChanges"/>): when nothing was committed since a read by the
/// same owner found the view current, and the latest prices' generation and the quotes' freshness still hold
/// (<see cref="ViewKey.IsCurrent"/>), the cached bytes are the answer without a query. Otherwise it reads the account and
/// asks the store for ledger entries newer than the cached version (a write by another process is never missed); when
/// the prices' generation has not moved either, the cached bytes are still the answer; otherwise the latest quotes are
/// read and only when the <see cref="ViewKey"/> differs is the view recomputed and serialized. The cache holds at most
/// <see cref="CapacityBytes"/> of JSON.
/// </summary>
public sealed class AccountViews(AccountSnapshotReader reader, HoldingsService holdings, PricePolicy policy, IStoreChanges changes) : IDisposable
{
    public const long CapacityBytes = 256L * 1024 * 1024;

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = CapacityBytes });

    public Task<CachedView> PositionsAsync(Caller caller, string accountId, CancellationToken ct) =>
        ViewAsync(caller, accountId, "positions", openOnly: true, _ => "",
            (account, state) => reader.ReadAsync(account, state, ct), snapshot => Precision.Rounded(holdings.Positions(snapshot)), ct);

    public Task<CachedView> TaxLotsAsync(Caller caller, string accountId, CancellationToken ct) =>
        ViewAsync(caller, accountId, "tax-lots", openOnly: true, _ => "",
            (account, state) => reader.ReadAsync(account, state, ct), holdings.TaxLots, ct);

    /// <summary>Realized gains need the whole history, not the open state a checkpoint gives.</summary>
    public Task<CachedView> RealizedAsync(Caller caller, string accountId, int? year, CancellationToken ct)
    {
        HoldingsService.CheckYear(year);
        var parameter = year?.ToString(CultureInfo.InvariantCulture) ?? "all";
        return ViewAsync(caller, accountId, "realized-gains", openOnly: false, _ => parameter,
            (account, state) => reader.ReadAsync(account, state, ct), snapshot => HoldingsService.Realized(snapshot, year), ct, parameter);
    }

    /// <summary>Keyed by the account's targets and tolerance: they cannot change while nothing is committed, so the quick check takes them as confirmed.</summary>
    public Task<CachedView> RebalanceAsync(Caller caller, string accountId, CancellationToken ct) =>
        ViewAsync(caller, accountId, "rebalance", openOnly: true, TargetsParameter,
            (account, state) => reader.ReadAsync(account, state, ct, TargetService.RequireTargets(account).TargetPercents.Keys),
            snapshot => Precision.Rounded(TargetService.Plan(snapshot, TargetService.RequireTargets(snapshot.Account))), ct);

    private static string TargetsParameter(Account account)
    {
        var targets = TargetService.RequireTargets(account);
        return string.Join(';', targets.TargetPercents.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"))
               + "|" + targets.TolerancePercentPoints.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// One view's read: the quick check on the store's change number, else the account and its ledger, then the cached
    /// view if it is current, else computed. <c>requestParameter</c> is the parameter when the request alone decides it (a
    /// year); null when it derives from the account (the targets).
    /// </summary>
    private async Task<CachedView> ViewAsync<T>(Caller caller, string accountId, string view, bool openOnly, Func<Account, string> parameterOf,
        Func<Account, LedgerState, Task<AccountSnapshot>> read, Func<AccountSnapshot, T> compute, CancellationToken ct, string? requestParameter = null)
    {
        var storeVersion = await changes.VersionAsync(ct);
        if (storeVersion is { } version && cache.TryGetValue((accountId, view), out Slot? known)
            && known!.Unchanged(version, caller, requestParameter, reader) is { } same)
            return same;
        var (account, state) = await AccountAndLedgerAsync(caller, accountId, ct, openOnly);
        var parameter = parameterOf(account);
        var slot = Current(account, view, state, parameter) ?? Get(view, await read(account, state), parameter, compute);
        if (storeVersion is { } seen) slot.Confirm(new Confirmation(seen, account.OwnerId, parameter, state.Version));
        return slot.View;
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
    private Slot? Current(Account account, string view, LedgerState state, string parameter) =>
        cache.TryGetValue((account.Id, view), out Slot? cached)
        && cached!.View.Key!.IsCurrent(state.Version, parameter, reader.PriceGeneration, reader.Now)
            ? cached
            : null;

    private Slot Get<T>(string view, AccountSnapshot snapshot, string parameter, Func<AccountSnapshot, T> compute)
    {
        var cacheKey = (snapshot.Account.Id, view);
        if (cache.TryGetValue(cacheKey, out Slot? cached) && cached!.View.Key!.Matches(snapshot, policy, parameter)) return cached;
        var json = AccountStateException.Guard(snapshot.Account.Id, () => JsonSerializer.SerializeToUtf8Bytes(compute(snapshot), ApiJson.Options));
        var fresh = new Slot(new CachedView(new ViewKey(snapshot, policy, parameter), json));
        cache.Set(cacheKey, fresh, new MemoryCacheEntryOptions { Size = json.Length });
        return fresh;
    }

    /// <summary>A cached view, and the newest store change number at which a read confirmed it for its owner.</summary>
    private sealed class Slot(CachedView view)
    {
        private Confirmation? confirmed; // replaced whole: readers see one consistent confirmation

        public CachedView View { get; } = view;

        /// <summary>
        /// Recorded with the change number read before the account and the ledger were: a commit after that number shows
        /// as a change on the next read, whether or not this read saw it.
        /// </summary>
        public void Confirm(Confirmation confirmation) => Volatile.Write(ref confirmed, confirmation);

        /// <summary>
        /// The view when nothing was committed since it was confirmed at <paramref name="storeVersion"/> for this caller, and
        /// its prices still hold. A null <paramref name="parameter"/> accepts the confirmed one.
        /// </summary>
        public CachedView? Unchanged(long storeVersion, Caller caller, string? parameter, AccountSnapshotReader reader) =>
            Volatile.Read(ref confirmed) is { } seen && seen.StoreVersion == storeVersion && seen.OwnerId == caller.UserId
            && (parameter is null || parameter == seen.Parameter)
            && View.Key!.IsCurrent(seen.LedgerVersion, seen.Parameter, reader.PriceGeneration, reader.Now)
                ? View
                : null;
    }

    private sealed record Confirmation(long StoreVersion, string OwnerId, string Parameter, long LedgerVersion);

    public void Dispose() => cache.Dispose();
}
