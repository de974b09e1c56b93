using Microsoft.AspNetCore.Http;
using Portfolio.Api.Auth;
using Portfolio.Api.Contracts;
using Portfolio.Api.Http;
using Portfolio.Application.Accounts;
using Portfolio.Application.Common;

namespace Portfolio.Api.Endpoints;

public static class AccountEndpoints
{
    public static Task<IResult> Create(HttpContext http) => Problems.Handle(async () =>
    {
        var caller = Callers.From(http);
        var (body, canonical) = await RequestBody.ReadAsync<CreateAccountBody>(http.Request, http.RequestAborted);
        var result = await http.Get<AccountService>().CreateAsync(caller,
            new CreateAccountRequest(body.Name ?? "", body.ToSettings(), http.Request.IdempotencyKey(), Hashing.Fingerprint(canonical)),
            http.RequestAborted);
        var response = AccountResponse.From(result.Account);
        return result.Created
            ? Results.Created($"/api/accounts/{result.Account.Id}", response)
            : Results.Ok(response);
    });

    public static Task<IResult> List(HttpContext http) => Problems.Handle(async () =>
    {
        var accounts = await http.Get<AccountService>().ListAsync(Callers.From(http), http.RequestAborted);
        return Results.Ok(accounts.Select(AccountResponse.From).ToList());
    });

    public static Task<IResult> Get(HttpContext http, string accountId) => Problems.Handle(async () =>
        Results.Ok(AccountResponse.From(await http.Get<AccountService>().GetAsync(Callers.From(http), accountId, http.RequestAborted))));
}
