using System.Globalization;
using System.Net;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;
using Portfolio.Application.Prices;

namespace Portfolio.Pricing;

/// <summary>Thrown inside adapters to end a call with a classified failure.</summary>
public sealed class PriceSourceException(PriceSourceFailureKind kind, string message) : Exception(message)
{
    public PriceSourceFailureKind Kind { get; } = kind;
}

/// <summary>
/// Common plumbing for HTTP adapters: a named <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/> (its Polly pipeline does
/// rate limiting, concurrency limiting, retries with jittered exponential backoff, circuit breaking and timeouts), batching, and the
/// mapping of every way a call can fail to a <see cref="PriceSourceResult"/> failure instead of an exception.
/// </summary>
public abstract class HttpPriceSource : IPriceSource, ISymbolCoverage
{
    /// <summary>Stock/ETF providers do not know AMFI scheme codes or Indian fund ISINs; the AMFI source knows nothing else.</summary>
    public virtual bool Covers(string symbol) => !SymbolShapes.IsAmfiScheme(symbol);

    private readonly IHttpClientFactory _clients;

    protected HttpPriceSource(string name, IHttpClientFactory clients, ProviderOptions options, TimeProvider time, UsMarketCalendar calendar)
    {
        Name = name;
        _clients = clients;
        Options = options;
        Time = time;
        Calendar = calendar;
    }

    public string Name { get; }
    protected ProviderOptions Options { get; }
    protected TimeProvider Time { get; }
    protected UsMarketCalendar Calendar { get; }

    public static string ClientName(string provider) => "pricing-" + provider;

    protected HttpClient CreateClient() => _clients.CreateClient(ClientName(Name));

