using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Portfolio.Api.Auth;
using Portfolio.Api.Contracts;
using Portfolio.Api.Http;
using Portfolio.Application.Common;
using Portfolio.Application.PriceAlerts;
using Portfolio.Application.Watchlists;

namespace Portfolio.Api.Endpoints;

public static class WatchlistEndpoints
{
    /// <summary>The caller's watchlist.</summary>
    /// <remarks>The <c>ETag</c> header is its version (absent while none was set); send it back as <c>If-Match</c> to replace only that version.</remarks>
    public static async Task<Ok<WatchlistResponse>> Get(ClaimsPrincipal user, WatchlistService watchlists, HttpResponse response, CancellationToken ct) =>
        Answer(await watchlists.GetAsync(Callers.From(user), ct), response);

    /// <summary>Replaces the caller's watchlist.</summary>
    /// <remarks>At most 200 symbols, each validated like everywhere else (a bad one is a 400 naming <c>symbols[i]</c>);
    /// repeats are dropped. Watched symbols are priced by every price cycle like held ones. With <c>If-Match</c> the list is
    /// replaced only if it is still that version, else 412; the same list again changes nothing.</remarks>
    public static async Task<Ok<WatchlistResponse>> Put(
        JsonBody<WatchlistBody> body, [FromHeader(Name = "If-Match")] string? ifMatch, ClaimsPrincipal user, WatchlistService watchlists,
        HttpResponse response, CancellationToken ct)
    {
        var symbols = body.Value.ParseSymbols();
        var version = ifMatch is null ? null
            : EntityTagHeaderValue.TryParse(ifMatch, out var tag) && !tag.IsWeak ? tag.Tag.ToString().Trim('"')
            : throw new RequestException("If-Match", "must be the quoted ETag the watchlist was read with");
        return Answer(await watchlists.PutAsync(Callers.From(user), symbols, version, ct), response);
    }

    private static Ok<WatchlistResponse> Answer(Watchlist watchlist, HttpResponse response)
    {
        if (WatchlistService.VersionOf(watchlist) is { } version) response.Headers.ETag = $"\"{version}\"";
        return TypedResults.Ok(WatchlistResponse.From(watchlist));
    }
}

public static class PriceAlertEndpoints
{
    /// <summary>Creates a price alert.</summary>
    /// <remarks>Exactly one of <c>above</c>, <c>below</c> (a price) and <c>movePercent</c> (a change relative to the latest
    /// stored price when the alert is created: +5 fires at or above that price × 1.05, −5 at or below × 0.95; 422 when the
    /// symbol has no price yet). It is evaluated on every stored quote (pushed, the price cycle, the live stream), fires once
    /// per crossing with a <c>price.alert</c> notification, and re-arms when a quote is back on the other side. An alert
    /// created while the price is already beyond fires on the next quote. With an <c>Idempotency-Key</c> a retry answers 200
    /// with the original.</remarks>
    public static async Task<Results<Created<PriceAlertResponse>, Ok<PriceAlertResponse>>> Create(
        JsonBody<PriceAlertBody> body, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, ClaimsPrincipal user,
        PriceAlertService alerts, CancellationToken ct)
    {
        var b = body.Value;
        var request = new CreatePriceAlertRequest(Names.ParseSymbol(b.Symbol), b.Above, b.Below, b.MovePercent,
            IdempotencyKeys.Check(idempotencyKey), Hashing.Fingerprint(body.Canonical));
        var result = await alerts.CreateAsync(Callers.From(user), request, ct);
        var response = PriceAlertResponse.From(result.Alert);
        return result.Created ? TypedResults.Created($"/api/price-alerts/{result.Alert.Id}", response) : TypedResults.Ok(response);
    }

    /// <summary>The caller's price alerts, oldest first.</summary>
    public static async Task<Ok<List<PriceAlertResponse>>> List(ClaimsPrincipal user, PriceAlertService alerts, CancellationToken ct) =>
        TypedResults.Ok((await alerts.ListAsync(Callers.From(user), ct)).Select(PriceAlertResponse.From).ToList());

    /// <summary>Deletes a price alert.</summary>
    /// <remarks>204; it stops firing at once (a firing already written is still delivered). Deleting it again is a 204 too.</remarks>
    public static async Task<NoContent> Delete(string alertId, ClaimsPrincipal user, PriceAlertService alerts, CancellationToken ct)
    {
        await alerts.DeleteAsync(Callers.From(user), alertId, ct);
        return TypedResults.NoContent();
    }
}
