using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Portfolio.Api.Endpoints;
using Portfolio.Functions.Revaluation;

namespace Portfolio.Functions.Http;

/// <summary>
/// The HTTP API: one function per route of <c>PortfolioRoutes.MapPortfolioApi</c>, under the host's default <c>/api</c>
/// prefix, each delegating to the shared handler. Anonymous at the Functions level because callers authenticate with a
/// bearer token (or Easy Auth), checked by <see cref="Auth.HttpAuthenticationMiddleware"/> and the handlers themselves.
/// </summary>
public static class PortfolioApiFunctions
{
    private const string AccountRoute = "accounts/{accountId}";

    [Function("CreateAccount")]
    public static Task<IActionResult> CreateAccount(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "accounts")] HttpRequest req) =>
        ResultActionAdapter.From(AccountEndpoints.Create(req.HttpContext));

    [Function("ListAccounts")]
    public static Task<IActionResult> ListAccounts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "accounts")] HttpRequest req) =>
        ResultActionAdapter.From(AccountEndpoints.List(req.HttpContext));

    [Function("GetAccount")]
    public static Task<IActionResult> GetAccount(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AccountRoute)] HttpRequest req, string accountId) =>
        ResultActionAdapter.From(AccountEndpoints.Get(req.HttpContext, accountId));

    [Function("RecordTransaction")]
    public static Task<IActionResult> RecordTransaction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = AccountRoute + "/transactions")] HttpRequest req, string accountId) =>
        ResultActionAdapter.From(TransactionEndpoints.Record(req.HttpContext, accountId));

    [Function("ListTransactions")]
    public static Task<IActionResult> ListTransactions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AccountRoute + "/transactions")] HttpRequest req, string accountId) =>
        ResultActionAdapter.From(TransactionEndpoints.List(req.HttpContext, accountId));

    [Function("Positions")]
    public static Task<IActionResult> Positions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AccountRoute + "/positions")] HttpRequest req, string accountId) =>
        ResultActionAdapter.From(HoldingsEndpoints.Positions(req.HttpContext, accountId));

    [Function("TaxLots")]
    public static Task<IActionResult> TaxLots(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AccountRoute + "/tax-lots")] HttpRequest req, string accountId) =>
        ResultActionAdapter.From(HoldingsEndpoints.TaxLots(req.HttpContext, accountId));

    [Function("RealizedGains")]
    public static Task<IActionResult> RealizedGains(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AccountRoute + "/realized-gains")] HttpRequest req, string accountId) =>
        ResultActionAdapter.From(HoldingsEndpoints.RealizedGains(req.HttpContext, accountId));

    [Function("Performance")]
    public static Task<IActionResult> Performance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AccountRoute + "/performance")] HttpRequest req, string accountId) =>
        ResultActionAdapter.From(HoldingsEndpoints.Performance(req.HttpContext, accountId));

    [Function("PutTargets")]
    public static Task<IActionResult> PutTargets(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = AccountRoute + "/targets")] HttpRequest req, string accountId) =>
        ResultActionAdapter.From(TargetEndpoints.Put(req.HttpContext, accountId));

    [Function("Rebalance")]
    public static Task<IActionResult> Rebalance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AccountRoute + "/rebalance")] HttpRequest req, string accountId) =>
        ResultActionAdapter.From(TargetEndpoints.Rebalance(req.HttpContext, accountId));

    [Function("Alerts")]
    public static Task<IActionResult> Alerts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AccountRoute + "/alerts")] HttpRequest req, string accountId) =>
        ResultActionAdapter.From(HoldingsEndpoints.Alerts(req.HttpContext, accountId));

    [Function("GetPrice")]
    public static Task<IActionResult> GetPrice(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "prices/{symbol}")] HttpRequest req, string symbol) =>
        ResultActionAdapter.From(PriceEndpoints.Get(req.HttpContext, symbol));

    /// <summary>Admin price push; the shared use case then asks for a revaluation, started here as an orchestration.</summary>
    [Function("PushPrices")]
    public static async Task<IActionResult> PushPrices(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "prices")] HttpRequest req, [DurableClient] DurableTaskClient durable)
    {
        using var _ = DurableRevaluationScheduler.Use(durable);
        return await ResultActionAdapter.From(PriceEndpoints.Push(req.HttpContext));
    }

    [Function("ApplyCorporateAction")]
    public static Task<IActionResult> ApplyCorporateAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "corporate-actions")] HttpRequest req) =>
        ResultActionAdapter.From(CorporateActionEndpoints.Apply(req.HttpContext));
}
