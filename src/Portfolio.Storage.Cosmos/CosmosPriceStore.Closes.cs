using System.Globalization;
using System.Net;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using Portfolio.Application.Prices;

namespace Portfolio.Storage.Cosmos;

/// <summary>
/// Daily closes: one document per symbol and New York market month, <c>closes-yyyy-MM</c>, at most 23 trading days (a few
/// more if weekend quotes arrive), so a year of closes is 12 point reads.
/// <para>
/// Close versions are the writer's clock in ticks when it writes the close (and always past the close's previous version),
/// not a counter: a counter would be one document every save of every symbol writes. A clock can lag another writer's, and
/// a write lands some time after it was stamped, so <see cref="GetCloseChangesAsync"/> answers its clock minus
/// <see cref="CosmosStorageOptions.CloseVersionSkewAllowance"/>: a close written after that answer was read carries a later
/// stamp as long as clock skew plus one write's duration stay within the allowance. Changes stamped within the allowance
/// before the answer are reported again later: a recomputation too many, never one too few.
/// </para>
/// </summary>
public sealed partial class CosmosPriceStore
{
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<DailyClose>>> GetDailyClosesAsync(
        IReadOnlyCollection<string> symbols, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var result = new Dictionary<string, IReadOnlyList<DailyClose>>(StringComparer.Ordinal);
        var distinct = symbols.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0 || from > to) return result;
        var months = new List<string>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
            months.Add(CloseMonthDocument.IdOf(month));
        // One ReadMany of point reads: every (symbol, month) document, missing ones simply absent.
        var items = distinct.SelectMany(symbol => months.Select(id => (id, new PartitionKey(symbol)))).ToList();
        var documents = await Container.ReadManyItemsAsync<CloseMonthDocument>(items, cancellationToken: ct).ConfigureAwait(false);
        foreach (var bySymbol in documents.GroupBy(d => d.Symbol, StringComparer.Ordinal))
        {
            var closes = bySymbol.SelectMany(d => d.Closes)
                .Where(c => c.Date >= from && c.Date <= to)
                .OrderBy(c => c.Date)
                .Select(c => c.ToClose(bySymbol.Key))
                .ToList();
            if (closes.Count > 0) result[bySymbol.Key] = closes;
        }
        return result;
    }

    public async Task<CloseChanges> GetCloseChangesAsync(IReadOnlyCollection<string> symbols, long sinceVersion, CancellationToken ct)
    {
        // Taken before anything is read: see the type's remarks.
        var version = clock.GetUtcNow().UtcTicks - options.CloseVersionSkewAllowance.Ticks;
        var earliest = new List<DateOnly>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = SymbolsInParallel, CancellationToken = ct };
        await Parallel.ForEachAsync(symbols.Distinct(StringComparer.Ordinal), parallel, async (symbol, token) =>
        {
            // Only the month documents holding a newer close (their highest version is a field), so the cost follows the
            // changes, not the years of closes kept.
            var query = new QueryDefinition(
                    "SELECT * FROM c WHERE c.symbol = @pk AND c.type = @type AND c.lastVersion > @since")
                .WithParameter("@type", CloseMonthDocument.TypeName)
                .WithParameter("@since", CosmosText.Version(sinceVersion));
            var changed = await Container.QueryPartitionAsync<CloseMonthDocument>(query, symbol, token).ConfigureAwait(false);
            var dates = changed.SelectMany(d => d.Closes).Where(c => c.Version > sinceVersion).Select(c => c.Date).ToList();
            if (dates.Count > 0)
                lock (earliest) earliest.Add(dates.Min());
        }).ConfigureAwait(false);
        return new CloseChanges(version, earliest.Count == 0 ? null : earliest.Min());
    }

    private async Task SaveClosesAsync(string symbol, string id, List<Quote> quotes, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await Container.ReadOrDefaultAsync<CloseMonthDocument>(id, symbol, ct).ConfigureAwait(false);
            var byDate = (existing?.Closes ?? []).ToDictionary(c => c.Date);
            // Stamped on every attempt, just before the write, so that stamp and write stay close together.
            var stamp = clock.GetUtcNow().UtcTicks;
            var changed = false;
            foreach (var quote in quotes)
            {
                var date = MarketClock.MarketDate(quote.AsOf);
                var stored = byDate.GetValueOrDefault(date);
                if (stored is not null && !stored.ToClose(symbol).IsReplacedBy(quote)) continue;
                byDate[date] = new StoredClose(date, quote.Price, quote.AsOf, quote.Source, Math.Max(stamp, (stored?.Version ?? 0) + 1));
                changed = true;
            }
            if (!changed) return;
            var document = CloseMonthDocument.Create(symbol, id, byDate.Values.OrderBy(c => c.Date).ToList());
            try
            {
                if (existing is null)
                    await Container.CreateItemAsync(document, new PartitionKey(symbol), CosmosOperations.NoContentOnWrite, ct).ConfigureAwait(false);
                else
                    await Container.ReplaceItemAsync(document, id, new PartitionKey(symbol), CosmosOperations.IfMatch(existing.ETag), ct)
                        .ConfigureAwait(false);
                return;
            }
            catch (CosmosException e) when ((e.Is(HttpStatusCode.Conflict) || e.Is(HttpStatusCode.PreconditionFailed)) && attempt < MaxAttempts)
            {
                // Another writer changed this month's closes between our read and write: decide again on what it wrote.
            }
        }
    }
}

/// <summary>One close as stored in its month document; <see cref="Version"/> is the stamp of the write that set it.</summary>
internal sealed record StoredClose(DateOnly Date, decimal Price, DateTimeOffset AsOf, string Source, long Version)
{
    public DailyClose ToClose(string symbol) => new(symbol, Date, Price, AsOf, Source);
}

/// <summary>
/// A symbol's closes of one New York market month. <see cref="LastVersion"/> is the highest version of its closes, as
/// zero-padded text, so that a query can pick the documents changed since a version.
/// </summary>
internal sealed record CloseMonthDocument(string Id, string Symbol, string Type, string Month, string LastVersion, IReadOnlyList<StoredClose> Closes)
{
    public const string TypeName = "closes";

    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }

    public static string IdOf(DateOnly date) => "closes-" + date.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static CloseMonthDocument Create(string symbol, string id, IReadOnlyList<StoredClose> closes) =>
        new(id, symbol, TypeName, id["closes-".Length..], CosmosText.Version(closes.Max(c => c.Version)), closes);
}
