using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portfolio.Api.Auth;
using Portfolio.Api.Contracts;
using Portfolio.Api.Http;
using Portfolio.Application.Common;
using Portfolio.Application.Transactions;

namespace Portfolio.Api.Endpoints;

public static class TransactionEndpoints
{
    public const int DefaultPageSize = 100;

    /// <summary>Records a transaction in an account's log.</summary>
    /// <remarks>201 with the recorded transaction (and for sales the realized pieces). A retry under the same
    /// <c>Idempotency-Key</c> answers 200 with the original; the same key with a different body is a 409. A transaction the
    /// accounting rules refuse (an oversell, an unknown lot, a future date) is a 422 naming the field.</remarks>
    public static async Task<Results<Created<TransactionResponse>, Ok<TransactionResponse>>> Record(
        string accountId, JsonBody<TransactionBody> body, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey,
        ClaimsPrincipal user, TransactionService transactions, CancellationToken ct)
    {
        var caller = Callers.From(user);
        var transaction = body.Value.ToTransaction(""); // refuses a malformed request before touching the account; the service assigns the id
        var result = await transactions.RecordAsync(caller,
            new RecordTransactionRequest(accountId, transaction, IdempotencyKeys.Check(idempotencyKey), Hashing.Fingerprint(body.Canonical)),
            ct);
        var response = TransactionResponse.From(result.Entry, result.Realized);
        return result.Replayed
            ? TypedResults.Ok(response)
            : TypedResults.Created($"/api/accounts/{accountId}/transactions/{result.Entry.Transaction.Id}", response);
    }

    /// <summary>A page of an account's transactions, in trade-date order.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="page">Page number, from 1 (default 1).</param>
    /// <param name="pageSize">Transactions per page, 1 to 500 (default 100).</param>
    /// <param name="user">The caller.</param>
    /// <param name="transactions">The use case.</param>
    /// <param name="ct">Request aborted.</param>
    public static async Task<Ok<TransactionPageResponse>> List(
        string accountId, [FromQuery] string? page, [FromQuery] string? pageSize, ClaimsPrincipal user, TransactionService transactions, CancellationToken ct)
    {
        var result = await transactions.ListAsync(Callers.From(user), accountId,
            Query.Int(page, "page") ?? 1, Query.Int(pageSize, "pageSize") ?? DefaultPageSize, ct);
        return TypedResults.Ok(new TransactionPageResponse(result.Items.Select(e => TransactionResponse.From(e)).ToList(), result.Page, result.PageSize, result.Total));
    }
}
