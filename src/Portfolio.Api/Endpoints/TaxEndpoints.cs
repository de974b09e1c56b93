using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portfolio.Api.Auth;
using Portfolio.Api.Http;
using Portfolio.Application.Tax;

namespace Portfolio.Api.Endpoints;

public static class TaxEndpoints
{
    /// <summary>Form 8949 of a tax year as CSV.</summary>
    /// <remarks>One line per closed lot piece sold in the year: Part I (short-term, box C) then Part II (long-term, box F),
    /// each followed by its totals; columns (a) description, (b) date acquired, (c) date sold, (d) proceeds (net of the
    /// selling fee), (e) cost basis (including the buying fee), (f) code (W for a wash sale), (g) adjustment (the
    /// disallowed loss, positive), (h) gain or loss = (d) − (e) + (g). Taxable accounts only: others answer 422.</remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="year">The tax year (four digits).</param>
    /// <param name="user">The caller.</param>
    /// <param name="tax">The use case.</param>
    /// <param name="ct">Request aborted.</param>
    public static async Task<FileContentHttpResult> Form8949Csv(
        string accountId, [FromQuery] string? year, ClaimsPrincipal user, TaxReportService tax, CancellationToken ct)
    {
        var caller = Callers.From(user);
        var taxYear = Year(year);
        var lines = await tax.Form8949Async(caller, accountId, taxYear, ct);
        return TypedResults.File(Encoding.UTF8.GetBytes(Form8949.Write(lines)), "text/csv", $"form-8949-{taxYear}.csv");
    }

    /// <summary>The Schedule D totals that a tax year's Form 8949 gives.</summary>
    /// <remarks>Line 3 (short-term, box C), line 7, line 10 (long-term, box F), line 15 and line 16, each with proceeds, cost,
    /// adjustments and gain or loss in dollars and cents. Taxable accounts only: others answer 422.</remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="year">The tax year (four digits).</param>
    /// <param name="user">The caller.</param>
    /// <param name="tax">The use case.</param>
    /// <param name="ct">Request aborted.</param>
    public static async Task<Ok<ScheduleD>> ScheduleD(
        string accountId, [FromQuery] string? year, ClaimsPrincipal user, TaxReportService tax, CancellationToken ct)
    {
        var caller = Callers.From(user);
        return TypedResults.Ok(await tax.ScheduleDAsync(caller, accountId, Year(year), ct));
    }

    private static int Year(string? year) => Query.Int(year, "year") ?? throw new RequestException("year", "is required, such as year=2024");
}
