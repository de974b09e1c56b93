using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;

namespace Portfolio.Storage.Cosmos;

/// <summary>
/// The <c>ledger</c> container, partitioned by account. An entry's id is its sequence zero-padded to 12 digits, so the
/// append is a single create: 409 Conflict means a concurrent writer took that sequence. Idempotency keys are checked
/// before the create; that is race-free because sequences are gapless (see docs/storage.md).
/// </summary>
public sealed class CosmosLedgerStore(CosmosContainers containers) : ILedgerStore
{
    private Container Container => containers.Ledger;

    public async Task<IReadOnlyList<LedgerEntry>> ReadAsync(string accountId, long afterSequence, CancellationToken ct)
    {
        // By id, not by the numeric sequence: query parameters go through the client serializer, which writes numbers as
        // strings. Zero-padded ids sort as text in sequence order.
        var query = new QueryDefinition("SELECT * FROM c WHERE c.accountId = @pk AND c.id > @after ORDER BY c.id")
            .WithParameter("@after", IdOf(Math.Max(afterSequence, 0)));
        var documents = await Container.QueryPartitionAsync<LedgerDocument>(query, accountId, ct).ConfigureAwait(false);
        return documents.Select(d => d.ToEntry()).OrderBy(e => e.Sequence).ToList();
    }

    public async Task<AppendStatus> TryAppendAsync(LedgerEntry entry, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(entry.Sequence, 1);
        if (entry.IdempotencyKey is not null && await KeyTakenAsync(entry, ct).ConfigureAwait(false))
            return AppendStatus.IdempotencyKeyTaken;
        try
        {
            await Container.CreateItemAsync(LedgerDocument.From(entry), new PartitionKey(entry.AccountId), CosmosOperations.NoContentOnWrite, ct)
                .ConfigureAwait(false);
            return AppendStatus.Appended;
        }
        catch (CosmosException e) when (e.Is(HttpStatusCode.Conflict))
        {
            // The winner may have been this very request, retried: then the key, not the sequence, is the answer.
            return entry.IdempotencyKey is not null && await KeyTakenAsync(entry, ct).ConfigureAwait(false)
                ? AppendStatus.IdempotencyKeyTaken
                : AppendStatus.SequenceTaken;
        }
    }

    public async Task<LedgerEntry?> FindByIdempotencyKeyAsync(string accountId, string idempotencyKey, CancellationToken ct)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.accountId = @pk AND c.idempotencyKey = @key")
            .WithParameter("@key", idempotencyKey);
        var documents = await Container.QueryPartitionAsync<LedgerDocument>(query, accountId, ct).ConfigureAwait(false);
        return documents.Count == 0 ? null : documents.MinBy(d => d.Sequence)!.ToEntry();
    }

    private async Task<bool> KeyTakenAsync(LedgerEntry entry, CancellationToken ct) =>
        await FindByIdempotencyKeyAsync(entry.AccountId, entry.IdempotencyKey!, ct).ConfigureAwait(false) is not null;

    internal static string IdOf(long sequence) => sequence.ToString("D12", CultureInfo.InvariantCulture);
}

/// <summary>An entry; the transaction sits under /payload (not indexed) in its TransactionJson form.</summary>
internal sealed record LedgerDocument(
    string Id,
    string AccountId,
    [property: JsonNumberHandling(JsonNumberHandling.Strict)] long Sequence,
    string Type,
    DateTimeOffset RecordedAt,
    string? IdempotencyKey,
    string? RequestHash,
    JsonElement Payload,
    string? PrefixHash = null)
{
    public static LedgerDocument From(LedgerEntry e)
    {
        using var payload = JsonDocument.Parse(TransactionJson.Serialize(e.Transaction));
        return new(CosmosLedgerStore.IdOf(e.Sequence), e.AccountId, e.Sequence, TransactionJson.TypeName(e.Transaction),
            e.RecordedAt, e.IdempotencyKey, e.RequestHash, payload.RootElement.Clone(), e.PrefixHash);
    }

    public LedgerEntry ToEntry() =>
        new(AccountId, Sequence, TransactionJson.Deserialize(Payload.GetRawText()), RecordedAt, IdempotencyKey, RequestHash, PrefixHash);
}
