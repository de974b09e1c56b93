using Microsoft.AspNetCore.Http;
using Portfolio.Api.Auth;
using Portfolio.Api.Contracts;
using Portfolio.Api.Http;
using Portfolio.Application.Common;
using Portfolio.Application.CorporateActions;

namespace Portfolio.Api.Endpoints;

public static class CorporateActionEndpoints
{
    private static readonly HashSet<string> Kinds = ["split", "stockDividend", "spinOff"];

    /// <summary>Admin only. The body is a split, stockDividend or spinOff transaction; its tradeDate is the effective date.</summary>
    public static Task<IResult> Apply(HttpContext http) => Problems.Handle(async () =>
    {
        var caller = Callers.From(http);
        caller.RequireAdmin();
        var (body, canonical) = await RequestBody.ReadAsync<TransactionBody>(http.Request, http.RequestAborted);
        if (body.Type is null || !Kinds.Contains(body.Type))
            throw new RequestException("type", $"a corporate action is one of {string.Join(", ", Kinds)}");
        var probe = body.ToTransaction("validation");
        var symbol = Names.ParseSymbol(body.Symbol);
        var report = await http.Get<CorporateActionService>().ApplyAsync(caller,
            new CorporateActionRequest(symbol, probe.TradeDate, body.ToTransaction, Hashing.Fingerprint(canonical)),
            http.Request.IdempotencyKey(), http.RequestAborted);
        return Results.Ok(report);
    });
}
