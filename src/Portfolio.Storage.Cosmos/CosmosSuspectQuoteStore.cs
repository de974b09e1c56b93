using System.Net;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;

namespace Portfolio.Storage.Cosmos;

/// <summary>
/// Held suspect quotes in the <c>prices</c> container beside the symbol's prices: one document per symbol, id
/// <c>suspect</c>, type <c>suspect</c> (the price store's queries select their own types). Holding again replaces it.
/// </summary>
public sealed class CosmosSuspectQuoteStore(CosmosContainers containers) : ISuspectQuoteStore
{
    private const string SuspectId = "suspect";
    private const int SymbolsInParallel = 8;

    private Container Container => containers.Prices;

    /// <summary>One query for the lot (a point read per symbol would cost 1 RU each, found or not).</summary>
    public async Task<IReadOnlyDictionary<string, SuspectQuote>> GetAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        var found = new Dictionary<string, SuspectQuote>(StringComparer.OrdinalIgnoreCase);
        if (symbols.Count == 0) return found;
        var query = new QueryDefinition("SELECT * FROM c WHERE c.type = @type AND ARRAY_CONTAINS(@symbols, c.symbol)")
            .WithParameter("@type", SuspectDocument.TypeName)
            .WithParameter("@symbols", symbols.Distinct(StringComparer.Ordinal).ToList());
        using var iterator = Container.GetItemQueryIterator<SuspectDocument>(query);
        while (iterator.HasMoreResults)
            foreach (var document in await iterator.ReadNextAsync(ct).ConfigureAwait(false))
                found[document.Symbol] = new SuspectQuote(document.Quote, document.IngestionId);
        return found;
    }

    public async Task HoldAsync(IReadOnlyList<SuspectQuote> suspects, CancellationToken ct)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = SymbolsInParallel, CancellationToken = ct };
        await Parallel.ForEachAsync(suspects, options, async (suspect, token) =>
            await Container.UpsertItemAsync(SuspectDocument.From(suspect), new PartitionKey(suspect.Quote.Symbol),
                CosmosOperations.NoContentOnWrite, token).ConfigureAwait(false)).ConfigureAwait(false);
    }

    public async Task ReleaseAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = SymbolsInParallel, CancellationToken = ct };
        await Parallel.ForEachAsync(symbols, options, async (symbol, token) =>
        {
            try
            {
                await Container.DeleteItemAsync<SuspectDocument>(SuspectId, new PartitionKey(symbol), CosmosOperations.NoContentOnWrite, token)
                    .ConfigureAwait(false);
            }
            catch (CosmosException e) when (e.Is(HttpStatusCode.NotFound))
            {
                // already released
            }
        }).ConfigureAwait(false);
    }

    internal sealed record SuspectDocument(string Id, string Symbol, string Type, string IngestionId, Quote Quote)
    {
        public const string TypeName = "suspect";

        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }

        public static SuspectDocument From(SuspectQuote suspect) =>
            new(SuspectId, suspect.Quote.Symbol, TypeName, suspect.IngestionId, suspect.Quote);
    }
}
