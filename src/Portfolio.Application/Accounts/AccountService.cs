using Portfolio.Application.Common;
using Portfolio.Application.Ports;
using Portfolio.Domain;
using Portfolio.Domain.Accounts;

namespace Portfolio.Application.Accounts;

public sealed record CreateAccountRequest(string Name, AccountSettings Settings, string? IdempotencyKey, string RequestHash);

public sealed record CreateAccountResult(Account Account, bool Created);

public sealed class AccountService(IAccountStore accounts, TimeProvider clock)
{
    public const int MaxNameLength = 200;

    /// <summary>
    /// With an idempotency key the account id is derived from owner and key, so a retry finds the account it created:
    /// the same request answers with that account, a different request under the same key is a conflict.
    /// </summary>
    public async Task<CreateAccountResult> CreateAsync(Caller caller, CreateAccountRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Name)) throw new InvalidRequestException("name", "is required");
        if (request.Name.Length > MaxNameLength) throw new InvalidRequestException("name", $"is longer than {MaxNameLength} characters");
        if (string.IsNullOrWhiteSpace(request.Settings.Currency) || request.Settings.Currency.Length != 3 || !request.Settings.Currency.All(char.IsAsciiLetterUpper))
            throw new InvalidRequestException("currency", "must be a three-letter ISO 4217 code such as USD");
        ValidateMarginAllowance(request.Settings);

        var id = request.IdempotencyKey is { } key
            ? Hashing.DeterministicId("acc_", caller.UserId, key)
            : "acc_" + Guid.CreateVersion7(clock.GetUtcNow()).ToString("N");
        var account = new Account(id, caller.UserId, request.Name.Trim(), request.Settings, clock.GetUtcNow(), CreateRequestHash: request.RequestHash);
        if (await accounts.TryCreateAsync(account, ct))
        {
            Operations.PortfolioTelemetry.Write("account");
            return new CreateAccountResult(account, true);
        }

        var existing = await accounts.GetAsync(caller.UserId, id, ct)
            ?? throw new ConflictException("Idempotency-Key", "the account for this key is being created; retry");
        if (existing.CreateRequestHash != request.RequestHash)
            throw new ConflictException("Idempotency-Key", "this key was already used for a different request");
        return new CreateAccountResult(existing, false);
    }

    private static void ValidateMarginAllowance(AccountSettings settings)
    {
        var allowance = settings.MarginAllowance;
        if (allowance < 0) throw new InvalidRequestException("marginAllowance", $"must not be negative, was {allowance}");
        if (allowance > Quantities.MaxMagnitude) throw new InvalidRequestException("marginAllowance", $"must be at most {Quantities.MaxMagnitude}, was {allowance}");
        if (allowance.Scale > Quantities.MaxQuantityDecimals && Quantities.SignificantDecimalPlaces(allowance) > Quantities.MaxQuantityDecimals)
            throw new InvalidRequestException("marginAllowance", $"has more than {Quantities.MaxQuantityDecimals} decimal places");
        if (allowance != 0 && !settings.TracksCash)
            throw new InvalidRequestException("marginAllowance", "applies only to an account that tracks cash");
    }

    public async Task<Account> GetAsync(Caller caller, string accountId, CancellationToken ct) =>
        await accounts.GetOwnedAsync(caller, accountId, ct);

    public Task<IReadOnlyList<Account>> ListAsync(Caller caller, CancellationToken ct) => accounts.ListByOwnerAsync(caller.UserId, ct);
}
