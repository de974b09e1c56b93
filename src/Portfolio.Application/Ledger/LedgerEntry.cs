using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Ledger;

/// <summary>
/// One stored transaction. <see cref="Sequence"/> numbers an account's entries from 1 without gaps; appending entry n
/// succeeds only while n − 1 is the last, which serializes writers. <see cref="RequestHash"/> fingerprints the request
/// that created it so a retry with the same <see cref="IdempotencyKey"/> can be told from a different request.
/// </summary>
public sealed record LedgerEntry(
    string AccountId,
    long Sequence,
    Transaction Transaction,
    DateTimeOffset RecordedAt,
    string? IdempotencyKey = null,
    string? RequestHash = null);

public enum AppendStatus { Appended, SequenceTaken, IdempotencyKeyTaken }
