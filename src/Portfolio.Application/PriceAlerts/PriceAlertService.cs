using Portfolio.Application.Common;
using Portfolio.Application.Ports;
using Portfolio.Domain;

namespace Portfolio.Application.PriceAlerts;

/// <param name="Symbol">Already validated and upper-cased.</param>
public sealed record CreatePriceAlertRequest(string Symbol, decimal? Above, decimal? Below, decimal? MovePercent, string? IdempotencyKey, string RequestHash);

/// <param name="Created">False when this answers a retry under the same <c>Idempotency-Key</c>.</param>
public sealed record CreatePriceAlertResult(PriceAlert Alert, bool Created);

/// <summary>Creates, lists and deletes the caller's price alerts (see <see cref="PriceAlert"/> for when they fire).</summary>
public sealed class PriceAlertService(IPriceAlertStore store, IPriceStore prices, TimeProvider clock)
{
    public const int MaxAlertsPerUser = 200;
    public const decimal MaxMovePercent = 1000m;

    public async Task<CreatePriceAlertResult> CreateAsync(Caller caller, CreatePriceAlertRequest request, CancellationToken ct)
    {
        var conditions = (request.Above is null ? 0 : 1) + (request.Below is null ? 0 : 1) + (request.MovePercent is null ? 0 : 1);
        if (conditions != 1) throw new InvalidRequestException(request.Above is null && request.Below is null ? "above" : "below",
            "exactly one of above, below and movePercent is required");
        var now = clock.GetUtcNow();
        var id = request.IdempotencyKey is { } key ? Hashing.DeterministicId("pa_", caller.UserId, key) : "pa_" + Guid.CreateVersion7(now).ToString("N");
        if (await store.GetAsync(caller.UserId, id, ct) is { } earlier) return Repeat(earlier, request);

        PriceAlert alert;
        if (request.MovePercent is { } move)
        {
            if (move == 0 || move <= -100 || move > MaxMovePercent)
                throw new InvalidRequestException("movePercent", $"must be non-zero, above -100 and at most {MaxMovePercent}");
            var reference = (await prices.GetLatestAsync(request.Symbol, ct))?.Price
                ?? throw new InvalidRequestException("symbol", $"{request.Symbol} has no price yet, so a move cannot be measured; give above or below");
            // Rounded to 6 decimal places (half to even), trailing zeros dropped; the threshold is stated in the answer.
            var threshold = Math.Round(reference * (1 + move / 100m), 6, MidpointRounding.ToEven) / 1.000000000000000000000000000000000m;
            alert = new PriceAlert(id, caller.UserId, request.Symbol, move > 0 ? PriceAlertDirection.Above : PriceAlertDirection.Below, threshold, now,
                MovePercent: move, ReferencePrice: reference);
        }
        else
        {
            var (direction, threshold, field) = request.Above is { } above ? (PriceAlertDirection.Above, above, "above") : (PriceAlertDirection.Below, request.Below!.Value, "below");
            Quantities.RequirePositive(threshold, field);
            alert = new PriceAlert(id, caller.UserId, request.Symbol, direction, threshold, now);
        }
        if ((await store.ListByUserAsync(caller.UserId, ct)).Count >= MaxAlertsPerUser)
            throw new InvalidRequestException("symbol", $"at most {MaxAlertsPerUser} price alerts per user; delete one first");
        alert = alert with { IdempotencyKey = request.IdempotencyKey, RequestHash = request.RequestHash };
        if (!await store.TryCreateAsync(alert, ct))
            return Repeat(await store.GetAsync(caller.UserId, id, ct)
                ?? throw new ConflictException("Idempotency-Key", "the alert for this key is being created; retry"), request);
        return new CreatePriceAlertResult(await store.GetAsync(caller.UserId, id, ct) ?? alert, true);
    }

    public Task<IReadOnlyList<PriceAlert>> ListAsync(Caller caller, CancellationToken ct) => store.ListByUserAsync(caller.UserId, ct);

    /// <summary>
    /// Deletes the alert: it stops firing at once. Kept as deleted (not listed) until its outbox is relayed, so a firing
    /// already written still reaches the inbox. Deleting it again is the same answer.
    /// </summary>
    public async Task DeleteAsync(Caller caller, string id, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var alert = await store.GetAsync(caller.UserId, id, ct) ?? throw new NotFoundException("price alert", id);
            if (alert.IsDeleted || await store.TryReplaceAsync(alert with { DeletedAt = clock.GetUtcNow() }, ct)) return;
        }
        throw new ConflictException("alertId", "the alert is being changed by many writers at once; retry");
    }

    private static CreatePriceAlertResult Repeat(PriceAlert earlier, CreatePriceAlertRequest request) =>
        earlier.RequestHash == request.RequestHash
            ? new CreatePriceAlertResult(earlier, false)
            : throw new ConflictException("Idempotency-Key", "this key was already used for a different request");
}
