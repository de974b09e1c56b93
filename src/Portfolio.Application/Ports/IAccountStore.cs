using Portfolio.Application.Accounts;

namespace Portfolio.Application.Ports;

/// <summary>Account documents, partitioned by owner: reading another owner's account finds nothing.</summary>
public interface IAccountStore
{
    /// <summary>A point read.</summary>
    Task<Account?> GetAsync(string ownerId, string accountId, CancellationToken ct);

    Task<IReadOnlyList<Account>> ListByOwnerAsync(string ownerId, CancellationToken ct);

    /// <summary>Creates the account; false (and nothing written) when the id exists.</summary>
    Task<bool> TryCreateAsync(Account account, CancellationToken ct);

    /// <summary>Replaces the account if it still carries <see cref="Account.ConcurrencyToken"/>; false when someone changed it first.</summary>
    Task<bool> TryReplaceAsync(Account account, CancellationToken ct);

    /// <summary>Every account, a page at a time, for background work (never on a request path).</summary>
    Task<Page<Account>> ListAllAsync(string? continuationToken, int pageSize, CancellationToken ct);
}
