using System.Globalization;
using System.Net;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using Portfolio.Application.Alerts;
using Portfolio.Application.Ports;
using Portfolio.Domain.Rebalancing;

namespace Portfolio.Storage.Cosmos;

/// <summary>
/// The <c>alerts</c> container, partitioned by account. The open alert of a symbol has id <c>open:{symbol}</c>, so a
/// second open is a 409. Resolving writes a history document <c>resolved:{symbol}:{opened ticks}</c> and then deletes the
/// open one: two steps, not atomic. If the delete fails, both exist; the history document wins in listings, a retried
/// resolve finishes the job (its create is then a harmless 409), and so does the next open of that symbol.
/// Each document is its own notification outbox (<c>outbox</c>, flagged by <c>relay</c> for the relay's cross-partition
/// query): the open document is created with <c>drift.opened</c>, the history document with what the open one still held
/// plus <c>drift.resolved</c>. A leftover open document may relay <c>drift.opened</c> twice; the inbox drops the repeat by id.
/// </summary>
public sealed class CosmosAlertStore(CosmosContainers containers) : IAlertStore
{
    private const string Open = "open";
    private const string Resolved = "resolved";

    private Container Container => containers.Alerts;

    /// <summary>One operation per alert (no cross-partition transaction in Cosmos); each keeps its own semantics.</summary>
    public async Task<(int Opened, int Resolved)> ApplyAsync(
        IReadOnlyList<DriftAlert> toOpen, IReadOnlyList<(string AccountId, string Symbol)> toResolve, DateTimeOffset resolvedAt, CancellationToken ct)
    {
        int opened = 0, resolved = 0;
        foreach (var alert in toOpen)
            if (await TryOpenAsync(alert, ct)) opened++;
        foreach (var (accountId, symbol) in toResolve)
            if (await ResolveAsync(accountId, symbol, resolvedAt, ct)) resolved++;
        return (opened, resolved);
    }

