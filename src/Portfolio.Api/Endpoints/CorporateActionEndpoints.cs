using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portfolio.Api.Auth;
using Portfolio.Api.Contracts;
using Portfolio.Api.Http;
using Portfolio.Application.Common;
using Portfolio.Application.CorporateActions;

namespace Portfolio.Api.Endpoints;

public static class CorporateActionEndpoints
{
    private static readonly HashSet<string> Kinds = ["split", "stockDividend", "spinOff"];

    /// <summary>Books a corporate action in every account holding the symbol (admin).</summary>
    /// <remarks>The body is a split, stockDividend or spinOff transaction; its tradeDate is the effective date. Booked once
    /// per account, also on a retry under the same <c>Idempotency-Key</c>. Needs a token with the admin role.</remarks>
    public static async Task<Ok<CorporateActionReport>> Apply(
        JsonBody<TransactionBody> body, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey,
        ClaimsPrincipal user, CorporateActionService actions, CancellationToken ct)
    {
        var caller = Callers.From(user);
        caller.RequireAdmin();
        var transaction = body.Value;
        if (transaction.Type is null || !Kinds.Contains(transaction.Type))
            throw new RequestException("type", $"a corporate action is one of {string.Join(", ", Kinds)}");
        var action = transaction.ToTransaction(""); // parsed once; each account's booking gets its own id
        var symbol = Names.ParseSymbol(transaction.Symbol);
        var report = await actions.ApplyAsync(caller,
            new CorporateActionRequest(symbol, action, Hashing.Fingerprint(body.Canonical)),
            IdempotencyKeys.Check(idempotencyKey), ct);
        return TypedResults.Ok(report);
    }
}
