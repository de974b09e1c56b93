using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Portfolio.Api.Contracts;
using Portfolio.Api.Endpoints;

namespace Portfolio.Api;

/// <summary>
/// The HTTP API of the single-machine server; the Functions host has one function per route, named like the route, calling
/// the same handlers. A handler's typed results declare its answers; the refusals it throws are declared here.
/// </summary>
public static class PortfolioRoutes
{
    public const string AccountsTag = "Accounts";
    public const string TransactionsTag = "Transactions";
    public const string HoldingsTag = "Holdings";
    public const string TargetsTag = "Targets";
    public const string PricesTag = "Prices";
    public const string OrdersTag = "Orders";
    public const string NotificationsTag = "Notifications";
    public const string WatchlistTag = "Watchlist and price alerts";
    public const string AdminTag = "Admin";
    public const string ImportExportTag = "Import and export";
    public const string TaxTag = "Tax reports";

    public static IEndpointRouteBuilder MapPortfolioApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        const string account = "/accounts/{accountId}";

        api.MapPost("/accounts", AccountEndpoints.Create).WithName("CreateAccount").WithTags(AccountsTag).Refuses(409, 422);
        api.MapGet("/accounts", AccountEndpoints.List).WithName("ListAccounts").WithTags(AccountsTag);
        api.MapGet(account, AccountEndpoints.Get).WithName("GetAccount").WithTags(AccountsTag).Refuses(404);

        api.MapPost(account + "/transactions", TransactionEndpoints.Record).WithName("RecordTransaction").WithTags(TransactionsTag).Refuses(404, 409, 422);
        api.MapGet(account + "/transactions", TransactionEndpoints.List).WithName("ListTransactions").WithTags(TransactionsTag).Refuses(400, 404, 422);

        api.MapPost(account + "/imports", ImportExportEndpoints.Import).WithName("ImportTransactions").WithTags(ImportExportTag)
            .Accepts<string>("text/csv", "application/xml", "application/json").Refuses(400, 404, 409, 413).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet(account + "/export", ImportExportEndpoints.Export).WithName("ExportTransactions").WithTags(ImportExportTag)
            .Produces<string>(StatusCodes.Status200OK, "text/csv", "text/plain", "application/json").Refuses(404, 422);

        api.MapGet(account + "/tax/form-8949", TaxEndpoints.Form8949Csv).WithName("Form8949").WithTags(TaxTag)
            .Produces<string>(StatusCodes.Status200OK, "text/csv").Refuses(400, 404, 422);
        api.MapGet(account + "/tax/schedule-d", TaxEndpoints.ScheduleD).WithName("ScheduleD").WithTags(TaxTag).Refuses(400, 404, 422);

        api.MapGet(account + "/positions", HoldingsEndpoints.Positions).WithName("Positions").WithTags(HoldingsTag).Refuses(404, 422);
        api.MapGet(account + "/tax-lots", HoldingsEndpoints.TaxLots).WithName("TaxLots").WithTags(HoldingsTag).Refuses(404, 422);
        api.MapGet(account + "/realized-gains", HoldingsEndpoints.RealizedGains).WithName("RealizedGains").WithTags(HoldingsTag).Refuses(400, 404, 422);
        api.MapGet(account + "/performance", HoldingsEndpoints.Performance).WithName("Performance").WithTags(HoldingsTag).Refuses(400, 404, 422);

        api.MapPut(account + "/targets", TargetEndpoints.Put).WithName("PutTargets").WithTags(TargetsTag).Refuses(404, 409, 422);
        api.MapGet(account + "/rebalance", TargetEndpoints.Rebalance).WithName("Rebalance").WithTags(TargetsTag).Refuses(404, 422);
        api.MapGet(account + "/alerts", HoldingsEndpoints.Alerts).WithName("Alerts").WithTags(TargetsTag).Refuses(400, 404);

        api.MapPost(account + "/orders", OrderEndpoints.Place).WithName("PlaceOrder").WithTags(OrdersTag).Refuses(404, 409, 422);
        api.MapGet(account + "/orders", OrderEndpoints.List).WithName("ListOrders").WithTags(OrdersTag).Refuses(400, 404);
        api.MapGet(account + "/orders/{orderId}", OrderEndpoints.Get).WithName("GetOrder").WithTags(OrdersTag).Refuses(404);
        api.MapDelete(account + "/orders/{orderId}", OrderEndpoints.Cancel).WithName("CancelOrder").WithTags(OrdersTag).Refuses(404, 409);

        api.MapGet("/notifications", NotificationEndpoints.List).WithName("ListNotifications").WithTags(NotificationsTag).Refuses(400, 422);
        api.MapPost("/notifications/read", NotificationEndpoints.MarkRead).WithName("MarkNotificationsRead").WithTags(NotificationsTag).Refuses(404, 409, 422);
        api.MapGet("/notifications/stream", NotificationEndpoints.Stream).WithName("NotificationStream").WithTags(NotificationsTag)
            .Produces<NotificationResponse>(StatusCodes.Status200OK, "text/event-stream");
        api.MapPut("/webhooks", NotificationEndpoints.PutWebhook).WithName("PutWebhook").WithTags(NotificationsTag).Refuses(422);

        api.MapGet("/watchlist", WatchlistEndpoints.Get).WithName("GetWatchlist").WithTags(WatchlistTag);
        api.MapPut("/watchlist", WatchlistEndpoints.Put).WithName("PutWatchlist").WithTags(WatchlistTag).Refuses(400, 409, 412, 422);
        api.MapPost("/price-alerts", PriceAlertEndpoints.Create).WithName("CreatePriceAlert").WithTags(WatchlistTag).Refuses(400, 409, 422);
        api.MapGet("/price-alerts", PriceAlertEndpoints.List).WithName("ListPriceAlerts").WithTags(WatchlistTag);
        api.MapDelete("/price-alerts/{alertId}", PriceAlertEndpoints.Delete).WithName("DeletePriceAlert").WithTags(WatchlistTag).Refuses(404, 409);

        api.MapGet("/prices/{symbol}", PriceEndpoints.Get).WithName("GetPrice").WithTags(PricesTag).Refuses(400, 422);
        api.MapPost("/prices", PriceEndpoints.Push).WithName("PushPrices").WithTags(PricesTag, AdminTag).Refuses(403, 422);
        api.MapPost("/corporate-actions", CorporateActionEndpoints.Apply).WithName("ApplyCorporateAction").WithTags(AdminTag).Refuses(403, 409, 422);
        return app;
    }

    /// <summary>Declares the refusals a handler throws (see <see cref="Http.Problems"/>): field errors as validation problems.</summary>
    private static RouteHandlerBuilder Refuses(this RouteHandlerBuilder route, params int[] statuses)
    {
        foreach (var status in statuses)
            if (status is StatusCodes.Status400BadRequest or StatusCodes.Status409Conflict or StatusCodes.Status412PreconditionFailed
                or StatusCodes.Status422UnprocessableEntity)
                route.ProducesValidationProblem(status);
            else
                route.ProducesProblem(status);
        return route;
    }
}
