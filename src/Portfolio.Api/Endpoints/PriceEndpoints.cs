using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portfolio.Api.Auth;
using Portfolio.Api.Contracts;
using Portfolio.Api.Http;
using Portfolio.Application.Prices;
using Portfolio.Application.PricesPush;
using Portfolio.Application.PricesQuery;

namespace Portfolio.Api.Endpoints;

public static class PriceEndpoints
{
    /// <summary>The latest quote of a symbol with its source, time and stale flag, and its price history.</summary>
    /// <param name="symbol">1 to 20 letters, digits or . - : ^</param>
    /// <param name="from">Start of the history (ISO 8601 date or instant).</param>
    /// <param name="to">End of the history (ISO 8601 date or instant).</param>
    /// <param name="user">The caller.</param>
    /// <param name="prices">The use case.</param>
    /// <param name="ct">Request aborted.</param>
    public static async Task<Ok<PriceView>> Get(
        string symbol, [FromQuery] string? from, [FromQuery] string? to, ClaimsPrincipal user, PriceQueryService prices, CancellationToken ct)
    {
        Callers.From(user);
        return TypedResults.Ok(await prices.GetAsync(Names.ParseSymbol(symbol), Query.Instant(from, "from"), Query.Instant(to, "to"), ct));
    }

    /// <summary>Stores quotes pushed by a feed or webhook (admin).</summary>
    /// <remarks>Validated like the price cycle's quotes; the answer lists what was stored, rejected or held as suspect.
    /// Needs a token with the admin role.</remarks>
    public static async Task<Ok<PushResult>> Push(JsonBody<PushQuotesBody> body, ClaimsPrincipal user, PricePushService push, CancellationToken ct)
    {
        var caller = Callers.From(user);
        caller.RequireAdmin();
        return TypedResults.Ok(await push.PushAsync(caller, body.Value.ToQuotes(), ct));
    }
}
