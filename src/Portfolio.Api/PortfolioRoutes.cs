using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Portfolio.Api.Contracts;
using Portfolio.Api.Endpoints;
using Portfolio.Application.Alerts;
using Portfolio.Application.CorporateActions;
using Portfolio.Application.Holdings;
using Portfolio.Application.Prices;
using Portfolio.Application.PricesQuery;
using Portfolio.Domain.Rebalancing;
using Portfolio.Domain.Returns;

namespace Portfolio.Api;

/// <summary>
/// The HTTP API of the single-machine server. The Functions host binds the same handlers, one function per route.
/// The handlers return <see cref="IResult"/>, so each route declares its body and answers for the OpenAPI document.
/// </summary>
public static class PortfolioRoutes
{
    public static IEndpointRouteBuilder MapPortfolioApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status400BadRequest)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPost("/accounts", (Delegate)((HttpContext http) => AccountEndpoints.Create(http)))
            .Accepts<CreateAccountBody>("application/json").Produces<AccountResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status409Conflict);
        api.MapGet("/accounts", (Delegate)((HttpContext http) => AccountEndpoints.List(http))).Produces<List<AccountResponse>>();
        api.MapGet("/accounts/{accountId}", (HttpContext http, string accountId) => AccountEndpoints.Get(http, accountId)).Produces<AccountResponse>();

        api.MapPost("/accounts/{accountId}/transactions", (HttpContext http, string accountId) => TransactionEndpoints.Record(http, accountId))
            .Accepts<TransactionBody>("application/json").Produces<TransactionResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/accounts/{accountId}/transactions", (HttpContext http, string accountId) => TransactionEndpoints.List(http, accountId))
            .Produces<TransactionPageResponse>();

        api.MapGet("/accounts/{accountId}/positions", (HttpContext http, string accountId) => HoldingsEndpoints.Positions(http, accountId)).Produces<PositionsView>();
        api.MapGet("/accounts/{accountId}/tax-lots", (HttpContext http, string accountId) => HoldingsEndpoints.TaxLots(http, accountId)).Produces<List<TaxLotView>>();
        api.MapGet("/accounts/{accountId}/realized-gains", (HttpContext http, string accountId) => HoldingsEndpoints.RealizedGains(http, accountId)).Produces<RealizedGainsView>();
        api.MapGet("/accounts/{accountId}/performance", (HttpContext http, string accountId) => HoldingsEndpoints.Performance(http, accountId)).Produces<PerformanceReport>();

        api.MapPut("/accounts/{accountId}/targets", (HttpContext http, string accountId) => TargetEndpoints.Put(http, accountId))
            .Accepts<TargetsBody>("application/json").Produces<TargetsResponse>();
        api.MapGet("/accounts/{accountId}/rebalance", (HttpContext http, string accountId) => TargetEndpoints.Rebalance(http, accountId)).Produces<RebalancePlan>();
        api.MapGet("/accounts/{accountId}/alerts", (HttpContext http, string accountId) => HoldingsEndpoints.Alerts(http, accountId)).Produces<List<DriftAlert>>();

        api.MapGet("/prices/{symbol}", (HttpContext http, string symbol) => PriceEndpoints.Get(http, symbol)).Produces<PriceView>();
        api.MapPost("/prices", (Delegate)((HttpContext http) => PriceEndpoints.Push(http)))
            .Accepts<PushQuotesBody>("application/json").Produces<PushResult>().ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/corporate-actions", (Delegate)((HttpContext http) => CorporateActionEndpoints.Apply(http)))
            .Accepts<TransactionBody>("application/json").Produces<CorporateActionReport>().ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }
}
