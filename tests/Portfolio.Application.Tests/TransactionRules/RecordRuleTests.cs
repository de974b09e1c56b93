using Portfolio.Application.Common;
using Portfolio.Application.Transactions;
using Portfolio.Domain;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.TransactionRules;

/// <summary>What recording a transaction answers (its id, the repeat) and refuses (a future date, a reused key).</summary>
public class RecordRuleTests
{
    private static readonly AccountSettings Usd = new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: false);

    [Fact]
    public async Task A_transaction_recorded_without_a_key_gets_tx_and_32_hex_digits_and_one_with_a_key_tx_too()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(Usd);

        var unkeyed = await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 5, 1), "AAPL", 1, 180m));
        var keyed = await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 5, 2), "AAPL", 1, 181m), key: "k-1");

        Assert.Matches("^tx_[0-9a-f]{32}$", unkeyed.Entry.Transaction.Id);
        Assert.StartsWith("tx_", keyed.Entry.Transaction.Id);
        Assert.NotEqual("tx_", keyed.Entry.Transaction.Id);
    }

    [Fact]
    public async Task A_trade_dated_tomorrow_in_New_York_is_refused_saying_both_dates()
    {
        // The harness clock is Monday 3 June 2024, 14:00 in New York.
        await using var app = new Harness();
        var account = await app.AccountAsync(Usd);

        var refused = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 6, 4), "AAPL", 1, 180m)));

        Assert.Equal(("tradeDate", "2024-06-04 is in the future (today is 2024-06-03 in New York)"), (refused.Field, refused.Reason));
    }

    [Fact]
    public async Task A_key_reused_for_a_different_transaction_is_a_conflict_that_says_so_and_books_nothing()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(Usd);
        await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 5, 1), "AAPL", 1, 180m), key: "k-1");

        var conflict = await Assert.ThrowsAsync<ConflictException>(() => app.Get<TransactionService>().RecordAsync(app.Alice,
            new RecordTransactionRequest(account.Id, new Buy("", new DateOnly(2024, 5, 1), "AAPL", 2, 180m), "k-1", "another-hash"), CancellationToken.None));

        Assert.Equal(("Idempotency-Key", "this key was already used for a different request"), (conflict.Field, conflict.Message));
        Assert.Equal(1, (await app.Get<TransactionService>().ListAsync(app.Alice, account.Id, 1, 10, CancellationToken.None)).Total);
    }
}
