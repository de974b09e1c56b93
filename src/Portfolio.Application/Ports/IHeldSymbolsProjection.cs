namespace Portfolio.Application.Ports;

/// <summary>
/// An account store that lists the distinct held symbols by projecting them in its query, instead of handing every
/// whole account document to the price fetcher (<see cref="Accounts.HeldSymbols"/>).
/// </summary>
public interface IHeldSymbolsProjection
{
    Task<IReadOnlyCollection<string>> ListHeldSymbolsAsync(CancellationToken ct);
}
