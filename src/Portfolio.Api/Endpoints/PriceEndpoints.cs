using Microsoft.AspNetCore.Http;
using Portfolio.Api.Auth;
using Portfolio.Api.Contracts;
using Portfolio.Api.Http;
using Portfolio.Application.PricesPush;
using Portfolio.Application.PricesQuery;

namespace Portfolio.Api.Endpoints;

public static class PriceEndpoints
{
    public static Task<IResult> Get(HttpContext http, string symbol) => Problems.Handle(async () =>
    {
        Callers.From(http);
        return Results.Ok(await http.Get<PriceQueryService>().GetAsync(Names.ParseSymbol(symbol), Query.Instant(http.Request, "from"),
            Query.Instant(http.Request, "to"), http.RequestAborted));
    });

    /// <summary>Admin only: quotes from a feed or webhook, validated like the price cycle's; the answer lists what was stored, rejected or held as suspect.</summary>
    public static Task<IResult> Push(HttpContext http) => Problems.Handle(async () =>
    {
        var caller = Callers.From(http);
        caller.RequireAdmin();
        var (body, _) = await RequestBody.ReadAsync<PushQuotesBody>(http.Request, http.RequestAborted);
        return Results.Ok(await http.Get<PricePushService>().PushAsync(caller, body.ToQuotes(), http.RequestAborted));
    });
}
