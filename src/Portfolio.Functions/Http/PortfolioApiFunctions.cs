using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Portfolio.Api.Contracts;
using Portfolio.Api.Endpoints;
using Portfolio.Api.Http;
using Portfolio.Api.Views;
using Portfolio.Application.Accounts;
using Portfolio.Application.Alerts;
using Portfolio.Application.CorporateActions;
using Portfolio.Application.Exports;
using Portfolio.Application.Imports;
using Portfolio.Application.Performance;
using Portfolio.Application.PricesPush;
using Portfolio.Application.PricesQuery;
using Portfolio.Application.Targets;
using Portfolio.Application.Transactions;
using Portfolio.Functions.Revaluation;

namespace Portfolio.Functions.Http;

/// <summary>
/// The HTTP API: one function per route of <c>PortfolioRoutes.MapPortfolioApi</c>, named like the route, under the host's
/// default <c>/api</c> prefix, each calling the shared handler with the services injected here. Anonymous at the Functions
/// level because callers authenticate with a bearer token (or Easy Auth), checked by
/// <see cref="Auth.HttpAuthenticationMiddleware"/> and the handlers; refusals become problem details in
/// <see cref="ProblemDetailsMiddleware"/>.
/// </summary>
public sealed class PortfolioApiFunctions(
    AccountService accounts, TransactionService transactions, AccountViews views, PerformanceService performance,
    TargetService targets, AlertService alerts, PriceQueryService prices, PricePushService push, CorporateActionService actions,
    ImportService imports, ExportService exports, IOptions<ImportOptions> importOptions)
{
    private const string AccountRoute = "accounts/{accountId}";

    [Function("CreateAccount")]
    public async Task<IActionResult> CreateAccount(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "accounts")] HttpRequest req) =>
        Adapt(await AccountEndpoints.Create(await JsonBody<CreateAccountBody>.ReadAsync(req), IdempotencyKey(req), req.HttpContext.User, accounts, req.HttpContext.RequestAborted));

    [Function("ListAccounts")]
    public async Task<IActionResult> ListAccounts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "accounts")] HttpRequest req) =>
        Adapt(await AccountEndpoints.List(req.HttpContext.User, accounts, req.HttpContext.RequestAborted));

    [Function("GetAccount")]
    public async Task<IActionResult> GetAccount(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AccountRoute)] HttpRequest req, string accountId) =>
        Adapt(await AccountEndpoints.Get(accountId, req.HttpContext.User, accounts, req.HttpContext.RequestAborted));

    [Function("RecordTransaction")]
    public async Task<IActionResult> RecordTransaction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = AccountRoute + "/transactions")] HttpRequest req, string accountId) =>
        Adapt(await TransactionEndpoints.Record(accountId, await JsonBody<TransactionBody>.ReadAsync(req), IdempotencyKey(req), req.HttpContext.User, transactions, req.HttpContext.RequestAborted));

    [Function("ListTransactions")]
    public async Task<IActionResult> ListTransactions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AccountRoute + "/transactions")] HttpRequest req, string accountId) =>
        Adapt(await TransactionEndpoints.List(accountId, Query(req, "page"), Query(req, "pageSize"), req.HttpContext.User, transactions, req.HttpContext.RequestAborted));

    [Function("ImportTransactions")]
    public async Task<IActionResult> ImportTransactions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = AccountRoute + "/imports")] HttpRequest req, string accountId) =>
        Adapt(await ImportExportEndpoints.Import(accountId, Query(req, "format"), Query(req, "dryRun"), Query(req, "skipInvalid"), req,
            req.HttpContext.User, imports, importOptions, req.HttpContext.RequestAborted));

    [Function("ExportTransactions")]
    public async Task<IActionResult> ExportTransactions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AccountRoute + "/export")] HttpRequest req, string accountId) =>
        Adapt(await ImportExportEndpoints.Export(accountId, Query(req, "format"), req.HttpContext.User, exports, req.HttpContext.RequestAborted));

    [Function("Positions")]
    public async Task<IActionResult> Positions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AccountRoute + "/positions")] HttpRequest req, string accountId) =>
        Adapt(await HoldingsEndpoints.Positions(accountId, IfNoneMatch(req), req.HttpContext.User, views, req.HttpContext.RequestAborted));

    [Function("TaxLots")]
    public async Task<IActionResult> TaxLots(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AccountRoute + "/tax-lots")] HttpRequest req, string accountId) =>
        Adapt(await HoldingsEndpoints.TaxLots(accountId, IfNoneMatch(req), req.HttpContext.User, views, req.HttpContext.RequestAborted));

    [Function("RealizedGains")]
    public async Task<IActionResult> RealizedGains(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AccountRoute + "/realized-gains")] HttpRequest req, string accountId) =>
        Adapt(await HoldingsEndpoints.RealizedGains(accountId, Query(req, "year"), IfNoneMatch(req), req.HttpContext.User, views, req.HttpContext.RequestAborted));

    [Function("Performance")]
    public async Task<IActionResult> Performance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AccountRoute + "/performance")] HttpRequest req, string accountId) =>
        Adapt(await HoldingsEndpoints.Performance(accountId, Query(req, "from"), Query(req, "to"), req.HttpContext.User, performance, req.HttpContext.RequestAborted));

    [Function("PutTargets")]
    public async Task<IActionResult> PutTargets(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = AccountRoute + "/targets")] HttpRequest req, string accountId) =>
        Adapt(await TargetEndpoints.Put(accountId, await JsonBody<TargetsBody>.ReadAsync(req), req.HttpContext.User, targets, req.HttpContext.RequestAborted));

    [Function("Rebalance")]
    public async Task<IActionResult> Rebalance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AccountRoute + "/rebalance")] HttpRequest req, string accountId) =>
        Adapt(await TargetEndpoints.Rebalance(accountId, IfNoneMatch(req), req.HttpContext.User, views, req.HttpContext.RequestAborted));

    [Function("Alerts")]
    public async Task<IActionResult> Alerts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AccountRoute + "/alerts")] HttpRequest req, string accountId) =>
        Adapt(await HoldingsEndpoints.Alerts(accountId, Query(req, "includeResolved"), req.HttpContext.User, alerts, req.HttpContext.RequestAborted));

    [Function("GetPrice")]
    public async Task<IActionResult> GetPrice(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "prices/{symbol}")] HttpRequest req, string symbol) =>
        Adapt(await PriceEndpoints.Get(symbol, Query(req, "from"), Query(req, "to"), req.HttpContext.User, prices, req.HttpContext.RequestAborted));

    /// <summary>Admin price push; the shared use case then asks for a revaluation, started here as an orchestration.</summary>
    [Function("PushPrices")]
    public async Task<IActionResult> PushPrices(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "prices")] HttpRequest req, [DurableClient] DurableTaskClient durable)
    {
        using var _ = DurableRevaluationScheduler.Use(durable);
        return Adapt(await PriceEndpoints.Push(await JsonBody<PushQuotesBody>.ReadAsync(req), req.HttpContext.User, push, req.HttpContext.RequestAborted));
    }

    [Function("ApplyCorporateAction")]
    public async Task<IActionResult> ApplyCorporateAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "corporate-actions")] HttpRequest req) =>
        Adapt(await CorporateActionEndpoints.Apply(await JsonBody<TransactionBody>.ReadAsync(req), IdempotencyKey(req), req.HttpContext.User, actions, req.HttpContext.RequestAborted));

    private static IActionResult Adapt(IResult result) => new ResultActionAdapter(result);

    // The server binds these the same way: [FromQuery] and [FromHeader] strings, comma-joined when repeated.
    private static string? Query(HttpRequest req, string name) => req.Query[name].ToString() is { Length: > 0 } value ? value : null;
    private static string? IdempotencyKey(HttpRequest req) => Header(req, IdempotencyKeys.Header);
    private static string? IfNoneMatch(HttpRequest req) => Header(req, "If-None-Match");
    private static string? Header(HttpRequest req, string name) => req.Headers[name].ToString() is { Length: > 0 } value ? value : null;
}
