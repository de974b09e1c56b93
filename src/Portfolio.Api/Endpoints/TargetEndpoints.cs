using Microsoft.AspNetCore.Http;
using Portfolio.Api.Auth;
using Portfolio.Api.Contracts;
using Portfolio.Api.Http;
using Portfolio.Application.Targets;

namespace Portfolio.Api.Endpoints;

public static class TargetEndpoints
{
    public static Task<IResult> Put(HttpContext http, string accountId) => Problems.Handle(async () =>
    {
        var caller = Callers.From(http);
        var (body, _) = await RequestBody.ReadAsync<TargetsBody>(http.Request, http.RequestAborted);
        var account = await http.Get<TargetService>().SetAsync(caller, accountId, body.ToAllocation(), http.RequestAborted);
        return Results.Ok(AccountResponse.From(account).Targets);
    });

    public static Task<IResult> Rebalance(HttpContext http, string accountId) => Problems.Handle(async () =>
        Results.Ok(await http.Get<TargetService>().RebalanceAsync(Callers.From(http), accountId, http.RequestAborted)));
}
