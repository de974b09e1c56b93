using Microsoft.Extensions.Logging;
using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Domain;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Transactions;

/// <param name="Transaction">The transaction as parsed, its id left empty: the service assigns it (derived from the idempotency key when there is one).</param>
/// <param name="RequestHash">Fingerprint of the request body, to tell a retry from a different request under the same key.</param>
public sealed record RecordTransactionRequest(string AccountId, Transaction Transaction, string? IdempotencyKey, string RequestHash);

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
    IAccountStore accounts, ILedgerStore ledgerStore, LedgerReader reader, TimeProvider clock, ILogger<TransactionService> logger)
{
    public const int MaxAttempts = 200;
    public const int MaxPageSize = 500;

    /// <summary>
    /// The earliest trade date accepted. Derived dates (the wash-sale window, a holding-period shift, the day before a
    /// performance period) must stay inside the calendar; an account already holding older dates is still read.
    /// </summary>
    public static readonly DateOnly EarliestTradeDate = new(1900, 1, 1);

    public async Task<RecordTransactionResult> RecordAsync(Caller caller, RecordTransactionRequest request, CancellationToken ct)
    {
        var account = await accounts.GetOwnedAsync(caller, request.AccountId, ct);
        return await RecordAsync(account, request, ct);
    }

    public async Task<RecordTransactionResult> RecordAsync(Account account, RecordTransactionRequest request, CancellationToken ct)
    {
        var transaction = request.Transaction with
        {
            Id = request.IdempotencyKey is { } key
                ? Hashing.DeterministicId("tx_", account.Id, key)
                : "tx_" + Guid.CreateVersion7(clock.GetUtcNow()).ToString("N"),
        };
        var today = MarketClock.Today(clock);
        if (transaction.TradeDate < EarliestTradeDate)
            throw new LedgerRuleViolation("tradeDate", $"must be {EarliestTradeDate:yyyy-MM-dd} or later");
        if (transaction.TradeDate > today)
            throw new LedgerRuleViolation("tradeDate", $"{transaction.TradeDate:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd} in New York)");

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var state = await reader.LoadAsync(account, ct);
            if (request.IdempotencyKey is not null && state.FindByIdempotencyKey(request.IdempotencyKey) is { } earlier)
                return Repeat(earlier, request, state);

            var entry = new LedgerEntry(account.Id, state.Version + 1, transaction, clock.GetUtcNow(), request.IdempotencyKey, request.RequestHash);
            var next = state.With(entry, out var booked);
            switch (await ledgerStore.TryAppendAsync(entry, ct))
            {
                case AppendStatus.Appended:
                    reader.Remember(next);
                    reader.Checkpoint(next);
                    await RefreshHeldSymbolsAsync(account, next, ct);
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
        return new TransactionPage(ordered.Skip((page - 1) * pageSize).Take(pageSize).ToList(), page, pageSize, ordered.Count);
    }

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
