namespace Portfolio.Application.Prices;

/// <summary>Told about the quotes <see cref="PriceIngestion"/> stored, after it stored them (pending orders and price alerts).</summary>
public interface IQuoteObserver
{
    /// <summary>Must not throw for a failure of its own: the quotes are stored whatever it does.</summary>
    Task OnStoredAsync(IReadOnlyList<Quote> stored, CancellationToken ct);
}
