using Microsoft.Extensions.Logging;
using Portfolio.Application.Common;
using Portfolio.Application.Ports;
using Portfolio.Application.Transactions;
using Portfolio.Domain;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.CorporateActions;

/// <summary>
/// A split, stock dividend or spin-off announced for a symbol: <see cref="Transaction"/> is what each holder books, parsed
/// once, its id left empty (each account's booking gets an id derived from the action).
/// </summary>
public sealed record CorporateActionRequest(string Symbol, Transaction Transaction, string RequestHash)
{
    public DateOnly EffectiveDate => Transaction.TradeDate;
}

public sealed record CorporateActionOutcome(string AccountId, string Status, string? Reason = null);

public sealed record CorporateActionReport(string ActionId, int AccountsApplied, int AlreadyApplied, int Failed, IReadOnlyList<CorporateActionOutcome> Outcomes);

/// <summary>
/// Books a corporate action in every account that holds the symbol on its effective date. Each account records it
/// under an idempotency key derived from the action, so running the same action again (a retry, a second admin)
/// books nothing twice. Returns and lots are recomputed by the replay that booking a back-dated transaction implies.
/// </summary>
public sealed class CorporateActionService(
    IAccountStore accounts, Ledger.LedgerReader ledgers, TransactionService transactions, TimeProvider clock, ILogger<CorporateActionService> logger)
{
    public async Task<CorporateActionReport> ApplyAsync(Caller caller, CorporateActionRequest request, string? idempotencyKey, CancellationToken ct)
    {
        caller.RequireAdmin();
        var actionId = Hashing.DeterministicId("ca_", idempotencyKey ?? request.RequestHash);
        Validate(request, actionId);
        var outcomes = new List<CorporateActionOutcome>();
        string? continuation = null;
        do
        {
            var page = await accounts.ListAllAsync(continuation, 500, ct);
            foreach (var account in page.Items)
            {
                var state = await ledgers.LoadAsync(account, ct);
                if (!HeldOn(state.Ledger.Settings, state.BookingOrder(), request.Symbol, request.EffectiveDate)) continue;
                try
                {
                    var result = await transactions.RecordAsync(account,
                        new RecordTransactionRequest(account.Id, request.Transaction, actionId, request.RequestHash), ct);
                    outcomes.Add(new CorporateActionOutcome(account.Id, result.Replayed ? "alreadyApplied" : "applied"));
                }
                catch (Exception e) when (e is LedgerRuleViolation or ConflictException)
                {
                    logger.LogWarning("Corporate action {ActionId} not booked in {AccountId}: {Reason}", actionId, account.Id, e.Message);
                    outcomes.Add(new CorporateActionOutcome(account.Id, "failed", e.Message));
                }
            }
            continuation = page.ContinuationToken;
        } while (continuation is not null);

        return new CorporateActionReport(actionId,
            outcomes.Count(o => o.Status == "applied"), outcomes.Count(o => o.Status == "alreadyApplied"), outcomes.Count(o => o.Status == "failed"), outcomes);
    }

    /// <summary>Refuses a malformed action once, up front, instead of reporting it as failed in every account.</summary>
    private void Validate(CorporateActionRequest request, string actionId)
    {
        var today = MarketClock.Today(clock);
        if (request.EffectiveDate < TransactionService.EarliestTradeDate)
            throw new LedgerRuleViolation("tradeDate", $"must be {TransactionService.EarliestTradeDate:yyyy-MM-dd} or later");
        if (request.EffectiveDate > today)
            throw new LedgerRuleViolation("tradeDate", $"{request.EffectiveDate:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd} in New York)");
        var probe = new AccountLedger(new Domain.Accounts.AccountSettings(Domain.Accounts.AccountType.Taxable, "USD", Domain.Accounts.LotMethod.Fifo, TracksCash: true));
        probe.With(request.Transaction with { Id = actionId }); // checks ratios and prices; nothing is held, so nothing else happens
    }

    private static bool HeldOn(Domain.Accounts.AccountSettings settings, IReadOnlyList<Transaction> log, string symbol, DateOnly date) =>
        AccountLedger.Replay(settings, log.TakeWhile(t => t.TradeDate <= date)).PositionOf(symbol) is not null;
}
