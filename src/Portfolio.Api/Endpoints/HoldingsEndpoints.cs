using Microsoft.AspNetCore.Http;
using Portfolio.Api.Auth;
using Portfolio.Api.Http;
using Portfolio.Application.Alerts;
using Portfolio.Application.Holdings;
using Portfolio.Application.Performance;

namespace Portfolio.Api.Endpoints;

public static class HoldingsEndpoints
{
    public static Task<IResult> Positions(HttpContext http, string accountId) => Problems.Handle(async () =>
        Results.Ok(await http.Get<HoldingsService>().PositionsAsync(Callers.From(http), accountId, http.RequestAborted)));

    public static Task<IResult> TaxLots(HttpContext http, string accountId) => Problems.Handle(async () =>
        Results.Ok(await http.Get<HoldingsService>().TaxLotsAsync(Callers.From(http), accountId, http.RequestAborted)));

    public static Task<IResult> RealizedGains(HttpContext http, string accountId) => Problems.Handle(async () =>
        Results.Ok(await http.Get<HoldingsService>().RealizedAsync(Callers.From(http), accountId, Query.Int(http.Request, "year"), http.RequestAborted)));

    public static Task<IResult> Performance(HttpContext http, string accountId) => Problems.Handle(async () =>
        Results.Ok(await http.Get<PerformanceService>().ComputeAsync(Callers.From(http), accountId,
            Query.Date(http.Request, "from"), Query.Date(http.Request, "to"), http.RequestAborted)));

    public static Task<IResult> Alerts(HttpContext http, string accountId) => Problems.Handle(async () =>
        Results.Ok(await http.Get<AlertService>().ListAsync(Callers.From(http), accountId,
            Query.Bool(http.Request, "includeResolved") ?? false, http.RequestAborted)));
}
