using Microsoft.AspNetCore.Http;
using Portfolio.Api.Auth;
using Portfolio.Api.Contracts;
using Portfolio.Api.Http;
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
}
