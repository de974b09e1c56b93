using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Portfolio.Api.Contracts;
using Portfolio.Api.Http;
using Portfolio.Application.Common;
using Portfolio.Application.Performance;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Returns;

namespace Portfolio.Api.Views;

/// <summary>
/// Performance reports cached per account and period as serialized JSON with an ETag. Every request still reads the
/// account, its new ledger entries and the store's close changes among the symbols of its log; the cached bytes are
/// served only when the settings, the ledger version and the New York date are those it was computed for and no daily
/// close of those symbols changed since the close version read before computing it. A store that does not track close
/// changes gets no cache.
/// </summary>
public sealed class PerformanceViews(PerformanceService performance) : IDisposable
{
    public const long CapacityBytes = 128L * 1024 * 1024;

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = CapacityBytes });

    public async Task<CachedView> GetAsync(Caller caller, string accountId, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var inputs = await performance.InputsAsync(caller, accountId, from, to, ct);
        var cacheKey = (inputs.Account.Id, inputs.Start, inputs.End);
        long closeVersion;
        try
        {
            if (cache.TryGetValue(cacheKey, out Entry? cached) && cached!.Matches(inputs))
            {
                var changes = await performance.CloseChangesAsync(inputs, cached.CloseVersion, ct);
                if (changes.EarliestChangedDate is null) return cached.View;
                closeVersion = changes.Version;
            }
            else closeVersion = (await performance.CloseChangesAsync(inputs, long.MaxValue, ct)).Version;
        }
        catch (NotSupportedException)
        {
            return Serialize(await performance.ComputeAsync(inputs, ct));
        }
        // The version was read before any close the report reads: a close changed meanwhile shows as a change next time.
        var view = Serialize(await performance.ComputeAsync(inputs, ct));
        cache.Set(cacheKey, new Entry(inputs.Account.Settings, inputs.State.Version, inputs.Today, closeVersion, view),
            new MemoryCacheEntryOptions { Size = view.Json.Length });
        return view;
    }

    private static CachedView Serialize(PerformanceReport report) =>
        new(null, JsonSerializer.SerializeToUtf8Bytes(Precision.Rounded(report), ApiJson.Options));

    private sealed record Entry(AccountSettings Settings, long LedgerVersion, DateOnly Today, long CloseVersion, CachedView View)
    {
        public bool Matches(PerformanceInputs inputs) =>
            inputs.State.Version == LedgerVersion && inputs.Today == Today && inputs.Account.Settings == Settings;
    }

    public void Dispose() => cache.Dispose();
}
