using System.Globalization;
using System.Net;
using Microsoft.Azure.Cosmos;
using Portfolio.Application.Performance;
using Portfolio.Application.Ports;

namespace Portfolio.Storage.Cosmos;

/// <summary>
/// Series in the <c>snapshots</c> container (partitioned by account): a head document (id "series") with the watermark,
/// the revision and, per year, the token of the year document it vouches for; a year document (id "series-yyyy") holds
/// that year's days, so a range is one point read per year. Cosmos has no transaction over several documents here (the
/// local server has no batch), so a save writes the year documents under a new token and then replaces the head on its
/// ETag; a read uses only year documents whose token the head names, and reports the series as ending before the first
/// year that does not match (a writer that lost a race or stopped half way): that part is recomputed and saved again.
/// </summary>
public sealed class CosmosDailySeriesStore(CosmosContainers containers) : IDailySeriesStore
{
    private const string HeadId = "series";
    private const int ReadAttempts = 3;
    private Container Container => containers.Snapshots;

    public async Task<StoredSeries?> ReadAsync(string accountId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (head, _) = await ReadHeadAsync(accountId, ct).ConfigureAwait(false);
            if (head is null) return null;
            var lastDate = head.LastDate;
            var days = new List<SeriesDay>();
            var torn = false;
            for (var year = from.Year; year <= Math.Min(to.Year, lastDate.Year); year++)
            {
                if (!head.Years.TryGetValue(YearKey(year), out var token)) continue;
                var document = await Container.ReadOrDefaultAsync<SeriesYearDocument>(YearId(year), accountId, ct).ConfigureAwait(false);
                if (document?.Token != token)
                {
                    torn = true;
                    lastDate = new DateOnly(year, 1, 1).AddDays(-1);
                    break;
                }
                days.AddRange(document.Days.Where(d => d.D >= from && d.D <= to && d.D <= lastDate).Select(d => d.ToDay()));
            }
            if (torn && attempt < ReadAttempts && (await ReadHeadAsync(accountId, ct).ConfigureAwait(false)).Head?.Revision != head.Revision)
                continue; // a save landed between the reads: read its result instead
            return new StoredSeries(head.Revision, new SeriesWatermark(head.LedgerVersion, head.CloseVersion, lastDate), days);
        }
    }

    public async Task<bool> TrySaveAsync(
        string accountId, long expectedRevision, SeriesWatermark watermark, DateOnly replaceFrom, IReadOnlyList<SeriesDay> days, CancellationToken ct)
    {
        if (days.Any(d => d.Date < replaceFrom)) throw new ArgumentException("every day must be on or after replaceFrom", nameof(days));
        var (head, etag) = await ReadHeadAsync(accountId, ct).ConfigureAwait(false);
        if ((head?.Revision ?? 0) != expectedRevision) return false;

        var years = new Dictionary<string, string>(head?.Years ?? [], StringComparer.Ordinal);
        var kept = new List<SeriesDayDocument>();
        if (years.TryGetValue(YearKey(replaceFrom.Year), out var keptToken) && replaceFrom.DayOfYear > 1)
        {
            var document = await Container.ReadOrDefaultAsync<SeriesYearDocument>(YearId(replaceFrom.Year), accountId, ct).ConfigureAwait(false);
            if (document?.Token != keptToken) return false; // the days before replaceFrom in that year are not known
            kept.AddRange(document.Days.Where(d => d.D < replaceFrom));
        }
        foreach (var key in years.Keys.Where(k => int.Parse(k, CultureInfo.InvariantCulture) >= replaceFrom.Year).ToList()) years.Remove(key);

        var token = Guid.NewGuid().ToString("N");
        var byYear = days.Select(SeriesDayDocument.From).GroupBy(d => d.D.Year).ToDictionary(g => g.Key, g => g.ToList());
        if (kept.Count > 0) byYear[replaceFrom.Year] = [.. kept, .. byYear.GetValueOrDefault(replaceFrom.Year) ?? []];
        await Parallel.ForEachAsync(byYear, ct, async (year, token2) =>
            await Container.UpsertItemAsync(new SeriesYearDocument(YearId(year.Key), accountId, token, year.Value),
                new PartitionKey(accountId), CosmosOperations.NoContentOnWrite, token2).ConfigureAwait(false)).ConfigureAwait(false);
        foreach (var year in byYear.Keys) years[YearKey(year)] = token;

        var next = new SeriesHeadDocument(HeadId, accountId, expectedRevision + 1, watermark.LedgerVersion, watermark.CloseVersion, watermark.LastDate, years);
        try
        {
            if (head is null)
                await Container.CreateItemAsync(next, new PartitionKey(accountId), CosmosOperations.NoContentOnWrite, ct).ConfigureAwait(false);
            else
                await Container.ReplaceItemAsync(next, HeadId, new PartitionKey(accountId), CosmosOperations.IfMatch(etag), ct).ConfigureAwait(false);
            return true;
        }
        catch (CosmosException e) when (e.Is(HttpStatusCode.Conflict) || e.Is(HttpStatusCode.PreconditionFailed) || e.Is(HttpStatusCode.NotFound))
        {
            return false; // the year documents written above carry a token no head names: readers ignore them
        }
    }

    private async Task<(SeriesHeadDocument? Head, string? ETag)> ReadHeadAsync(string accountId, CancellationToken ct)
    {
        try
        {
            var response = await Container.ReadItemAsync<SeriesHeadDocument>(HeadId, new PartitionKey(accountId), cancellationToken: ct).ConfigureAwait(false);
            return (response.Resource, response.ETag);
        }
        catch (CosmosException e) when (e.Is(HttpStatusCode.NotFound))
        {
            return (null, null);
        }
    }

    private static string YearKey(int year) => year.ToString("D4", CultureInfo.InvariantCulture);
    private static string YearId(int year) => "series-" + YearKey(year);
}

internal sealed record SeriesHeadDocument(
    string Id, string AccountId, long Revision, long LedgerVersion, long CloseVersion, DateOnly LastDate, Dictionary<string, string> Years);

internal sealed record SeriesYearDocument(string Id, string AccountId, string Token, List<SeriesDayDocument> Days);

/// <summary>One day, with one-letter names: a year document holds 365 of them.</summary>
internal sealed record SeriesDayDocument(DateOnly D, decimal V, decimal C, decimal F, decimal I, decimal G)
{
    public static SeriesDayDocument From(SeriesDay day) => new(day.Date, day.Value, day.Cash, day.NetFlow, day.Income, day.Growth);
    public SeriesDay ToDay() => new(D, V, C, F, I, G);
}
