using Portfolio.Application.Ports;

namespace Portfolio.Application.Prices;

/// <summary>Outcome of one ingestion (a push, or the storage step of a price cycle).</summary>
public sealed record PushResult(
    IReadOnlyList<Quote> Stored,
    IReadOnlyList<RejectedQuote> Rejected,
    IReadOnlyList<Quote> SuspectHeld,
    IReadOnlyList<Quote> SuspectConfirmed)
{
    public int StoredCount => Stored.Count;
    public int RejectedCount => Rejected.Count;
    public int SuspectHeldCount => SuspectHeld.Count;
}

/// <summary>
/// The single validation-and-store path for quotes from any source (the price cycle and pushed feeds).
/// Invalid quotes are rejected and never reach <see cref="IPriceStore"/>. A valid quote that moves more than 50% from the last
/// stored price is held (not stored) until confirmed, either by a different source within the same ingestion, or by any source in
/// a later ingestion (the next cycle), reporting a price within 2% of the held one. A non-jumping quote discards the held suspect.
/// Held suspects live in an <see cref="ISuspectQuoteStore"/>, so that a confirming quote ingested by another instance finds
/// them; without one (a single process) they are kept in memory.
/// </summary>
/// <remarks>After the store, and outside the one-at-a-time section, <paramref name="observer"/> (the order executor in the
/// hosts) is told what was stored, so every path that stores a quote (a push, the cycle, the Functions' queue) evaluates
/// the pending orders of those symbols.</remarks>
public sealed class PriceIngestion(
    IPriceStore store, QuoteValidator validator, TimeProvider time, ISuspectQuoteStore? suspects = null, IQuoteObserver? observer = null)
{
    private readonly ISuspectQuoteStore _suspects = suspects ?? new InMemorySuspectQuoteStore();
    private readonly SemaphoreSlim _serial = new(1, 1); // pushes and cycles may arrive together: one ingestion at a time in this process

    /// <summary>Suspects currently held for these symbols.</summary>
    public async Task<IReadOnlyDictionary<string, Quote>> HeldSuspectsAsync(IReadOnlyCollection<string> symbols, CancellationToken ct) =>
        (await _suspects.GetAsync(symbols, ct).ConfigureAwait(false))
            .ToDictionary(kv => kv.Key, kv => kv.Value.Quote, StringComparer.OrdinalIgnoreCase);

    public QuoteValidator Validator => validator;

    public async Task<PushResult> IngestAsync(IReadOnlyList<Quote> quotes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        PushResult result;
        await _serial.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            result = await IngestSerialAsync(quotes, ct).ConfigureAwait(false);
        }
        finally
        {
            _serial.Release();
        }
        if (observer is not null && result.Stored.Count > 0) await observer.OnStoredAsync(result.Stored, ct).ConfigureAwait(false);
        return result;
    }

    private async Task<PushResult> IngestSerialAsync(IReadOnlyList<Quote> quotes, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var ingestion = Guid.NewGuid().ToString("N");
        var rejected = new List<RejectedQuote>();
        var valid = new List<Quote>(quotes.Count);
        foreach (var q in quotes)
        {
            if (q is null) continue;
            var (ok, bad) = validator.Validate(q, now);
            if (bad is not null) rejected.Add(bad); else valid.Add(ok!);
        }
        if (valid.Count == 0) return new PushResult([], rejected, [], []);

        var symbols = valid.Select(v => v.Symbol).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var stored = await store.GetLatestAsync(symbols, ct).ConfigureAwait(false);
        var last = new Dictionary<string, Quote>(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in stored) last[k] = v;
        var heldBefore = await _suspects.GetAsync(symbols, ct).ConfigureAwait(false);
        var held = new Dictionary<string, SuspectQuote>(heldBefore, StringComparer.OrdinalIgnoreCase);

        var toStore = new List<Quote>(valid.Count);
        var newlyHeld = new List<Quote>();
        var confirmed = new List<Quote>();
        foreach (var q in valid)
        {
            if (held.TryGetValue(q.Symbol, out var h) && validator.Confirms(q.Price, h.Quote.Price)
                && (h.IngestionId != ingestion || !string.Equals(h.Quote.Source, q.Source, StringComparison.OrdinalIgnoreCase)))
            {
                held.Remove(q.Symbol);
                newlyHeld.RemoveAll(x => ReferenceEquals(x, h.Quote));
                confirmed.Add(h.Quote);
                // keep history honest: the held quote goes in too, then the confirming one
                if (h.Quote.AsOf <= q.AsOf) { toStore.Add(h.Quote); toStore.Add(q); } else { toStore.Add(q); toStore.Add(h.Quote); }
                last[q.Symbol] = h.Quote.AsOf > q.AsOf ? h.Quote : q;
                continue;
            }
            if (last.TryGetValue(q.Symbol, out var reference) && validator.IsSuspectJump(q.Price, reference.Price))
            {
                if (held.TryGetValue(q.Symbol, out var previous)) newlyHeld.RemoveAll(x => ReferenceEquals(x, previous.Quote));
                held[q.Symbol] = new SuspectQuote(q, ingestion);
                newlyHeld.Add(q);
                continue;
            }
            held.Remove(q.Symbol); // an ordinary price: any pending suspect was not confirmed
            toStore.Add(q);
            if (!last.TryGetValue(q.Symbol, out var cur) || cur.AsOf <= q.AsOf) last[q.Symbol] = q;
        }
        if (toStore.Count > 0) await store.SaveAsync(toStore, ct).ConfigureAwait(false);

        var hold = held.Values.Where(s => s.IngestionId == ingestion).ToList();
        var release = heldBefore.Keys.Where(symbol => !held.ContainsKey(symbol)).ToList();
        if (hold.Count > 0) await _suspects.HoldAsync(hold, ct).ConfigureAwait(false);
        if (release.Count > 0) await _suspects.ReleaseAsync(release, ct).ConfigureAwait(false);
        return new PushResult(toStore, rejected, newlyHeld, confirmed);
    }
}