    public virtual async Task<PriceSourceResult> FetchAsync(IReadOnlyList<string> symbols, QuoteKind kind, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var wanted = symbols.Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (wanted.Count == 0) return new PriceSourceResult([], []);
        var batches = wanted.Chunk(Math.Max(1, Options.MaxBatchSize)).ToList();
        var quotes = new List<Quote>();
        var missing = new List<string>();
        var failures = new List<PriceSourceException>();
        var gate = new Lock();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Options.MaxConcurrency), CancellationToken = stop.Token }, async (batch, token) =>
            {
                var r = await GuardedAsync(batch, kind, token).ConfigureAwait(false);
                lock (gate)
                {
                    quotes.AddRange(r.Quotes);
                    missing.AddRange(r.Missing);
                    if (r.Failure is not null)
                    {
                        failures.Add(r.Failure);
                        // No point asking again in this call when the provider says stop.
                        if (r.Failure.Kind is PriceSourceFailureKind.RateLimited or PriceSourceFailureKind.Unauthorized or PriceSourceFailureKind.CircuitOpen)
                            stop.Cancel();
                    }
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // stopped early after a terminal failure; unasked symbols are neither found nor missing
        }
        if (failures.Count == 0) return new PriceSourceResult(quotes, missing);
        var first = failures[0];
        var text = failures.Count == 1 ? first.Message : $"{first.Message} (and {failures.Count - 1} more failed batches)";
        return new PriceSourceResult(quotes, missing, Redact(text), first.Kind);
    }

    /// <summary>Providers echo keys in messages (Alpha Vantage: "We have detected your API key as ..."); reports and logs must not carry them.</summary>
    protected string Redact(string text)
        => string.IsNullOrEmpty(Options.ApiKey) ? text : text.Replace(Options.ApiKey, "***", StringComparison.Ordinal);

    private sealed record BatchOutcome(IReadOnlyList<Quote> Quotes, IReadOnlyList<string> Missing, PriceSourceException? Failure);

    private async Task<BatchOutcome> GuardedAsync(string[] batch, QuoteKind kind, CancellationToken ct)
    {
        try
        {
            var (quotes, missing) = await FetchBatchAsync(batch, kind, ct).ConfigureAwait(false);
            return new BatchOutcome(quotes, missing, null);
        }
        catch (Exception ex) when (Classify(ex, ct) is { } failure)
        {
            return new BatchOutcome([], [], failure);
        }
    }

    private PriceSourceException? Classify(Exception ex, CancellationToken ct) => ex switch
    {
        PriceSourceException p => p,
        OperationCanceledException when ct.IsCancellationRequested => null, // the caller cancelled: propagate
        TimeoutRejectedException or TaskCanceledException or OperationCanceledException => new(PriceSourceFailureKind.Timeout, $"{Name}: timed out"),
        BrokenCircuitException or IsolatedCircuitException => new(PriceSourceFailureKind.CircuitOpen, $"{Name}: circuit open"),
        RateLimiterRejectedException => new(PriceSourceFailureKind.RateLimited, $"{Name}: client-side rate limit rejected the call"),
        JsonException or FormatException or InvalidOperationException or KeyNotFoundException => new(PriceSourceFailureKind.Malformed, $"{Name}: malformed response: {ex.Message}"),
        HttpRequestException => new(PriceSourceFailureKind.Transport, $"{Name}: {ex.Message}"),
        _ => null,
    };

    /// <summary>Fetches one batch (at most <see cref="ProviderOptions.MaxBatchSize"/> symbols). Returns quotes keyed by the requested symbol spelling.</summary>
    protected abstract Task<(IReadOnlyList<Quote> Quotes, IReadOnlyList<string> Missing)> FetchBatchAsync(IReadOnlyList<string> symbols, QuoteKind kind, CancellationToken ct);

    /// <summary>GET and return the body; non-success statuses become classified failures.</summary>
    protected async Task<string> GetStringAsync(string relativeUri, CancellationToken ct, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, relativeUri);
        configure?.Invoke(request);
        var client = CreateClient();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return body;
        var snippet = body.Length > 200 ? body[..200] : body;
        throw response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => new PriceSourceException(PriceSourceFailureKind.RateLimited, $"{Name}: HTTP 429 rate limited: {snippet}"),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new PriceSourceException(PriceSourceFailureKind.Unauthorized, $"{Name}: HTTP {(int)response.StatusCode}: {snippet}"),
            >= HttpStatusCode.InternalServerError => new PriceSourceException(PriceSourceFailureKind.ServerError, $"{Name}: HTTP {(int)response.StatusCode}: {snippet}"),
            _ => new PriceSourceException(PriceSourceFailureKind.Transport, $"{Name}: HTTP {(int)response.StatusCode}: {snippet}"),
        };
    }

    protected static bool TryParseDecimal(string? text, out decimal value)
        => decimal.TryParse(text?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>Reads a JSON number (or numeric string) as decimal without going through double.</summary>
    protected static bool TryGetDecimal(JsonElement parent, string property, out decimal value)
    {
        value = 0m;
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(property, out var e)) return false;
        return e.ValueKind switch
        {
            JsonValueKind.Number => e.TryGetDecimal(out value),
            JsonValueKind.String => TryParseDecimal(e.GetString(), out value),
            _ => false,
        };
    }

    protected static bool TryGetInt64(JsonElement parent, string property, out long value)
    {
        value = 0;
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(property, out var e)) return false;
        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out value)) return true;
        if (e.ValueKind == JsonValueKind.Number && e.TryGetDecimal(out var d)) { value = (long)d; return true; }
        return false;
    }

    /// <summary>Unix time in s, ms, µs or ns (Polygon uses ms for aggregates and ns for trades).</summary>
    protected static DateTimeOffset FromUnixAny(long value) => value switch
    {
        > 100_000_000_000_000_000 => DateTimeOffset.UnixEpoch.AddTicks(value / 100),
        > 100_000_000_000_000 => DateTimeOffset.UnixEpoch.AddTicks(value * 10),
        > 100_000_000_000 => DateTimeOffset.FromUnixTimeMilliseconds(value),
        _ => DateTimeOffset.FromUnixTimeSeconds(value),
    };

    /// <summary>End-of-day quotes are stamped with the close of their trading date, whatever time the provider attaches.</summary>
    protected DateTimeOffset CloseOf(DateOnly tradingDate) => Calendar.SessionClose(tradingDate);
}
