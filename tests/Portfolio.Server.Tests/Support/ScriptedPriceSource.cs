using Portfolio.Application.Prices;

namespace Portfolio.Server.Tests.Support;

/// <summary>A price provider whose next answers the test sets: quotes by symbol, or a failure.</summary>
public sealed class ScriptedPriceSource : IPriceSource
{
    private volatile Func<IReadOnlyList<string>, QuoteKind, PriceSourceResult> _answer = (_, _) => new PriceSourceResult([], []);

    public string Name => "scripted";

    /// <summary>The host's clock, set when the host resolves the source: quotes are stamped with its time.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public int Calls;

    public void Answer(params (string Symbol, decimal Price)[] quotes) =>
        _answer = (asked, kind) => new PriceSourceResult(
            quotes.Where(q => asked.Contains(q.Symbol)).Select(q => new Quote(q.Symbol, q.Price, Clock.GetUtcNow(), Name, kind)).ToList(), []);

    public void Fail(string reason) => _answer = (_, _) => PriceSourceResult.Fail(PriceSourceFailureKind.ServerError, reason);

    public Task<PriceSourceResult> FetchAsync(IReadOnlyList<string> symbols, QuoteKind kind, CancellationToken ct)
    {
        Interlocked.Increment(ref Calls);
        return Task.FromResult(_answer(symbols, kind));
    }
}
