using System.Buffers;
using Portfolio.Application.Common;
using Portfolio.Application.Ports;

namespace Portfolio.Application.Accounts;

public static class OwnedAccounts
{
    private static readonly SearchValues<char> IdCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

    /// <summary>
    /// The caller's account, or 404 whether it does not exist, belongs to someone else, or could not be an id at all
    /// (ids are letters, digits, '_' and '-'; anything else is refused before it reaches a store).
    /// </summary>
    public static async Task<Account> GetOwnedAsync(this IAccountStore accounts, Caller caller, string accountId, CancellationToken ct)
    {
        if (accountId.Length is 0 or > 100 || accountId.AsSpan().ContainsAnyExcept(IdCharacters))
            throw new NotFoundException("account", accountId);
        return await accounts.GetAsync(caller.UserId, accountId, ct) ?? throw new NotFoundException("account", accountId);
    }
}
