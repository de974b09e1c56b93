using Portfolio.Application.Prices;

namespace Portfolio.Application.Ports;

/// <summary>
/// Quotes held as suspect jumps until confirmed (<see cref="PriceIngestion"/>), kept beside the prices so that every
/// ingesting instance sees them: on a scaled-out app the confirming quote can arrive on another instance. One held
/// suspect per symbol; the last hold wins.
/// </summary>
public interface ISuspectQuoteStore
{
    /// <summary>The suspects held for these symbols; a symbol with none is absent.</summary>
    Task<IReadOnlyDictionary<string, SuspectQuote>> GetAsync(IReadOnlyCollection<string> symbols, CancellationToken ct);

    /// <summary>Holds each suspect, replacing any held for its symbol.</summary>
    Task HoldAsync(IReadOnlyList<SuspectQuote> suspects, CancellationToken ct);

    /// <summary>Forgets the suspects of these symbols (confirmed, or superseded by an ordinary price).</summary>
    Task ReleaseAsync(IReadOnlyCollection<string> symbols, CancellationToken ct);
}
