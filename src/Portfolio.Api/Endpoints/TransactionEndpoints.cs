using Microsoft.AspNetCore.Http;
using Portfolio.Api.Auth;
using Portfolio.Api.Contracts;
using Portfolio.Api.Http;
using Portfolio.Application.Common;
using Portfolio.Application.Transactions;

namespace Portfolio.Api.Endpoints;

public static class TransactionEndpoints
{
    public const int DefaultPageSize = 100;

    /// <summary>201 with the recorded transaction (and for sales its realized pieces); a retry under the same Idempotency-Key answers 200 with the original.</summary>
    public static Task<IResult> Record(HttpContext http, string accountId) => Problems.Handle(async () =>
    {
        var caller = Callers.From(http);
        var (body, canonical) = await RequestBody.ReadAsync<TransactionBody>(http.Request, http.RequestAborted);
        body.ToTransaction("validation"); // refuse malformed requests before touching the account
        var result = await http.Get<TransactionService>().RecordAsync(caller,
            new RecordTransactionRequest(accountId, body.ToTransaction, http.Request.IdempotencyKey(), Hashing.Fingerprint(canonical)),
            http.RequestAborted);
        var response = TransactionResponse.From(result.Entry, result.Realized);
        return result.Replayed
            ? Results.Ok(response)
            : Results.Created($"/api/accounts/{accountId}/transactions/{result.Entry.Transaction.Id}", response);
    });

    public static Task<IResult> List(HttpContext http, string accountId) => Problems.Handle(async () =>
    {
        var page = await http.Get<TransactionService>().ListAsync(Callers.From(http), accountId,
            Query.Int(http.Request, "page") ?? 1, Query.Int(http.Request, "pageSize") ?? DefaultPageSize, http.RequestAborted);
        return Results.Ok(new TransactionPageResponse(page.Items.Select(e => TransactionResponse.From(e)).ToList(), page.Page, page.PageSize, page.Total));
    });
}
