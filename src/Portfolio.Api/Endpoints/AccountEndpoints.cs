using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portfolio.Api.Auth;
using Portfolio.Api.Contracts;
using Portfolio.Api.Http;
using Portfolio.Application.Accounts;
using Portfolio.Application.Common;

namespace Portfolio.Api.Endpoints;

public static class AccountEndpoints
{
    /// <summary>Opens an account for the caller.</summary>
    /// <remarks>201 with the new account. With an <c>Idempotency-Key</c>, a retry of the same request answers 200 with the
    /// account it created; the same key with a different body is a 409.</remarks>
    public static async Task<Results<Created<AccountResponse>, Ok<AccountResponse>>> Create(
        JsonBody<CreateAccountBody> body, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey,
        ClaimsPrincipal user, AccountService accounts, CancellationToken ct)
    {
        var caller = Callers.From(user);
        var result = await accounts.CreateAsync(caller,
            new CreateAccountRequest(body.Value.Name ?? "", body.Value.ToSettings(), IdempotencyKeys.Check(idempotencyKey), Hashing.Fingerprint(body.Canonical)),
            ct);
        var response = AccountResponse.From(result.Account);
        return result.Created
            ? TypedResults.Created($"/api/accounts/{result.Account.Id}", response)
            : TypedResults.Ok(response);
    }

    /// <summary>Lists the caller's accounts.</summary>
    public static async Task<Ok<List<AccountResponse>>> List(ClaimsPrincipal user, AccountService accounts, CancellationToken ct)
    {
        var list = await accounts.ListAsync(Callers.From(user), ct);
        return TypedResults.Ok(list.Select(AccountResponse.From).ToList());
    }

    /// <summary>One of the caller's accounts.</summary>
    /// <remarks>Another user's account answers 404, as an unknown one does.</remarks>
    public static async Task<Ok<AccountResponse>> Get(string accountId, ClaimsPrincipal user, AccountService accounts, CancellationToken ct) =>
        TypedResults.Ok(AccountResponse.From(await accounts.GetAsync(Callers.From(user), accountId, ct)));
}
