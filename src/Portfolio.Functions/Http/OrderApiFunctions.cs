using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Portfolio.Api.Contracts;
using Portfolio.Api.Endpoints;
using Portfolio.Api.Http;
using Portfolio.Application.Orders;

namespace Portfolio.Functions.Http;

/// <summary>The order routes of <c>PortfolioRoutes.MapPortfolioApi</c>, one function each (see <see cref="PortfolioApiFunctions"/>).</summary>
public sealed class OrderApiFunctions(OrderService orders)
{
    private const string OrdersRoute = "accounts/{accountId}/orders";

    [Function("PlaceOrder")]
    public async Task<IActionResult> PlaceOrder(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = OrdersRoute)] HttpRequest req, string accountId) =>
        Adapt(await OrderEndpoints.Place(accountId, await JsonBody<PlaceOrderBody>.ReadAsync(req), Header(req, IdempotencyKeys.Header),
            req.HttpContext.User, orders, req.HttpContext.RequestAborted));

    [Function("ListOrders")]
    public async Task<IActionResult> ListOrders(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = OrdersRoute)] HttpRequest req, string accountId) =>
        Adapt(await OrderEndpoints.List(accountId, req.Query["status"].ToString() is { Length: > 0 } s ? s : null,
            req.HttpContext.User, orders, req.HttpContext.RequestAborted));

    [Function("GetOrder")]
    public async Task<IActionResult> GetOrder(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = OrdersRoute + "/{orderId}")] HttpRequest req, string accountId, string orderId) =>
        Adapt(await OrderEndpoints.Get(accountId, orderId, req.HttpContext.User, orders, req.HttpContext.RequestAborted));

    [Function("CancelOrder")]
    public async Task<IActionResult> CancelOrder(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = OrdersRoute + "/{orderId}")] HttpRequest req, string accountId, string orderId) =>
        Adapt(await OrderEndpoints.Cancel(accountId, orderId, req.HttpContext.User, orders, req.HttpContext.RequestAborted));

    private static IActionResult Adapt(IResult result) => new ResultActionAdapter(result);
    private static string? Header(HttpRequest req, string name) => req.Headers[name].ToString() is { Length: > 0 } value ? value : null;
}
