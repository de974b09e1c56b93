using Portfolio.Api.Http;
using Portfolio.Application.Prices;

namespace Portfolio.Api.Contracts;

public sealed record QuoteBody(string? Symbol = null, decimal? Price = null, DateTimeOffset? AsOf = null, string? Source = null, string? Kind = null);

public sealed record PushQuotesBody(IReadOnlyList<QuoteBody>? Quotes = null)
{
    public IReadOnlyList<Quote> ToQuotes() => (Quotes ?? throw new RequestException("quotes", "is required"))
        .Select((q, i) => new Quote(
            Names.ParseSymbol(q.Symbol, $"quotes[{i}].symbol"),
            Names.Required(q.Price, $"quotes[{i}].price"),
            Names.Required(q.AsOf, $"quotes[{i}].asOf"),
            string.IsNullOrWhiteSpace(q.Source) ? "push" : q.Source.Trim(),
            q.Kind?.Trim().ToLowerInvariant() switch
            {
                null or "realtime" => QuoteKind.RealTime,
                "endofday" => QuoteKind.EndOfDay,
                _ => throw new RequestException($"quotes[{i}].kind", "must be realTime or endOfDay"),
            }))
        .ToList();
}
