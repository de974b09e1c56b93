using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Ledger;

/// <summary>
/// One stored transaction. <see cref="Sequence"/> numbers an account's entries from 1 without gaps; appending entry n
/// succeeds only while n − 1 is the last, which serializes writers. <see cref="RequestHash"/> fingerprints the request
/// that created it so a retry with the same <see cref="IdempotencyKey"/> can be told from a different request.
/// <see cref="PrefixHash"/> is set on every <see cref="LedgerState.Interval"/>-th entry: the
/// <see cref="LogPrefixHash"/> of the log up to and including it, so a checkpoint at that sequence is checked against
/// the log by reading one stored value instead of the whole prefix (null on other entries).
/// </summary>
public sealed record LedgerEntry(
    string AccountId,
    long Sequence,
    Transaction Transaction,
    DateTimeOffset RecordedAt,
    string? IdempotencyKey = null,
    string? RequestHash = null,
    string? PrefixHash = null);

public enum AppendStatus { Appended, SequenceTaken, IdempotencyKeyTaken }
