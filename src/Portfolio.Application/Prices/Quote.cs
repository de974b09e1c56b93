namespace Portfolio.Application.Prices;

/// <summary>Real-time quotes are intraday trades or snapshots; end-of-day quotes are official closes.</summary>
public enum QuoteKind { RealTime, EndOfDay }

/// <summary>One price for one symbol, as a source reported it. <see cref="AsOf"/> is when the price was true, not when it was fetched.</summary>
public sealed record Quote(string Symbol, decimal Price, DateTimeOffset AsOf, string Source, QuoteKind Kind);
