using Portfolio.Domain.Accounts;
using Portfolio.Domain.Rebalancing;

namespace Portfolio.Application.Accounts;

/// <summary>
/// An account document. <see cref="Symbols"/> is a cache of the symbols currently held (rebuildable from the ledger)
/// that the price cycle reads. <see cref="ConcurrencyToken"/> is the store's opaque version (an ETag in Cosmos): an
/// update succeeds only if the stored document still carries it.
/// </summary>
public sealed record Account(
    string Id,
    string OwnerId,
    string Name,
    AccountSettings Settings,
    DateTimeOffset CreatedAt,
    TargetAllocation? Targets = null,
    IReadOnlyList<string>? Symbols = null,
    string? CreateRequestHash = null,
    string? ConcurrencyToken = null)
{
    public IReadOnlyList<string> HeldSymbols => Symbols ?? [];
}

/// <summary>Identifies an account for fan-out work without loading it.</summary>
public sealed record AccountRef(string OwnerId, string AccountId);

public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);