    public async Task<bool> TryOpenAsync(DriftAlert alert, CancellationToken ct)
    {
        if (!alert.IsOpen) throw new ArgumentException("Only an open alert can be opened.", nameof(alert));
        var document = AlertDocument.From(alert, OpenId(alert.Symbol), Open);
        if (alert.OwnerId is not null) document = document.WithOutbox([DriftAlertEvents.Opened]); // without an owner it cannot be notified
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Container.CreateItemAsync(document, new PartitionKey(alert.AccountId), CosmosOperations.NoContentOnWrite, ct).ConfigureAwait(false);
                return true;
            }
            catch (CosmosException e) when (e.Is(HttpStatusCode.Conflict) && attempt == 1)
            {
                // Still open, unless it is the leftover of a resolve whose delete failed: finish that, then try once more.
                if (!await CompleteInterruptedResolveAsync(alert.AccountId, alert.Symbol, ct).ConfigureAwait(false)) return false;
            }
            catch (CosmosException e) when (e.Is(HttpStatusCode.Conflict))
            {
                return false;
            }
        }
    }

    public async Task<bool> ResolveAsync(string accountId, string symbol, DateTimeOffset resolvedAt, CancellationToken ct)
    {
        var open = await Container.ReadOrDefaultAsync<AlertDocument>(OpenId(symbol), accountId, ct).ConfigureAwait(false);
        if (open is null) return false;
        var history = open with { Id = ResolvedId(open), Status = Resolved, ResolvedAt = resolvedAt, ETag = null };
        if (open.OwnerId is not null) history = history.WithOutbox([.. open.Outbox ?? [], DriftAlertEvents.Resolved]);
        try
        {
            await Container.CreateItemAsync(history, new PartitionKey(accountId), CosmosOperations.NoContentOnWrite, ct).ConfigureAwait(false);
        }
        catch (CosmosException e) when (e.Is(HttpStatusCode.Conflict))
        {
            // An earlier, interrupted resolve of this same alert wrote it already; its time stands.
        }
        return await DeleteOpenAsync(open, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DriftAlert>> ListAsync(string accountId, bool includeResolved, CancellationToken ct)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.accountId = @pk");
        var documents = await Container.QueryPartitionAsync<AlertDocument>(query, accountId, ct).ConfigureAwait(false);
        var resolvedIds = documents.Where(d => d.Status == Resolved).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        return documents
            .Where(d => d.Status == Resolved ? includeResolved : !resolvedIds.Contains(ResolvedId(d)))
            .Select(d => d.ToAlert())
            .OrderByDescending(a => a.OpenedAt)
            .ToList();
    }

    public async Task<IReadOnlyList<DriftAlert>> ListWithOutboxAsync(int max, CancellationToken ct)
    {
        var rows = new List<AlertDocument>();
        using var iterator = Container.GetItemQueryIterator<AlertDocument>(new QueryDefinition("SELECT * FROM c WHERE c.relay = '1'"),
            requestOptions: new QueryRequestOptions { MaxItemCount = Math.Min(max, 1000) });
        while (iterator.HasMoreResults && rows.Count < max) rows.AddRange(await iterator.ReadNextAsync(ct).ConfigureAwait(false));
        return rows.Take(max).Select(d => d.ToAlert() with { OwnerId = d.OwnerId, Outbox = d.Outbox }).ToList();
    }

    public async Task<bool> TryClearOutboxAsync(DriftAlert alert, CancellationToken ct)
    {
        var id = alert.IsOpen ? OpenId(alert.Symbol) : string.Create(CultureInfo.InvariantCulture, $"{Resolved}:{alert.Symbol}:{alert.OpenedAt.UtcTicks}");
        var document = await Container.ReadOrDefaultAsync<AlertDocument>(id, alert.AccountId, ct).ConfigureAwait(false);
        if (document is null || document.OpenedAt != alert.OpenedAt || !(document.Outbox ?? []).SequenceEqual(alert.Outbox ?? [])) return false;
        try
        {
            await Container.ReplaceItemAsync(document.WithOutbox(null), id, new PartitionKey(alert.AccountId), CosmosOperations.IfMatch(document.ETag), ct)
                .ConfigureAwait(false);
            return true;
        }
        catch (CosmosException e) when (e.Is(HttpStatusCode.PreconditionFailed) || e.Is(HttpStatusCode.NotFound))
        {
            return false;
        }
    }

    private async Task<bool> CompleteInterruptedResolveAsync(string accountId, string symbol, CancellationToken ct)
    {
        var open = await Container.ReadOrDefaultAsync<AlertDocument>(OpenId(symbol), accountId, ct).ConfigureAwait(false);
        if (open is null) return true; // resolved meanwhile
        var history = await Container.ReadOrDefaultAsync<AlertDocument>(ResolvedId(open), accountId, ct).ConfigureAwait(false);
        return history is not null && await DeleteOpenAsync(open, ct).ConfigureAwait(false);
    }

    private async Task<bool> DeleteOpenAsync(AlertDocument open, CancellationToken ct)
    {
        try
        {
            await Container.DeleteItemAsync<AlertDocument>(open.Id, new PartitionKey(open.AccountId), CosmosOperations.IfMatch(open.ETag), ct)
                .ConfigureAwait(false);
            return true;
        }
        catch (CosmosException e) when (e.Is(HttpStatusCode.NotFound) || e.Is(HttpStatusCode.PreconditionFailed))
        {
            return false; // a concurrent resolve got there first
        }
    }

    private static string OpenId(string symbol)
    {
        if (symbol.AsSpan().IndexOfAny("/\\?#") >= 0)
            throw new ArgumentException($"Symbol '{symbol}' has a character Cosmos DB ids cannot hold.", nameof(symbol));
        return $"{Open}:{symbol}";
    }

    private static string ResolvedId(AlertDocument open) =>
        string.Create(CultureInfo.InvariantCulture, $"{Resolved}:{open.Symbol}:{open.OpenedAt.UtcTicks}");
}

internal sealed record AlertDocument(
    string Id,
    string AccountId,
    string Symbol,
    string Status,
    DateTimeOffset OpenedAt,
    decimal CurrentPercent,
    decimal TargetPercent,
    decimal Drift,
    TradeAction Action,
    decimal? Quantity,
    DateTimeOffset? ResolvedAt)
{
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }

    public string? OwnerId { get; init; }

    public List<string>? Outbox { get; init; }

    /// <summary>"1" while the outbox holds events: what the relay's query filters on.</summary>
    public string Relay { get; init; } = "0";

    public AlertDocument WithOutbox(List<string>? outbox) => this with { Outbox = outbox, Relay = outbox is { Count: > 0 } ? "1" : "0" };

    public static AlertDocument From(DriftAlert a, string id, string status) =>
        new(id, a.AccountId, a.Symbol, status, a.OpenedAt, a.CurrentPercent, a.TargetPercent, a.Drift, a.Action, a.Quantity, a.ResolvedAt) { OwnerId = a.OwnerId };

    public DriftAlert ToAlert() => new(AccountId, Symbol, OpenedAt, CurrentPercent, TargetPercent, Drift, Action, Quantity, ResolvedAt);
}
