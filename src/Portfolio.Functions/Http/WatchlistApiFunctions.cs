using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Portfolio.Api.Contracts;
using Portfolio.Api.Endpoints;
using Portfolio.Api.Http;
using Portfolio.Application.PriceAlerts;
using Portfolio.Application.Watchlists;

namespace Portfolio.Functions.Http;

/// <summary>The watchlist and price-alert routes of <c>PortfolioRoutes.MapPortfolioApi</c>, one function each.</summary>
public sealed class WatchlistApiFunctions(WatchlistService watchlists, PriceAlertService alerts)
{
    [Function("GetWatchlist")]
    public async Task<IActionResult> GetWatchlist(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "watchlist")] HttpRequest req) =>
        Adapt(await WatchlistEndpoints.Get(req.HttpContext.User, watchlists, req.HttpContext.Response, req.HttpContext.RequestAborted));

    [Function("PutWatchlist")]
    public async Task<IActionResult> PutWatchlist(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "watchlist")] HttpRequest req) =>
        Adapt(await WatchlistEndpoints.Put(await JsonBody<WatchlistBody>.ReadAsync(req), Header(req, "If-Match"), req.HttpContext.User, watchlists,
            req.HttpContext.Response, req.HttpContext.RequestAborted));

    [Function("CreatePriceAlert")]
    public async Task<IActionResult> CreatePriceAlert(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "price-alerts")] HttpRequest req) =>
        Adapt(await PriceAlertEndpoints.Create(await JsonBody<PriceAlertBody>.ReadAsync(req), Header(req, IdempotencyKeys.Header), req.HttpContext.User,
            alerts, req.HttpContext.RequestAborted));

    [Function("ListPriceAlerts")]
    public async Task<IActionResult> ListPriceAlerts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "price-alerts")] HttpRequest req) =>
        Adapt(await PriceAlertEndpoints.List(req.HttpContext.User, alerts, req.HttpContext.RequestAborted));

    [Function("DeletePriceAlert")]
    public async Task<IActionResult> DeletePriceAlert(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "price-alerts/{alertId}")] HttpRequest req, string alertId) =>
        Adapt(await PriceAlertEndpoints.Delete(alertId, req.HttpContext.User, alerts, req.HttpContext.RequestAborted));

    private static IActionResult Adapt(IResult result) => new ResultActionAdapter(result);
    private static string? Header(HttpRequest req, string name) => req.Headers[name].ToString() is { Length: > 0 } value ? value : null;
}
