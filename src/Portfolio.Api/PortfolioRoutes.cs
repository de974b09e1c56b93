using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Portfolio.Api.Endpoints;

namespace Portfolio.Api;

/// <summary>The HTTP API of the single-machine server. The Functions host binds the same handlers, one function per route.</summary>
public static class PortfolioRoutes
{
    public static IEndpointRouteBuilder MapPortfolioApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization();
        api.MapPost("/accounts", (Delegate)((HttpContext http) => AccountEndpoints.Create(http)));
        api.MapGet("/accounts", (Delegate)((HttpContext http) => AccountEndpoints.List(http)));
        api.MapGet("/accounts/{accountId}", (HttpContext http, string accountId) => AccountEndpoints.Get(http, accountId));
        api.MapPost("/accounts/{accountId}/transactions", (HttpContext http, string accountId) => TransactionEndpoints.Record(http, accountId));
        api.MapGet("/accounts/{accountId}/transactions", (HttpContext http, string accountId) => TransactionEndpoints.List(http, accountId));
        api.MapGet("/accounts/{accountId}/positions", (HttpContext http, string accountId) => HoldingsEndpoints.Positions(http, accountId));
        api.MapGet("/accounts/{accountId}/tax-lots", (HttpContext http, string accountId) => HoldingsEndpoints.TaxLots(http, accountId));
        api.MapGet("/accounts/{accountId}/realized-gains", (HttpContext http, string accountId) => HoldingsEndpoints.RealizedGains(http, accountId));
        api.MapGet("/accounts/{accountId}/performance", (HttpContext http, string accountId) => HoldingsEndpoints.Performance(http, accountId));
        api.MapPut("/accounts/{accountId}/targets", (HttpContext http, string accountId) => TargetEndpoints.Put(http, accountId));
        api.MapGet("/accounts/{accountId}/rebalance", (HttpContext http, string accountId) => TargetEndpoints.Rebalance(http, accountId));
        api.MapGet("/accounts/{accountId}/alerts", (HttpContext http, string accountId) => HoldingsEndpoints.Alerts(http, accountId));
        api.MapGet("/prices/{symbol}", (HttpContext http, string symbol) => PriceEndpoints.Get(http, symbol));
        api.MapPost("/prices", (Delegate)((HttpContext http) => PriceEndpoints.Push(http)));
        api.MapPost("/corporate-actions", (Delegate)((HttpContext http) => CorporateActionEndpoints.Apply(http)));
        return app;
    }
}
