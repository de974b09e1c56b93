using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Portfolio.Api.Contracts;
using Portfolio.Api.Http;
using Portfolio.Application.Common;
using Portfolio.Application.Ports;
using Portfolio.Application.Performance;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Returns;

namespace Portfolio.Api.Views;

/// <summary>
/// Performance reports cached per account and period as serialized JSON with an ETag. Every request still reads the
/// account, its new ledger entries and the store's close changes among the symbols of its log; the cached bytes are
/// served only when the settings, the ledger version and the New York date are those it was computed for and no daily
/// close of those symbols changed since the close version read before computing it. A store that does not track close
/// changes gets no cache. Before all that, the store's change number (<see cref="IStoreChanges"/>): when nothing was
/// committed since a read by the same owner for the same period confirmed the cached report, on the same New York date,
/// it is the answer without a query (a report is computed from the log and the stored closes alone).
/// </summary>
public sealed class PerformanceViews(PerformanceService performance, IStoreChanges changes, TimeProvider clock) : IDisposable
{
    public const long CapacityBytes = 128L * 1024 * 1024;

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = CapacityBytes });

    public async Task<CachedView> GetAsync(Caller caller, string accountId, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var storeVersion = await changes.VersionAsync(ct);
        var request = new Request(accountId, from, to);
        if (storeVersion is { } version && cache.TryGetValue(request, out Period? known)
            && cache.TryGetValue((accountId, known!.Start, known.End), out Entry? confirmed)
            && confirmed!.Unchanged(new Confirmation(version, caller.UserId, request, MarketClock.Today(clock))))
            return confirmed.View;
        var inputs = await performance.InputsAsync(caller, accountId, from, to, ct);
        var entry = await CurrentAsync(inputs, ct);
        if (entry is null) return Serialize(await performance.ComputeAsync(inputs, ct));
        if (storeVersion is { } seen)
        {
            // Read before the account, the ledger and the closes: a commit after it shows as a change on the next read.
            entry.Confirm(new Confirmation(seen, inputs.Account.OwnerId, request, inputs.Today));
            cache.Set(request, new Period(inputs.Start, inputs.End), new MemoryCacheEntryOptions { Size = Period.Size });
        }
        return entry.View;
    }

    /// <summary>The cached report for these inputs, computed if no close of its symbols changed; null when the store does not track close changes.</summary>
    private async Task<Entry?> CurrentAsync(PerformanceInputs inputs, CancellationToken ct)
    {
        var cacheKey = (inputs.Account.Id, inputs.Start, inputs.End);
        long closeVersion;
        try
        {
            if (cache.TryGetValue(cacheKey, out Entry? cached) && cached!.Matches(inputs))
            {
                var closes = await performance.CloseChangesAsync(inputs, cached.CloseVersion, ct);
                if (closes.EarliestChangedDate is null) return cached;
                closeVersion = closes.Version;
            }
            else closeVersion = (await performance.CloseChangesAsync(inputs, long.MaxValue, ct)).Version;
        }
        catch (NotSupportedException)
        {
            return null;
        }
        // The version was read before any close the report reads: a close changed meanwhile shows as a change next time.
        var view = Serialize(await performance.ComputeAsync(inputs, ct));
        var entry = new Entry(inputs.Account.Settings, inputs.State.Version, inputs.Today, closeVersion, view);
        cache.Set(cacheKey, entry, new MemoryCacheEntryOptions { Size = view.Json.Length });
        return entry;
    }

    private static CachedView Serialize(PerformanceReport report) =>
        new(null, JsonSerializer.SerializeToUtf8Bytes(Precision.Rounded(report), ApiJson.Options));

    private sealed class Entry(AccountSettings settings, long ledgerVersion, DateOnly today, long closeVersion, CachedView view)
    {
        private Confirmation? confirmed; // replaced whole

        public long CloseVersion { get; } = closeVersion;
        public CachedView View { get; } = view;

        public bool Matches(PerformanceInputs inputs) =>
            inputs.State.Version == ledgerVersion && inputs.Today == today && inputs.Account.Settings == settings;

        public void Confirm(Confirmation confirmation) => Volatile.Write(ref confirmed, confirmation);

        /// <summary>Confirmed at the same store change number, for the same owner, request and New York date.</summary>
        public bool Unchanged(Confirmation now) => Volatile.Read(ref confirmed) == now;
    }

    /// <summary>A request as the caller sent it (absent bounds included): the period it resolved to is cached under it.</summary>
    private sealed record Request(string AccountId, DateOnly? From, DateOnly? To);

    private sealed record Period(DateOnly Start, DateOnly End)
    {
        /// <summary>What the cache counts for one (its limit is in bytes of JSON): about an entry's own footprint.</summary>
        public const long Size = 128;
    }

    private sealed record Confirmation(long StoreVersion, string OwnerId, Request Request, DateOnly Today);

    public void Dispose() => cache.Dispose();
}
