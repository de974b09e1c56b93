using System.Globalization;
using System.Net;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;

namespace Portfolio.Storage.Cosmos;

/// <summary>
/// The <c>prices</c> container, partitioned by symbol: a <c>latest</c> document per symbol, one document per UTC month
/// (id <c>yyyy-MM</c>) holding that month's intraday quotes, and one per New York market month (id <c>closes-yyyy-MM</c>)
/// holding its daily closes. All are read-modify-write with ETags, retried on a lost race.
/// </summary>
public sealed partial class CosmosPriceStore(CosmosContainers containers, CosmosStorageOptions options, TimeProvider clock) : IPriceStore
{
    private const string LatestId = "latest";
    private const int MaxAttempts = 10;
    private const int SymbolsInParallel = 8;

    private Container Container => containers.Prices;

    public async Task SaveAsync(IReadOnlyList<Quote> quotes, CancellationToken ct)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = SymbolsInParallel, CancellationToken = ct };
        await Parallel.ForEachAsync(quotes.GroupBy(q => q.Symbol, StringComparer.Ordinal), options, async (symbol, token) =>
        {
            foreach (var month in symbol.GroupBy(q => MonthOf(q.AsOf)))
                await SaveToBucketAsync(symbol.Key, month.Key, month.ToList(), token).ConfigureAwait(false);
            // History, then closes, then latest: a save that fails half way and is retried (quote saves are idempotent)
            // completes every part, and a latest price is always also a close.
            foreach (var month in symbol.GroupBy(q => CloseMonthDocument.IdOf(MarketClock.MarketDate(q.AsOf))))
                await SaveClosesAsync(symbol.Key, month.Key, month.ToList(), token).ConfigureAwait(false);
            await SaveLatestAsync(symbol.MaxBy(q => q.AsOf)!, token).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    public async Task<Quote?> GetLatestAsync(string symbol, CancellationToken ct) =>
        (await Container.ReadOrDefaultAsync<LatestPriceDocument>(LatestId, symbol, ct).ConfigureAwait(false))?.Quote;

    public async Task<IReadOnlyDictionary<string, Quote>> GetLatestAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        var result = new Dictionary<string, Quote>(StringComparer.Ordinal);
        var distinct = symbols.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0) return result;
        // One request for all point reads; missing symbols are simply absent from the response.
        var items = distinct.Select(s => (LatestId, new PartitionKey(s))).ToList();
        var response = await Container.ReadManyItemsAsync<LatestPriceDocument>(items, cancellationToken: ct).ConfigureAwait(false);
        foreach (var document in response) result[document.Symbol] = document.Quote;
        return result;
    }

    public async Task<IReadOnlyList<Quote>> GetHistoryAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        if (to <= from) return [];
        var query = new QueryDefinition(
                "SELECT * FROM c WHERE c.symbol = @pk AND c.type = @type AND c.month >= @first AND c.month <= @last")
            .WithParameter("@type", MonthDocument.TypeName)
            .WithParameter("@first", MonthOf(from))
            .WithParameter("@last", MonthOf(to.AddTicks(-1)));
        var months = await Container.QueryPartitionAsync<MonthDocument>(query, symbol, ct).ConfigureAwait(false);
        return months.SelectMany(m => m.Quotes)
            .Where(q => q.AsOf >= from && q.AsOf < to)
            .OrderBy(q => q.AsOf).ThenBy(q => q.Source, StringComparer.Ordinal)
            .ToList();
    }

    private async Task SaveToBucketAsync(string symbol, string month, List<Quote> quotes, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await Container.ReadOrDefaultAsync<MonthDocument>(month, symbol, ct).ConfigureAwait(false);
            try
            {
                if (existing is null)
                {
                    var created = MonthDocument.Create(symbol, month, Merge([], quotes));
                    await Container.CreateItemAsync(created, new PartitionKey(symbol), CosmosOperations.NoContentOnWrite, ct).ConfigureAwait(false);
                    return;
                }
                var merged = Merge(existing.Quotes, quotes);
                if (merged.SequenceEqual(existing.Quotes)) return;
                await Container.ReplaceItemAsync(MonthDocument.Create(symbol, month, merged), month, new PartitionKey(symbol),
                    CosmosOperations.IfMatch(existing.ETag), ct).ConfigureAwait(false);
                return;
            }
            catch (CosmosException e) when ((e.Is(HttpStatusCode.Conflict) || e.Is(HttpStatusCode.PreconditionFailed)) && attempt < MaxAttempts)
            {
                // Another writer changed the bucket between our read and write: read it again.
            }
        }
    }

    private async Task SaveLatestAsync(Quote quote, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await Container.ReadOrDefaultAsync<LatestPriceDocument>(LatestId, quote.Symbol, ct).ConfigureAwait(false);
            if (existing is not null && existing.Quote.AsOf >= quote.AsOf) return;
            try
            {
                var document = new LatestPriceDocument(LatestId, quote.Symbol, LatestPriceDocument.TypeName, quote);
                if (existing is null)
                    await Container.CreateItemAsync(document, new PartitionKey(quote.Symbol), CosmosOperations.NoContentOnWrite, ct).ConfigureAwait(false);
                else
                    await Container.ReplaceItemAsync(document, LatestId, new PartitionKey(quote.Symbol), CosmosOperations.IfMatch(existing.ETag), ct)
                        .ConfigureAwait(false);
                return;
            }
            catch (CosmosException e) when ((e.Is(HttpStatusCode.Conflict) || e.Is(HttpStatusCode.PreconditionFailed)) && attempt < MaxAttempts)
            {
            }
        }
    }

    /// <summary>One quote per (instant, source), the newer save winning; oldest first.</summary>
    private static List<Quote> Merge(IReadOnlyList<Quote> stored, IEnumerable<Quote> added)
    {
        var byKey = new Dictionary<(DateTimeOffset, string), Quote>();
        foreach (var quote in stored.Concat(added)) byKey[(quote.AsOf, quote.Source)] = quote;
        return byKey.Values.OrderBy(q => q.AsOf).ThenBy(q => q.Source, StringComparer.Ordinal).ToList();
    }

    internal static string MonthOf(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}

internal sealed record LatestPriceDocument(string Id, string Symbol, string Type, Quote Quote)
{
    public const string TypeName = "latest";

    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary>
/// One UTC month of a symbol's intraday quotes. <see cref="Oldest"/> (fixed-width UTC text, absent in documents written
/// before pruning existed) lets the pruning query skip documents with nothing to remove.
/// </summary>
internal sealed record MonthDocument(string Id, string Symbol, string Type, string Month, IReadOnlyList<Quote> Quotes)
{
    public const string TypeName = "month";

    public string? Oldest { get; init; }

    public static MonthDocument Create(string symbol, string month, IReadOnlyList<Quote> quotes) =>
        new(month, symbol, TypeName, month, quotes) { Oldest = quotes.Count == 0 ? null : CosmosText.Instant(quotes.Min(q => q.AsOf)) };

    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}
