using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portfolio.Api.Auth;
using Portfolio.Api.Contracts;
using Portfolio.Api.Http;
using Portfolio.Api.Views;
using Portfolio.Application.Alerts;
using Portfolio.Application.Holdings;
using Portfolio.Application.Performance;
using Portfolio.Domain.Returns;

namespace Portfolio.Api.Endpoints;

public static class HoldingsEndpoints
{
    /// <summary>Positions valued at the latest prices.</summary>
    /// <remarks>Quantity, cost basis, price with its time and source, stale flag, market value, unrealized gain and weight
    /// (percent of total value including cash, rounded to 10 decimal places). <c>asOf</c> is when the view was computed: it
    /// is served unchanged, with the same strong ETag, until a write, a price or a stale flag changes it; send the ETag in
    /// <c>If-None-Match</c> to get a 304.</remarks>
    public static async Task<Results<JsonView<PositionsView>, NotModified>> Positions(
        string accountId, [FromHeader(Name = "If-None-Match")] string? ifNoneMatch, ClaimsPrincipal user, AccountViews views, CancellationToken ct) =>
        Answer<PositionsView>(await views.PositionsAsync(Callers.From(user), accountId, ct), ifNoneMatch);

    /// <summary>Open tax lots with cost, acquisition date, unrealized gain and term.</summary>
    /// <remarks>Cached like positions: a strong ETag, 304 for a matching <c>If-None-Match</c>.</remarks>
    public static async Task<Results<JsonView<List<TaxLotView>>, NotModified>> TaxLots(
        string accountId, [FromHeader(Name = "If-None-Match")] string? ifNoneMatch, ClaimsPrincipal user, AccountViews views, CancellationToken ct) =>
        Answer<List<TaxLotView>>(await views.TaxLotsAsync(Callers.From(user), accountId, ct), ifNoneMatch);

    /// <summary>Closed lot pieces with short- and long-term totals and wash-sale disallowed amounts.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="year">Only sales in this calendar year (four digits); all years when absent.</param>
    /// <param name="ifNoneMatch">The ETag of a copy the caller holds.</param>
    /// <param name="user">The caller.</param>
    /// <param name="views">The cached views.</param>
    /// <param name="ct">Request aborted.</param>
    public static async Task<Results<JsonView<RealizedGainsView>, NotModified>> RealizedGains(
        string accountId, [FromQuery] string? year, [FromHeader(Name = "If-None-Match")] string? ifNoneMatch,
        ClaimsPrincipal user, AccountViews views, CancellationToken ct) =>
        Answer<RealizedGainsView>(await views.RealizedAsync(Callers.From(user), accountId, Query.Int(year, "year"), ct), ifNoneMatch);

    /// <summary>Value, cost, gains, income, fees and returns over a period, with the daily series.</summary>
    /// <remarks>Returns are fractions (0.05 is 5 %) rounded to 12 decimal places: simple return, time-weighted (daily
    /// chain-linked, flows at the end of the day), its annualized form and money-weighted (XIRR). Cached like positions
    /// until a write, a changed daily close of a symbol of the account or a new New York date changes it: a strong ETag,
    /// 304 for a matching <c>If-None-Match</c>.</remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="from">First day (yyyy-MM-dd); the first trade date when absent.</param>
    /// <param name="to">Last day (yyyy-MM-dd); today in New York when absent.</param>
    /// <param name="ifNoneMatch">The ETag of a copy the caller holds.</param>
    /// <param name="user">The caller.</param>
    /// <param name="performance">The cached reports.</param>
    /// <param name="ct">Request aborted.</param>
    public static async Task<Results<JsonView<PerformanceReport>, NotModified>> Performance(
        string accountId, [FromQuery] string? from, [FromQuery] string? to, [FromHeader(Name = "If-None-Match")] string? ifNoneMatch,
        ClaimsPrincipal user, PerformanceViews performance, CancellationToken ct) =>
        Answer<PerformanceReport>(await performance.GetAsync(Callers.From(user), accountId,
            Query.Date(from, "from"), Query.Date(to, "to"), ct), ifNoneMatch);

    /// <summary>Drift alerts of an account: open ones, and resolved ones on request.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="includeResolved">true to list resolved alerts as well.</param>
    /// <param name="user">The caller.</param>
    /// <param name="alerts">The use case.</param>
    /// <param name="ct">Request aborted.</param>
    public static async Task<Ok<IReadOnlyList<DriftAlert>>> Alerts(
        string accountId, [FromQuery] string? includeResolved, ClaimsPrincipal user, AlertService alerts, CancellationToken ct) =>
        TypedResults.Ok(await alerts.ListAsync(Callers.From(user), accountId, Query.Bool(includeResolved, "includeResolved") ?? false, ct));

    internal static Results<JsonView<T>, NotModified> Answer<T>(CachedView view, string? ifNoneMatch) =>
        view.IsNamedBy(ifNoneMatch) ? new NotModified(view.ETag) : new JsonView<T>(view);
}
