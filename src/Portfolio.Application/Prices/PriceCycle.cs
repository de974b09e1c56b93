using System.Diagnostics;
using Portfolio.Application.Ports;

namespace Portfolio.Application.Prices;

public sealed record PriceCycleOptions
{
    /// <summary>Consecutive failed calls after which a provider is skipped for <see cref="BreakDuration"/>.</summary>
    public int BreakerFailureThreshold { get; init; } = 3;

    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Upper bound for one provider's FetchAsync in a cycle (HTTP calls have their own, shorter timeouts).</summary>
    public TimeSpan ProviderCallTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Outside market hours, symbols whose stored latest price is at or after the last session close are not fetched again.</summary>
    public bool SkipUpToDateOutsideHours { get; init; } = true;

    /// <summary>When a quote jumps more than the suspect ratio, ask the next providers in priority order for a confirming price.</summary>
    public bool SeekSecondSourceForSuspects { get; init; } = true;
}

/// <summary><see cref="NotCovered"/>: the source covers none of the symbols still wanted, so it was not called.</summary>
public enum ProviderStatus { Ok, Failed, SkippedCircuitOpen, NotCovered }

public sealed record ProviderOutcome(string Provider, ProviderStatus Status, int Asked, int Found, int Missing, string? Failure, TimeSpan Elapsed, bool ConfirmationCall = false,
    PriceSourceFailureKind FailureKind = PriceSourceFailureKind.None);

public sealed record PriceCycleReport(
    DateTimeOffset StartedAt,
    QuoteKind Kind,
    int Requested,
    int UpToDate,
    int Stored,
    IReadOnlyList<string> Missing,
    IReadOnlyList<RejectedQuote> Rejected,
    IReadOnlyList<Quote> SuspectHeld,
    IReadOnlyList<Quote> SuspectConfirmed,
    IReadOnlyList<ProviderOutcome> Providers,
    TimeSpan Elapsed)
{
    public int MissingCount => Missing.Count;
    public int RejectedCount => Rejected.Count;
    public int SuspectHeldCount => SuspectHeld.Count;
}

/// <summary>
/// One price cycle: distinct symbols → providers in priority order (falling back to the next for symbols that are missing or whose
/// provider call failed) → <see cref="PriceIngestion"/> (validation, suspect hold) → <see cref="IPriceStore"/>.
/// During the regular session real-time quotes are fetched; outside it only end-of-day closes.
/// A provider that fails <see cref="PriceCycleOptions.BreakerFailureThreshold"/> calls in a row is skipped for
/// <see cref="PriceCycleOptions.BreakDuration"/> (this sits above the per-HTTP-call Polly breaker, and also catches failures that
/// arrive as HTTP 200, such as Alpha Vantage's rate-limit notes). Register as a singleton. Overlapping calls run one after another.
/// </summary>
public sealed class PriceCycle
{
    private readonly IReadOnlyList<IPriceSource> _sources;
    private readonly PriceIngestion _ingestion;
    private readonly IPriceStore _store;
    private readonly UsMarketCalendar _calendar;
    private readonly TimeProvider _time;
    private readonly PriceCycleOptions _options;
    private readonly Dictionary<string, (int Failures, DateTimeOffset OpenUntil)> _breaker = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _serial = new(1, 1);

    public PriceCycle(IEnumerable<IPriceSource> sources, PriceIngestion ingestion, IPriceStore store, UsMarketCalendar calendar, TimeProvider time, PriceCycleOptions? options = null)
    {
        _sources = sources.ToList();
        _ingestion = ingestion;
        _store = store;
        _calendar = calendar;
        _time = time;
        _options = options ?? new PriceCycleOptions();
    }

    public IReadOnlyList<string> ProviderOrder => _sources.Select(s => s.Name).ToList();

    public bool IsProviderSkipped(string name, DateTimeOffset now)
    {
        lock (_gate) return _breaker.TryGetValue(name, out var b) && b.OpenUntil > now;
    }

