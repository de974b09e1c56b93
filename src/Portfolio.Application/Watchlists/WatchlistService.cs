using Portfolio.Application.Common;
using Portfolio.Application.Ports;

namespace Portfolio.Application.Watchlists;

/// <summary>
/// The caller's watchlist. A PUT replaces the whole list; with <c>If-Match</c> only if it still is the version the caller
/// read (else 412), without it whatever is stored. Writing the same symbols again changes nothing (not even the time).
/// </summary>
public sealed class WatchlistService(IWatchlistStore store, TimeProvider clock)
{
    public const int MaxSymbols = 200;

    /// <summary>The caller's watchlist; an empty one without a version when none was ever written.</summary>
    public async Task<Watchlist> GetAsync(Caller caller, CancellationToken ct) =>
        await store.GetAsync(caller.UserId, ct) ?? new Watchlist(caller.UserId, [], DateTimeOffset.MinValue);

    /// <param name="symbols">Already validated and upper-cased symbols; repeats are dropped, the first place kept.</param>
    /// <param name="ifMatch">The version the caller read (its ETag without quotes), or null to replace unconditionally.</param>
    public async Task<Watchlist> PutAsync(Caller caller, IReadOnlyList<string> symbols, string? ifMatch, CancellationToken ct)
    {
        var distinct = symbols.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count > MaxSymbols) throw new InvalidRequestException("symbols", $"must hold at most {MaxSymbols} symbols");
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var current = await store.GetAsync(caller.UserId, ct);
            if (ifMatch is not null && (current is null || VersionOf(current) != ifMatch))
                throw new PreconditionFailedException("If-Match", "the watchlist was changed since that version was read; read it again");
            if (current is not null && current.Symbols.SequenceEqual(distinct, StringComparer.Ordinal)) return current;
            var next = new Watchlist(caller.UserId, distinct, clock.GetUtcNow(), current?.ConcurrencyToken);
            if (await store.TryPutAsync(next, ct)) return await store.GetAsync(caller.UserId, ct) ?? next;
            if (ifMatch is not null)
                throw new PreconditionFailedException("If-Match", "the watchlist was changed since that version was read; read it again");
        }
        throw new ConflictException("symbols", "the watchlist is being changed by many clients at once; retry");
    }

    /// <summary>The version as the API shows it: the store's token without the quotes some stores wrap it in.</summary>
    public static string? VersionOf(Watchlist watchlist) => watchlist.ConcurrencyToken?.Trim('"');
}
