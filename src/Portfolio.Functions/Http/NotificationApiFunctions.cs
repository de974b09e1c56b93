using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Portfolio.Api.Contracts;
using Portfolio.Api.Endpoints;
using Portfolio.Api.Http;
using Portfolio.Application.Notifications;

namespace Portfolio.Functions.Http;

/// <summary>The notification and webhook routes of <c>PortfolioRoutes.MapPortfolioApi</c>, one function each.</summary>
public sealed class NotificationApiFunctions(NotificationService notifications)
{
    [Function("ListNotifications")]
    public async Task<IActionResult> ListNotifications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "notifications")] HttpRequest req) =>
        Adapt(await NotificationEndpoints.List(Query(req, "unread"), Query(req, "limit"), req.HttpContext.User, notifications, req.HttpContext.RequestAborted));

    [Function("MarkNotificationsRead")]
    public async Task<IActionResult> MarkNotificationsRead(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "notifications/read")] HttpRequest req) =>
        Adapt(await NotificationEndpoints.MarkRead(await JsonBody<MarkReadBody>.ReadAsync(req), req.HttpContext.User, notifications, req.HttpContext.RequestAborted));

    [Function("NotificationStream")]
    public IActionResult NotificationStream(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "notifications/stream")] HttpRequest req) =>
        Adapt(NotificationEndpoints.Stream(Header(req, "Last-Event-ID"), req.HttpContext.User, notifications, req.HttpContext.RequestAborted));

    [Function("PutWebhook")]
    public async Task<IActionResult> PutWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "webhooks")] HttpRequest req) =>
        Adapt(await NotificationEndpoints.PutWebhook(await JsonBody<WebhookBody>.ReadAsync(req), req.HttpContext.User, notifications, req.HttpContext.RequestAborted));

    private static IActionResult Adapt(IResult result) => new ResultActionAdapter(result);
    private static string? Query(HttpRequest req, string name) => req.Query[name].ToString() is { Length: > 0 } value ? value : null;
    private static string? Header(HttpRequest req, string name) => req.Headers[name].ToString() is { Length: > 0 } value ? value : null;
}