    public async Task<PriceCycleReport> RunAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        await _serial.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await RunSerialAsync(symbols, ct).ConfigureAwait(false);
        }
        finally
        {
            _serial.Release();
        }
    }

    private async Task<PriceCycleReport> RunSerialAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        using var activity = Operations.PortfolioTelemetry.Application.StartActivity("PriceCycle");
        var clock = Stopwatch.StartNew();
        var started = _time.GetUtcNow();
        var kind = _calendar.IsOpen(started) ? QuoteKind.RealTime : QuoteKind.EndOfDay;
        var distinct = symbols.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();

        var upToDate = 0;
        var pending = new List<string>(distinct);
        if (kind == QuoteKind.EndOfDay && _options.SkipUpToDateOutsideHours && pending.Count > 0)
        {
            var lastClose = _calendar.PreviousClose(started);
            var latest = await _store.GetLatestAsync(pending, ct).ConfigureAwait(false);
            pending.RemoveAll(s => latest.TryGetValue(s, out var q) && q.AsOf >= lastClose);
            upToDate = distinct.Count - pending.Count;
        }

        var outcomes = new List<ProviderOutcome>();
        var found = new Dictionary<string, (Quote Quote, int SourceIndex)>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < _sources.Count && pending.Count > 0; i++)
        {
            var (outcome, quotes) = await CallAsync(_sources[i], pending, kind, confirmation: false, ct).ConfigureAwait(false);
            outcomes.Add(outcome);
            var pendingSet = new HashSet<string>(pending, StringComparer.OrdinalIgnoreCase);
            foreach (var q in quotes)
                if (pendingSet.Remove(q.Symbol)) found[q.Symbol] = (q, i);
            pending = pending.Where(pendingSet.Contains).ToList();
        }

        var batch = found.Values.Select(v => v.Quote).ToList();
        if (_options.SeekSecondSourceForSuspects && found.Count > 0)
            batch.AddRange(await SeekConfirmationsAsync(found, kind, outcomes, ct).ConfigureAwait(false));

        var push = batch.Count > 0 ? await _ingestion.IngestAsync(batch, ct).ConfigureAwait(false) : new PushResult([], [], [], []);
        return new PriceCycleReport(started, kind, distinct.Count, upToDate, push.StoredCount, pending, push.Rejected,
            push.SuspectHeld, push.SuspectConfirmed, outcomes, clock.Elapsed);
    }

    private async Task<List<Quote>> SeekConfirmationsAsync(Dictionary<string, (Quote Quote, int SourceIndex)> found, QuoteKind kind, List<ProviderOutcome> outcomes, CancellationToken ct)
    {
        var latest = await _store.GetLatestAsync(found.Keys.ToList(), ct).ConfigureAwait(false);
        var held = await _ingestion.HeldSuspectsAsync(found.Keys.ToList(), ct).ConfigureAwait(false);
        var suspects = found.Values
            .Where(f => latest.TryGetValue(f.Quote.Symbol, out var last) && _ingestion.Validator.IsSuspectJump(f.Quote.Price, last.Price)
                        && !(held.TryGetValue(f.Quote.Symbol, out var h) && _ingestion.Validator.Confirms(f.Quote.Price, h.Price)))
            .ToList();
        var extra = new List<Quote>();
        if (suspects.Count == 0) return extra;
        for (var i = 0; i < _sources.Count; i++)
        {
            var ask = suspects.Where(s => s.SourceIndex != i).Select(s => s.Quote.Symbol).ToList();
            if (ask.Count == 0) continue;
            var (outcome, quotes) = await CallAsync(_sources[i], ask, kind, confirmation: true, ct).ConfigureAwait(false);
            outcomes.Add(outcome);
            var byPrimary = suspects.ToDictionary(s => s.Quote.Symbol, s => s.Quote, StringComparer.OrdinalIgnoreCase);
            foreach (var q in quotes)
                if (byPrimary.TryGetValue(q.Symbol, out var primary) && _ingestion.Validator.Confirms(q.Price, primary.Price))
                {
                    extra.Add(q);
                    suspects.RemoveAll(s => string.Equals(s.Quote.Symbol, q.Symbol, StringComparison.OrdinalIgnoreCase));
                }
            if (suspects.Count == 0) break;
        }
        return extra;
    }

    private async Task<(ProviderOutcome, IReadOnlyList<Quote>)> CallAsync(IPriceSource source, List<string> symbols, QuoteKind kind, bool confirmation, CancellationToken ct)
    {
        if (source is ISymbolCoverage coverage)
        {
            symbols = symbols.Where(coverage.Covers).ToList();
            if (symbols.Count == 0) return (new ProviderOutcome(source.Name, ProviderStatus.NotCovered, 0, 0, 0, null, TimeSpan.Zero, confirmation), []);
        }
        var now = _time.GetUtcNow();
        if (IsProviderSkipped(source.Name, now))
            return (new ProviderOutcome(source.Name, ProviderStatus.SkippedCircuitOpen, symbols.Count, 0, 0, "circuit open", TimeSpan.Zero, confirmation, PriceSourceFailureKind.CircuitOpen), []);
        var sw = Stopwatch.StartNew();
        using var activity = Operations.PortfolioTelemetry.Pricing.StartActivity("FetchQuotes " + source.Name, ActivityKind.Client);
        activity?.SetTag("portfolio.provider", source.Name);
        activity?.SetTag("portfolio.symbols", symbols.Count);
        PriceSourceResult result;
        using (var timeout = new CancellationTokenSource(_options.ProviderCallTimeout, _time))
        using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token))
        {
            try
            {
                result = await source.FetchAsync(symbols, kind, cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                result = PriceSourceResult.Fail(PriceSourceFailureKind.Timeout, $"no answer within {_options.ProviderCallTimeout}");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                result = PriceSourceResult.Fail(PriceSourceFailureKind.Transport, ex.GetType().Name + ": " + ex.Message);
            }
        }
        var asked = new HashSet<string>(symbols, StringComparer.OrdinalIgnoreCase);
        var quotes = result.Quotes.Where(q => q is not null && asked.Contains(q.Symbol)).ToList();
        RecordBreaker(source.Name, result.Failed, _time.GetUtcNow());
        if (result.Failed) activity?.SetStatus(ActivityStatusCode.Error, result.Failure);
        var status = result.Failed ? ProviderStatus.Failed : ProviderStatus.Ok;
        return (new ProviderOutcome(source.Name, status, symbols.Count, quotes.Count, result.Missing.Count, result.Failure, sw.Elapsed, confirmation, result.FailureKind), quotes);
    }

    private void RecordBreaker(string name, bool failed, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!failed) { _breaker.Remove(name); return; }
            var failures = (_breaker.TryGetValue(name, out var b) ? b.Failures : 0) + 1;
            var openUntil = failures >= _options.BreakerFailureThreshold ? now + _options.BreakDuration : DateTimeOffset.MinValue;
            _breaker[name] = (failures, openUntil);
        }
    }
}
