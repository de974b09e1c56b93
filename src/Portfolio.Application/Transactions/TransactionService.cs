using Microsoft.Extensions.Logging;
using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Ledger;
using Portfolio.Application.Orders;
using Portfolio.Application.Ports;
using Portfolio.Domain;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Transactions;

/// <param name="Transaction">The transaction as parsed, its id left empty: the service assigns it (derived from the idempotency key when there is one).</param>
/// <param name="RequestHash">Fingerprint of the request body, to tell a retry from a different request under the same key.</param>
/// <param name="FillingOrderId">Set when the transaction books an order's fill: that order's own reservation is what it spends.</param>
public sealed record RecordTransactionRequest(string AccountId, Transaction Transaction, string? IdempotencyKey, string RequestHash, string? FillingOrderId = null);

/// <param name="Replayed">True when this answers a retry of a request already recorded.</param>
public sealed record RecordTransactionResult(LedgerEntry Entry, IReadOnlyList<RealizedLot> Realized, bool Replayed);

public sealed record TransactionPage(IReadOnlyList<LedgerEntry> Items, int Page, int PageSize, int Total);

/// <summary>
/// The write path: load → decide (the loaded state with the new transaction booked in its place, see
/// <see cref="LedgerState.With(LedgerEntry, out BookingResult)"/>) → append with the next sequence.
/// A concurrent writer that took the sequence first makes this one reload and decide again, so two sells can never
/// both spend the same shares, and nothing is acknowledged before it is stored.
/// </summary>
public sealed class TransactionService(
    IAccountStore accounts, ILedgerStore ledgerStore, LedgerReader reader, TimeProvider clock, ILogger<TransactionService> logger,
    IOrderStore? orders = null)
{
    public const int MaxAttempts = 200;
    public const int MaxPageSize = 500;

    /// <summary>
    /// The earliest trade date accepted. Derived dates (the wash-sale window, a holding-period shift, the day before a
    /// performance period) must stay inside the calendar; an account already holding older dates is still read.
    /// </summary>
    public static readonly DateOnly EarliestTradeDate = SupportedRanges.EarliestDate;

    public async Task<RecordTransactionResult> RecordAsync(Caller caller, RecordTransactionRequest request, CancellationToken ct)
    {
        var account = await accounts.GetOwnedAsync(caller, request.AccountId, ct);
        return await RecordAsync(account, request, ct);
    }

    public async Task<RecordTransactionResult> RecordAsync(Account account, RecordTransactionRequest request, CancellationToken ct)
    {
        using var activity = Operations.PortfolioTelemetry.Application.StartActivity("RecordTransaction");
        activity?.SetTag("portfolio.account_id", account.Id);
        var transaction = request.Transaction with
        {
            Id = request.IdempotencyKey is { } key
                ? Hashing.DeterministicId("tx_", account.Id, key)
                : "tx_" + Guid.CreateVersion7(clock.GetUtcNow()).ToString("N"),
        };
        var today = MarketClock.Today(clock);
        BoundedDecision.CheckRequest(transaction);
        if (transaction.TradeDate > today)
            throw new LedgerRuleViolation("tradeDate", $"{transaction.TradeDate:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd} in New York)");

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            // From the newest checkpoint when the account is cold; a transaction dated before it, from an older one or the whole log.
            var state = await reader.LoadLedgerAsync(account, ct);
            if (request.IdempotencyKey is not null && await EarlierAsync(state, request.IdempotencyKey, ct) is { } earlier)
                // What a retry of a request booked before the checkpoint realized is in the whole history only.
                return Repeat(earlier, request, earlier.Sequence <= state.Version - state.Entries.Count ? await reader.LoadAsync(account, ct) : state);
            if (!state.Covers(transaction.TradeDate)) state = await reader.LoadCoveringAsync(account, transaction.TradeDate, ct);

            var next = BoundedDecision.Decide(state,
                new LedgerEntry(account.Id, state.Version + 1, transaction, clock.GetUtcNow(), request.IdempotencyKey, request.RequestHash), out var booked);
            var entry = next.Entries[^1]; // as booked: every Interval-th entry carries its log prefix hash
            var reserved = await ReservationsAsync(account, transaction, request.FillingOrderId, ct);
            CashFloor.Check(next, transaction, reserved.Cash);
            ReservedShares.Check(next, transaction, reserved);
            switch (await ledgerStore.TryAppendAsync(entry, ct))
            {
                case AppendStatus.Appended:
                    reader.Remember(next);
                    reader.Checkpoint(next);
                    await RefreshHeldSymbolsAsync(account, next, ct);
                    Operations.PortfolioTelemetry.Write("transaction");
                    return new RecordTransactionResult(entry, booked.Realized, false);
                case AppendStatus.SequenceTaken:
                case AppendStatus.IdempotencyKeyTaken:
                    await Task.Delay(Random.Shared.Next(0, Math.Min(20, attempt + 1)), ct);
                    continue;
            }
        }
        throw new ConflictException("account", $"account '{account.Id}' is being written by many clients at once; retry");
    }

    public async Task<TransactionPage> ListAsync(Caller caller, string accountId, int page, int pageSize, CancellationToken ct)
    {
        if (page < 1) throw new InvalidRequestException("page", "must be 1 or more");
        if (pageSize < 1 || pageSize > MaxPageSize) throw new InvalidRequestException("pageSize", $"must be between 1 and {MaxPageSize}");
        var account = await accounts.GetOwnedAsync(caller, accountId, ct);
        var state = await reader.LoadAsync(account, ct);
        var ordered = state.Entries.OrderBy(e => e.Transaction.TradeDate).ToList();
        // In long: page × pageSize can pass int.MaxValue, and a wrapped offset would answer the first page again.
        var offset = (long)(page - 1) * pageSize;
        var items = offset >= ordered.Count ? [] : ordered.Skip((int)offset).Take(pageSize).ToList();
        return new TransactionPage(items, page, pageSize, ordered.Count);
    }

    /// <summary>What pending orders set aside, read only for the transactions that could spend it.</summary>
    private async Task<OrderReservations> ReservationsAsync(Account account, Transaction transaction, string? fillingOrderId, CancellationToken ct)
    {
        if (orders is null) return OrderReservations.None;
        var spends = transaction switch
        {
            Buy or Withdrawal or AccountFee => account.Settings.TracksCash,
            Sell or TransferOut => true,
            _ => false,
        };
        if (!spends) return OrderReservations.None;
        return OrderReservations.Of(await orders.ListByAccountAsync(account.Id, Orders.OrderStatus.Pending, ct), fillingOrderId);
    }

    /// <summary>The entry recorded earlier under this key: in the state, or in the store when the state holds only the log after a checkpoint.</summary>
    private async Task<LedgerEntry?> EarlierAsync(LedgerState state, string idempotencyKey, CancellationToken ct) =>
        state.FindByIdempotencyKey(idempotencyKey)
        ?? (state.IsComplete ? null : await ledgerStore.FindByIdempotencyKeyAsync(state.AccountId, idempotencyKey, ct));

    private static RecordTransactionResult Repeat(LedgerEntry earlier, RecordTransactionRequest request, LedgerState state)
    {
        if (earlier.RequestHash != request.RequestHash)
            throw new ConflictException("Idempotency-Key", "this key was already used for a different request");
        return new RecordTransactionResult(earlier, RealizedBy(state, earlier.Transaction.Id), true);
    }

    private static IReadOnlyList<RealizedLot> RealizedBy(LedgerState state, string transactionId) =>
        state.Ledger.Realized.Where(r => r.TransactionId == transactionId).ToList();

    /// <summary>Best effort: the account's symbol list only steers the price cycle, and the next write or revaluation repairs it.</summary>
    internal async Task RefreshHeldSymbolsAsync(Account account, LedgerState state, CancellationToken ct)
    {
        var held = state.Ledger.Positions.Select(p => p.Symbol).Order(StringComparer.Ordinal).ToList();
        try
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var current = await accounts.GetAsync(account.OwnerId, account.Id, ct);
                if (current is null || current.HeldSymbols.SequenceEqual(held)) return;
                if (await accounts.TryReplaceAsync(current with { Symbols = held }, ct)) return;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not refresh the held symbols of account {AccountId}", account.Id);
        }
    }
}
