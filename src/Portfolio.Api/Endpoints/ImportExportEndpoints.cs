using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Portfolio.Api.Auth;
using Portfolio.Api.Contracts;
using Portfolio.Api.Http;
using Portfolio.Application.Exports;
using Portfolio.Application.Imports;

namespace Portfolio.Api.Endpoints;

public static class ImportExportEndpoints
{
    /// <summary>Imports a broker's or this product's file into an account.</summary>
    /// <remarks>The file is the body (<c>text/csv</c>, <c>application/xml</c> or <c>application/json</c>), up to
    /// <c>Imports:MaxBytes</c> (50 MiB). Formats: <c>csv</c> (this product's columns, as the CSV export writes them),
    /// <c>schwab</c> (Schwab's transaction history CSV), <c>fidelity</c> (Fidelity's account history CSV),
    /// <c>ibkr-flex</c> (Interactive Brokers' Flex Query XML: trades, cash transactions, splits),
    /// <c>portfolio-performance</c> (Portfolio Performance's CSV export, English or German) and <c>ghostfolio</c>
    /// (Ghostfolio's JSON export). Each broker's action words map to transaction types; a row that cannot be mapped is an
    /// error naming its row, column and value, never skipped. Rows in a currency other than the account's are errors. A dry run answers
    /// what would be booked, in booking order, the rows already booked by an earlier import (duplicates, never booked
    /// twice) and the rows that cannot be booked, naming row, column and value, and changes nothing. A real import books
    /// every valid row at once, or, when any row is invalid, nothing: a 422 whose <c>errors</c> lists them, unless
    /// <c>skipInvalid=true</c>.</remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="format">The file's format: csv, schwab, fidelity, ibkr-flex, portfolio-performance or ghostfolio.</param>
    /// <param name="dryRun">true: only show what would be booked (default false).</param>
    /// <param name="skipInvalid">true: book the valid rows even when others are invalid (default false).</param>
    /// <param name="request">The request, whose body is the file.</param>
    /// <param name="user">The caller.</param>
    /// <param name="imports">The use case.</param>
    /// <param name="options">The size limit.</param>
    /// <param name="ct">Request aborted.</param>
    public static async Task<Ok<ImportResponse>> Import(
        string accountId, [FromQuery] string? format, [FromQuery] string? dryRun, [FromQuery] string? skipInvalid,
        HttpRequest request, ClaimsPrincipal user, ImportService imports, IOptions<ImportOptions> options, CancellationToken ct)
    {
        var caller = Callers.From(user);
        if (string.IsNullOrEmpty(format)) throw new RequestException("format", $"is required: one of {string.Join(", ", imports.Formats)}");
        var dry = Query.Bool(dryRun, "dryRun") ?? false;
        var skip = Query.Bool(skipInvalid, "skipInvalid") ?? false;
        var content = await FileBody.ReadTextAsync(request, options.Value.MaxBytes, ct);
        var result = await imports.ImportAsync(caller, new ImportRequest(accountId, format, content, dry, skip), ct);
        return TypedResults.Ok(ImportResponse.From(result));
    }

    /// <summary>Downloads an account's transactions as a file.</summary>
    /// <remarks><c>csv</c> (<c>text/csv</c>): every transaction in booking order, in the columns the <c>csv</c> import
    /// reads, so importing it into a new account gives identical lots and gains. <c>beancount</c> (<c>text/plain</c>): a
    /// Beancount 2 ledger whose lots, costs (fees included) and dates are ours, opened with the account's booking
    /// method; for FIFO and LIFO accounts Beancount books the sales itself and its realized gains equal ours.
    /// <c>ghostfolio</c> (<c>application/json</c>): Ghostfolio's import shape (meta, accounts, activities). The file is
    /// streamed as it is written, never built whole in memory.</remarks>
    /// <param name="accountId">The account.</param>
    /// <param name="format">csv, beancount or ghostfolio.</param>
    /// <param name="user">The caller.</param>
    /// <param name="exports">The use case.</param>
    /// <param name="ct">Request aborted.</param>
    public static async Task<PushStreamHttpResult> Export(
        string accountId, [FromQuery] string? format, ClaimsPrincipal user, ExportService exports, CancellationToken ct)
    {
        var file = await exports.ExportAsync(Callers.From(user), accountId, format, ct);
        return TypedResults.Stream(async body =>
        {
            await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024);
            foreach (var piece in file.Pieces) await writer.WriteAsync(piece.AsMemory(), ct);
        }, file.ContentType, file.FileName);
    }
}
