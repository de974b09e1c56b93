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
        var holders = await HoldersAsync(request, outcomes, ct);
        foreach (var (account, state) in holders) Probe(account, state, request, actionId);

        foreach (var (account, _) in holders)
        {
            try
            {
                var result = await transactions.RecordAsync(account,
                    new RecordTransactionRequest(account.Id, request.Transaction, actionId, request.RequestHash), ct);
                outcomes.Add(new CorporateActionOutcome(account.Id, result.Replayed ? "alreadyApplied" : "applied"));
            }
            catch (Exception e) when (e is LedgerRuleViolation or ConflictException or AccountStateException)
            {
                logger.LogWarning("Corporate action {ActionId} not booked in {AccountId}: {Reason}", actionId, account.Id, e.Message);
                outcomes.Add(new CorporateActionOutcome(account.Id, "failed", e.Message));
            }
        }

        return new CorporateActionReport(actionId,
            outcomes.Count(o => o.Status == "applied"), outcomes.Count(o => o.Status == "alreadyApplied"), outcomes.Count(o => o.Status == "failed"), outcomes);
    }

    /// <summary>
    /// Every account holding the symbol on the effective date, with its state. An account whose stored log cannot be
    /// replayed cannot be booked into either: it is reported as failed.
    /// </summary>
    private async Task<List<(Accounts.Account Account, Ledger.LedgerState State)>> HoldersAsync(
        CorporateActionRequest request, List<CorporateActionOutcome> unreadable, CancellationToken ct)
    {
        var holders = new List<(Accounts.Account, Ledger.LedgerState)>();
        string? continuation = null;
        do
        {
            var page = await accounts.ListAllAsync(continuation, 500, ct);
            foreach (var account in page.Items)
            {
                try
                {
                    var state = await ledgers.LoadAsync(account, ct);
                    if (AccountStateException.Guard(account.Id, () => HeldOn(state.Ledger.Settings, state.BookingOrder(), request.Symbol, request.EffectiveDate)))
                        holders.Add((account, state));
                }
                catch (AccountStateException e)
                {
                    logger.LogWarning("Corporate action cannot read {AccountId}: {Reason}", account.Id, e.Reason);
                    unreadable.Add(new CorporateActionOutcome(account.Id, "failed", e.Message));
                }
            }
            continuation = page.ContinuationToken;
        } while (continuation is not null);
        return holders;
    }

    /// <summary>
    /// Refuses the whole action, before any account books it, when it would take any holder's lots beyond the supported
    /// ranges (or to zero shares). Other refusals (a back-dated action that would invalidate a later sale) stay that
    /// account's failure in the report.
    /// </summary>
    private void Probe(Accounts.Account account, Ledger.LedgerState state, CorporateActionRequest request, string actionId)
    {
        if (state.FindByIdempotencyKey(actionId) is not null) return;
        var transaction = request.Transaction with { Id = Hashing.DeterministicId("tx_", account.Id, actionId) };
        var entry = new Ledger.LedgerEntry(account.Id, state.Version + 1, transaction, clock.GetUtcNow(), actionId, request.RequestHash);
        try { BoundedDecision.Decide(state, entry, out _); }
        catch (LedgerRuleViolation violation) when (IsBoundsViolation(state, entry))
        {
            throw new LedgerRuleViolation(violation.Field, $"in account '{account.Id}': {violation.Reason}");
        }
        catch (LedgerRuleViolation) { }
    }

    /// <summary>Whether booking fails on the supported ranges rather than on an accounting rule: the plain booking succeeds.</summary>
    private static bool IsBoundsViolation(Ledger.LedgerState state, Ledger.LedgerEntry entry)
    {
        try { state.With(entry, out _); }
        catch (LedgerRuleViolation) { return false; }
        catch (ArithmeticException) { return true; }
        return true;
    }

    /// <summary>Refuses a malformed action once, up front, instead of reporting it as failed in every account.</summary>
    private void Validate(CorporateActionRequest request, string actionId)
    {
        var today = MarketClock.Today(clock);
        BoundedDecision.CheckRequest(request.Transaction);
        if (request.EffectiveDate > today)
            throw new LedgerRuleViolation("tradeDate", $"{request.EffectiveDate:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd} in New York)");
        var probe = new AccountLedger(new Domain.Accounts.AccountSettings(Domain.Accounts.AccountType.Taxable, "USD", Domain.Accounts.LotMethod.Fifo, TracksCash: true));
        probe.With(request.Transaction with { Id = actionId }); // checks ratios and prices; nothing is held, so nothing else happens
    }

    private static bool HeldOn(Domain.Accounts.AccountSettings settings, IReadOnlyList<Transaction> log, string symbol, DateOnly date) =>
        AccountLedger.Replay(settings, log.TakeWhile(t => t.TradeDate <= date)).PositionOf(symbol) is not null;
}
