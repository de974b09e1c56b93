using System.Net;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using Portfolio.Application.Ports;

namespace Portfolio.Storage.Cosmos;

/// <summary>
/// The <c>checkpoints</c> container, partitioned by account. A checkpoint's state can outgrow a 2 MB document, so it is
/// cut into parts (id "{sequence}.{part}") written before the header (id = sequence zero-padded to 12 digits) that
/// names how many there are: a reader that finds a header finds all its parts. Older checkpoints are deleted header first.
/// </summary>
public sealed class CosmosLedgerCheckpointStore(CosmosContainers containers) : ILedgerCheckpointStore
{
    // Characters per part: JSON escaping of the quotes in the state can nearly double a part's size on the wire.
    internal const int PartLength = 512 * 1024;

    private Container Container => containers.Checkpoints;

    public async Task SaveAsync(LedgerCheckpoint checkpoint, CancellationToken ct)
    {
        var info = checkpoint.Info;
        var key = new PartitionKey(info.AccountId);
        var parts = Math.Max(1, (checkpoint.State.Length + PartLength - 1) / PartLength);
        for (var part = 0; part < parts; part++)
        {
            var start = part * PartLength;
            var data = checkpoint.State.Substring(start, Math.Min(PartLength, checkpoint.State.Length - start));
            await Container.UpsertItemAsync(new CheckpointPart(PartId(info.Sequence, part), info.AccountId, data), key, CosmosOperations.NoContentOnWrite, ct)
                .ConfigureAwait(false);
        }
        await Container.UpsertItemAsync(CheckpointHeader.From(info, parts), key, CosmosOperations.NoContentOnWrite, ct).ConfigureAwait(false);

        foreach (var old in (await HeadersAsync(info.AccountId, ct).ConfigureAwait(false)).Skip(ILedgerCheckpointStore.Kept))
        {
            await DeleteAsync(old.Id, key, ct).ConfigureAwait(false);
            for (var part = 0; part < old.Parts; part++) await DeleteAsync(PartId(old.Sequence, part), key, ct).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<LedgerCheckpointInfo>> ListAsync(string accountId, CancellationToken ct) =>
        (await HeadersAsync(accountId, ct).ConfigureAwait(false)).Select(h => h.ToInfo()).ToList();

    public async Task<LedgerCheckpoint?> ReadAsync(string accountId, long sequence, CancellationToken ct)
    {
        var header = await Container.ReadOrDefaultAsync<CheckpointHeader>(CosmosLedgerStore.IdOf(sequence), accountId, ct).ConfigureAwait(false);
        if (header is null) return null;
        var state = new System.Text.StringBuilder();
        for (var part = 0; part < header.Parts; part++)
        {
            var document = await Container.ReadOrDefaultAsync<CheckpointPart>(PartId(sequence, part), accountId, ct).ConfigureAwait(false);
            if (document is null) return null; // deleted under us by a newer save: the caller falls back to another
            state.Append(document.Data);
        }
        return new LedgerCheckpoint(header.ToInfo(), state.ToString());
    }

    /// <summary>Newest first.</summary>
    private async Task<List<CheckpointHeader>> HeadersAsync(string accountId, CancellationToken ct)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.accountId = @pk AND c.documentKind = @kind").WithParameter("@kind", CheckpointHeader.Kind);
        var headers = await Container.QueryPartitionAsync<CheckpointHeader>(query, accountId, ct).ConfigureAwait(false);
        return headers.OrderByDescending(h => h.Sequence).ToList();
    }

    private async Task DeleteAsync(string id, PartitionKey key, CancellationToken ct)
    {
        try { await Container.DeleteItemAsync<object>(id, key, CosmosOperations.NoContentOnWrite, ct).ConfigureAwait(false); }
        catch (CosmosException e) when (e.Is(HttpStatusCode.NotFound)) { }
    }

    private static string PartId(long sequence, int part) => $"{CosmosLedgerStore.IdOf(sequence)}.{part:D4}";
}

internal sealed record CheckpointHeader(
    string Id,
    string AccountId,
    string DocumentKind,
    [property: JsonNumberHandling(JsonNumberHandling.Strict)] long Sequence,
    string PrefixHash,
    DateOnly? LastTradeDate,
    [property: JsonNumberHandling(JsonNumberHandling.Strict)] int Format,
    [property: JsonNumberHandling(JsonNumberHandling.Strict)] int Parts)
{
    public const string Kind = "checkpoint";

    public static CheckpointHeader From(LedgerCheckpointInfo info, int parts) =>
        new(CosmosLedgerStore.IdOf(info.Sequence), info.AccountId, Kind, info.Sequence, info.PrefixHash, info.LastTradeDate, info.Format, parts);

    public LedgerCheckpointInfo ToInfo() => new(AccountId, Sequence, PrefixHash, LastTradeDate, Format);
}

internal sealed record CheckpointPart(string Id, string AccountId, string Data);
