namespace Portfolio.Application.Prices;

/// <summary>A provider of prices (an adapter for one public API, or a test fake).</summary>
public interface IPriceSource
{
    /// <summary>Stable name used in configuration (<c>Pricing:Providers</c>), reports and <see cref="Quote.Source"/>.</summary>
    string Name { get; }

    /// <summary>
    /// Fetches quotes for <paramref name="symbols"/>. Never throws for provider errors (only for cancellation by <paramref name="ct"/>):
    /// the outcome is described by the result.
    /// </summary>
    Task<PriceSourceResult> FetchAsync(IReadOnlyList<string> symbols, QuoteKind kind, CancellationToken ct);
}

/// <summary>
/// Optional on an <see cref="IPriceSource"/>: which symbols it can price at all (e.g. only AMFI scheme codes, or only exchange tickers).
/// <see cref="PriceCycle"/> does not send a source symbols it does not cover, so per-symbol request budgets are not spent on them.
/// </summary>
public interface ISymbolCoverage
{
    bool Covers(string symbol);
}

/// <summary>Why a call to a source failed.</summary>
public enum PriceSourceFailureKind { None, RateLimited, Timeout, Unauthorized, CircuitOpen, Malformed, Transport, ServerError }

/// <summary>
/// The outcome of one <see cref="IPriceSource.FetchAsync"/>: quotes found, symbols the source does not know (or had no price for),
/// and, when the call failed (wholly, or partway — quotes obtained before the failure are still in <see cref="Quotes"/>), the reason.
/// Symbols neither found nor missing were not answered because of the failure.
/// </summary>
public sealed record PriceSourceResult(
    IReadOnlyList<Quote> Quotes,
    IReadOnlyList<string> Missing,
    string? Failure = null,
    PriceSourceFailureKind FailureKind = PriceSourceFailureKind.None)
{
    public bool Failed => Failure is not null;

    public static PriceSourceResult Fail(PriceSourceFailureKind kind, string reason, IReadOnlyList<Quote>? partial = null, IReadOnlyList<string>? missing = null)
        => new(partial ?? [], missing ?? [], reason, kind);
}
