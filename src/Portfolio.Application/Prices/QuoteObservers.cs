namespace Portfolio.Application.Prices;

/// <summary>Tells each observer in turn (pending orders, then price alerts); each handles its own failures.</summary>
public sealed class QuoteObservers(IReadOnlyList<IQuoteObserver> observers) : IQuoteObserver
{
    public async Task OnStoredAsync(IReadOnlyList<Quote> stored, CancellationToken ct)
    {
        foreach (var observer in observers) await observer.OnStoredAsync(stored, ct);
    }
}
