using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portfolio.Api.Auth;
using Portfolio.Api.Contracts;
using Portfolio.Api.Http;
using Portfolio.Api.Views;
using Portfolio.Application.Targets;
using Portfolio.Domain.Rebalancing;

namespace Portfolio.Api.Endpoints;

public static class TargetEndpoints
{
    /// <summary>Replaces an account's target allocation.</summary>
    /// <remarks>Percent per symbol (at most 100 in total) and a drift tolerance in percentage points (default 5). Symbols
    /// are upper-cased; the whole allocation is validated before anything is stored.</remarks>
    public static async Task<Ok<TargetsResponse>> Put(
        string accountId, JsonBody<TargetsBody> body, ClaimsPrincipal user, TargetService targets, CancellationToken ct)
    {
        var account = await targets.SetAsync(Callers.From(user), accountId, body.Value.ToAllocation(), ct);
        return TypedResults.Ok(AccountResponse.From(account).Targets!);
    }

    /// <summary>Drift from the target allocation and the trades that reach it.</summary>
    /// <remarks>Weights and drift in percent of total value (securities and cash), rounded to 10 decimal places; trades in
    /// whole shares unless the account allows fractions, rounded toward zero; taxable sells name their lots. Cached like
    /// positions: a strong ETag, 304 for a matching <c>If-None-Match</c>.</remarks>
    public static async Task<Results<JsonView<RebalancePlan>, NotModified>> Rebalance(
        string accountId, [FromHeader(Name = "If-None-Match")] string? ifNoneMatch, ClaimsPrincipal user, AccountViews views, CancellationToken ct) =>
        HoldingsEndpoints.Answer<RebalancePlan>(await views.RebalanceAsync(Callers.From(user), accountId, ct), ifNoneMatch);
}
