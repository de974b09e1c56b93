using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portfolio.Api.Auth;
using Portfolio.Api.Contracts;
using Portfolio.Api.Http;
using Portfolio.Application.Common;
using Portfolio.Application.Orders;

namespace Portfolio.Api.Endpoints;

public static class OrderEndpoints
{
    /// <summary>Places a paper-trading order.</summary>
    /// <remarks>201 with the order, evaluated at once against the latest quote (so a market order placed while the
    /// market is open with a fresh quote answers filled). A market order otherwise waits for the first fresh quote in US
    /// market hours; a limit buy fills at a quote at or below the limit, a sell at or above, at the quote's price. Day orders
    /// expire at the session's close. A buy of a cash-tracking account beyond its buying power (cash plus margin allowance
    /// less what pending buys reserve; a market buy reserves the latest price plus 5 %), or a sell of shares not held or
    /// reserved by another pending sell, is a 422 naming <c>quantity</c>. With an <c>Idempotency-Key</c> a retry answers 200
    /// with the original.</remarks>
    public static async Task<Results<Created<OrderResponse>, Ok<OrderResponse>>> Place(
        string accountId, JsonBody<PlaceOrderBody> body, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey,
        ClaimsPrincipal user, OrderService orders, CancellationToken ct)
    {
        var request = body.Value.ToRequest(accountId, IdempotencyKeys.Check(idempotencyKey), Hashing.Fingerprint(body.Canonical));
        var result = await orders.PlaceAsync(Callers.From(user), request, ct);
        var response = OrderResponse.From(result.Order);
        return result.Created
            ? TypedResults.Created($"/api/accounts/{accountId}/orders/{result.Order.Id}", response)
            : TypedResults.Ok(response);
    }

    /// <summary>An account's orders, oldest first.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="status">Only orders in this status: pending, filled, cancelled, expired or rejected.</param>
    /// <param name="user">The caller.</param>
    /// <param name="orders">The use case.</param>
    /// <param name="ct">Request aborted.</param>
    public static async Task<Ok<List<OrderResponse>>> List(
        string accountId, [FromQuery] string? status, ClaimsPrincipal user, OrderService orders, CancellationToken ct)
    {
        OrderStatus? filter = string.IsNullOrEmpty(status) ? null : Names.Parse(PlaceOrderBody.Statuses, status, "status");
        var list = await orders.ListAsync(Callers.From(user), accountId, filter, ct);
        return TypedResults.Ok(list.Select(OrderResponse.From).ToList());
    }

    /// <summary>One order.</summary>
    public static async Task<Ok<OrderResponse>> Get(string accountId, string orderId, ClaimsPrincipal user, OrderService orders, CancellationToken ct) =>
        TypedResults.Ok(OrderResponse.From(await orders.GetAsync(Callers.From(user), accountId, orderId, ct)));

    /// <summary>Cancels a pending order.</summary>
    /// <remarks>200 with the cancelled order (again for a repeated cancel); 409 once it is filled, expired or rejected, or
    /// while a fill decided at a quote is being booked.</remarks>
    public static async Task<Ok<OrderResponse>> Cancel(string accountId, string orderId, ClaimsPrincipal user, OrderService orders, CancellationToken ct) =>
        TypedResults.Ok(OrderResponse.From(await orders.CancelAsync(Callers.From(user), accountId, orderId, ct)));
}
